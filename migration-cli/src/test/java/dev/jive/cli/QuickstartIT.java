package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.cli.CliTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, on the real jar in a child process, run twice. */
class QuickstartIT {
  @TempDir Path workDir;

  @Test
  void quickstartMigratesValidatesAndSearchesTheSampleAndCanRunTwice() throws Exception {
    Run first = CliTestSupport.jar(workDir, "quickstart");
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

    Run second = CliTestSupport.jar(workDir, "quickstart");
    assertThat(second.code()).as(second.out()).isZero();
    assertThat(second.out()).contains("already present, skipped: {WorkItem=271, ExecutionLog=150}");

    Run search =
        CliTestSupport.jar(
            workDir, "search", "--query", "password reset", "--limit", "1", "--json");
    assertThat(search.code()).isZero();
    assertThat(search.out()).contains("\"title\":\"Password reset\"");

    Run bad = CliTestSupport.jar(workDir, "search", "--query", "x", "--type", "fuzzy");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).contains("search_type: unknown value 'fuzzy'");
  }
}
