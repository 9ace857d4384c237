package dev.jive.bench;

import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * {@code jive-bench}: the benchmarks, run by {@code scripts/jive-bench} (and {@code
 * scripts/jive-migrate bench}) from this module's jar and class path, so that Lucene and the
 * benchmark code stay out of what users install. Exit codes as the CLI's: 0 ok, 1 a suite failed, 2
 * usage.
 */
public final class JiveBench {
  private JiveBench() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println(
                  "error: "
                      + (e instanceof JiveException
                          ? e.getMessage()
                          : e.getClass().getSimpleName() + ": " + e.getMessage()));
          return e instanceof InvalidInputException ? 2 : 1;
        });
    return cli.execute(args);
  }
}
