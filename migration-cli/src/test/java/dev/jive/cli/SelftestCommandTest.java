package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code selftest}: every check passes on this build; a bad test type is a usage error. */
class SelftestCommandTest {
  @Test
  void everyCheckPassesOnThisBuild() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        JiveMigrate.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "selftest",
            "--test-type",
            "all");
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("ok     embedding")
        .contains("ok     hierarchy")
        .contains("ok     filters")
        .contains("ok     migration: 271 of the sample's 271")
        .contains("ok     round trip")
        .contains("ok     search: hybrid p50")
        .contains("selftest passed")
        .doesNotContain("FAILED");
    assertThat(
            JiveMigrate.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "selftest",
                "--test-type",
                "fuzz"))
        .isEqualTo(JiveMigrate.USAGE);
  }
}
