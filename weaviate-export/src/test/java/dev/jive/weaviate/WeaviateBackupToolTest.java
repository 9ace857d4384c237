package dev.jive.weaviate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeaviateBackupToolTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        WeaviateBackupTool.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void exportThenDryRunThenRestoreWithTheKeyFromTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("MY_KEY", "secret-key");
    try (WeaviateTestServer source = WeaviateTestServer.start(0, "secret-key");
        WeaviateTestServer target = WeaviateTestServer.start(0, "secret-key")) {
      WeaviateHttp http =
          new WeaviateHttp(source.url(), "secret-key", 0, java.time.Duration.ZERO, ms -> {});
      http.post(
          "/v1/schema",
          WeaviateHttp.JSON.readTree(
              "{\"class\":\"Doc\",\"properties\":[{\"name\":\"n\",\"dataType\":[\"int\"]}]}"),
          "schema");
      http.post(
          "/v1/batch/objects",
          WeaviateHttp.JSON.readTree(
              "{\"objects\":[{\"class\":\"Doc\",\"id\":\"00000000-0000-0000-0000-000000000001\",\"properties\":{\"n\":1}}]}"),
          "batch");

      Run export =
          run(
              env,
              "export",
              "--weaviate-url",
              source.url(),
              "--api-key-env",
              "MY_KEY",
              "--backup-path",
              dir.toString());
      assertThat(export.code()).isZero();
      assertThat(export.out()).contains("1 objects").doesNotContain("secret-key");
      Path backup;
      try (var list = Files.list(dir)) {
        backup = list.findFirst().orElseThrow();
      }

      Run dry =
          run(
              env,
              "restore",
              "--backup-file",
              backup.toString(),
              "--weaviate-url",
              target.url(),
              "--api-key-env",
              "MY_KEY",
              "--dry-run");
      assertThat(dry.code()).isZero();
      assertThat(dry.out()).contains("would create classes: [Doc]").contains("(would send)");
      assertThat(
              new WeaviateHttp(target.url(), "secret-key", 0, java.time.Duration.ZERO, ms -> {})
                  .get("/v1/schema", "s")
                  .body()
                  .path("classes"))
          .isEmpty();

      Run restore =
          run(
              env,
              "restore",
              "--backup-file",
              backup.toString(),
              "--weaviate-url",
              target.url(),
              "--api-key-env",
              "MY_KEY");
      assertThat(restore.code()).isZero();
      assertThat(restore.out()).contains("created classes: [Doc]");
    }
  }

  @Test
  void usageErrorsExit2AndAKeyOnTheCommandLineIsRefused() {
    assertThat(run(Map.of()).code()).isEqualTo(2);
    Run key = run(Map.of(), "export", "--weaviate-url", "http://127.0.0.1:1", "--api-key", "oops");
    assertThat(key.code()).isEqualTo(2);
    assertThat(key.err()).contains("never taken on the command line").doesNotContain("oops");
    assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(2);
    assertThat(run(Map.of(), "restore", "--weaviate-url", "http://127.0.0.1:1").err())
        .contains("--backup-file: is required");
  }

  @Test
  void anUnreachableServerExits1WithTheUrl() {
    Run r =
        run(
            Map.of(),
            "export",
            "--weaviate-url",
            "http://127.0.0.1:1",
            "--backup-path",
            dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("127.0.0.1:1");
  }
}
