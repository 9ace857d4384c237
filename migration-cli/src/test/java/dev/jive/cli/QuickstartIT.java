package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, on the real jar in a child process, run twice. */
class QuickstartIT {
  @TempDir Path workDir;

  private record Run(int code, String out) {}

  private Run jiveMigrate(String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target", "jive-migrate.jar").toAbsolutePath();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void quickstartMigratesValidatesAndSearchesTheSampleAndCanRunTwice() throws Exception {
    Run first = jiveMigrate("quickstart");
    assertThat(first.code()).as(first.out()).isZero();
    assertThat(first.out())
        .contains(
            "written: {ArchitectureMemory=4, TroubleshootMemory=3, WorkItem=271, ExecutionLog=150}")
        .contains("271 vectors kept")
        .contains("ok     work items: 271 stored, 271 in the sample")
        .contains("ok     self-retrieval: 20 of 20")
        .contains("search (hybrid): \"login page authentication\"")
        .contains("User authentication");
    assertThat(Files.isDirectory(workDir.resolve("data/lancedb/WorkItem.lance"))).isTrue();

    Run second = jiveMigrate("quickstart");
    assertThat(second.code()).as(second.out()).isZero();
    assertThat(second.out()).contains("already present, skipped: {WorkItem=271, ExecutionLog=150}");

    Run search = jiveMigrate("search", "--query", "password reset", "--limit", "1", "--json");
    assertThat(search.code()).isZero();
    assertThat(search.out()).contains("\"title\":\"Password reset\"");

    Run bad = jiveMigrate("search", "--query", "x", "--type", "fuzzy");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).contains("search_type: unknown value 'fuzzy'");
  }
}
