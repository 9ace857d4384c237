package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench}: the benchmarks are a module of their own (with Lucene, their peer), not part of
 * this tool; this command says where they are instead of failing as an unknown command.
 */
@Command(
    name = "bench",
    description =
        "The benchmarks: run scripts/jive-bench (or scripts/jive-migrate bench) from a source"
            + " checkout; they are not part of this jar.")
final class BenchElsewhereCommand implements Callable<Integer> {
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    throw new InvalidInputException(
        "bench",
        "the benchmarks are not part of jive-migrate.jar: from a source checkout run"
            + " scripts/jive-bench "
            + String.join(" ", arguments == null ? List.of() : arguments)
            + " (scripts/jive-migrate bench does the same)");
  }
}
