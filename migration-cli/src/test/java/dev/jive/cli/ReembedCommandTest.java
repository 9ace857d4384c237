package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.cli.CliTestSupport.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jive-migrate reembed}: the sample project moved from MiniLM (384) to bge-small-zh (512).
 */
class ReembedCommandTest {
  @TempDir Path dir;

  @Test
  void reembedMovesTheSampleToA512DimensionModelAndLaterCommandsUseIt() {
    String data = dir.resolve("data").toString();
    Run quick = run("quickstart", "--data-path", data);
    assertThat(quick.code()).as(quick.err()).isZero();

    Run dry = run("reembed", "--model", "bge-small-zh-v1.5", "--data-path", data, "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("dry run, nothing changed")
        .contains("271 rows")
        .contains("(384 dims) -> bge-small-zh-v1.5 (512 dims)");

    Run real = run("reembed", "--model", "bge-small-zh-v1.5", "--data-path", data);
    assertThat(real.code()).as(real.err()).isZero();
    assertThat(real.out())
        .contains("re-embedded WorkItem: 271 rows")
        .contains("  verified: row count unchanged, every vector 512 dims, self-retrieval")
        .contains("every table's previous version is tagged pre-reembed-")
        .contains("jive-migrate reembed --rollback --data-path");
    Run health = run("health", "--data-path", data);
    assertThat(health.code()).as(health.out() + health.err()).isZero();

    // No model configured: the store takes the one the table now records.
    Run search =
        run("search", "--data-path", data, "--query", "password reset", "--type", "semantic");
    assertThat(search.code()).as(search.err()).isZero();
    // A model chosen explicitly that does not match is the clear error.
    Run mismatch =
        run(
            "search",
            "--data-path",
            data,
            "--query",
            "password reset",
            "--model",
            "all-MiniLM-L6-v2");
    assertThat(mismatch.code()).isEqualTo(JiveMigrate.FAILURE);
    assertThat(mismatch.err()).contains("bge-small-zh-v1.5").contains("reembed");

    Run rollback = run("reembed", "--rollback", "--data-path", data, "--json");
    assertThat(rollback.code()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("\"restored\"").contains("\"WorkItem\"");
    Run again = run("reembed", "--rollback", "--data-path", data);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("rolled back WorkItem");
    Run miniLm =
        run("search", "--data-path", data, "--query", "password reset", "--type", "semantic");
    assertThat(miniLm.code()).as(miniLm.err()).isZero();
    assertThat(run("health", "--data-path", data).out()).contains("(model all-MiniLM-L6-v2)");

    Run neither = run("reembed", "--data-path", data);
    assertThat(neither.code()).isEqualTo(JiveMigrate.USAGE);
    assertThat(neither.err()).contains("--model M").contains("--rollback");

    Run unknown =
        run("reembed", "--table", "Nope", "--model", "bge-small-zh-v1.5", "--data-path", data);
    assertThat(unknown.code()).isEqualTo(JiveMigrate.FAILURE);
    assertThat(unknown.err()).contains("no table named Nope");
  }
}
