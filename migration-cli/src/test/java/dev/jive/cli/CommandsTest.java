package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.post;
import static dev.jive.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate from a live (test) Weaviate, rollback, backup, restore and setup, through the CLI. */
class CommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** An MCP Jive-shaped WorkItem class with 30 items (384-d vectors) and their parent epic. */
  private static void populate(WeaviateTestServer server) throws Exception {
    post(
        server.url(),
        "/v1/schema",
        ("{\"class\":\"WorkItem\",\"properties\":[{\"name\":\"title\",\"dataType\":[\"text\"]},{\"name\":\"item_type\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"status\",\"dataType\":[\"text\"]},{\"name\":\"parent_id\",\"dataType\":[\"text\"]},{\"name\":\"progress\",\"dataType\":[\"number\"]}]}"));
    Random r = new Random(5);
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode objects = batch.putArray("objects");
    String epic = new UUID(r.nextLong(), r.nextLong()).toString();
    for (int i = 0; i < 31; i++) {
      ObjectNode o = objects.addObject();
      o.put("class", "WorkItem");
      o.put("id", i == 0 ? epic : new UUID(r.nextLong(), r.nextLong()).toString());
      ObjectNode p = o.putObject("properties");
      p.put("title", i == 0 ? "Payments epic" : "Payment task " + i);
      p.put("item_type", i == 0 ? "epic" : "task");
      p.put("status", i % 3 == 0 ? "completed" : "not_started");
      if (i > 0) {
        p.put("parent_id", epic);
      }
      p.put("progress", 0.0);
    }
    // Vectors from the model the old system used, as real MCP Jive data carries them.
    try (dev.jive.core.embedding.Embedder model =
        dev.jive.lancedb.embedding.SentenceEmbedders.load("all-MiniLM-L6-v2")) {
      for (com.fasterxml.jackson.databind.JsonNode o : objects) {
        ArrayNode v = ((ObjectNode) o).putArray("vector");
        for (float x : model.embed(o.path("properties").path("title").asText())) {
          v.add(x);
        }
      }
    }
    post(server.url(), "/v1/batch/objects", JSON.writeValueAsString(batch));
  }

  @Test
  void benchInThisJarSaysWhereTheBenchmarksAreAndExitsWithUsage() {
    Run r = run("bench", "--suite", "writes", "--rows", "1000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("not part of jive-migrate.jar")
        .contains("scripts/jive-bench --suite writes --rows 1000");
  }

  @Test
  void migrateFromALiveSourceThenRollbackBackupRestoreAndSetup() throws Exception {
    String data = dir.resolve("data").toString();
    String backups = dir.resolve("backups").toString();
    try (WeaviateTestServer source = WeaviateTestServer.start(0, null);
        WeaviateTestServer target = WeaviateTestServer.start(0, null)) {
      populate(source);
      Run migrate =
          run(
              "migrate",
              "--weaviate-url",
              source.url(),
              "--data-path",
              data,
              "--backup-path",
              backups);
      assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
      assertThat(migrate.out()).contains("written: {WorkItem=31}").contains("31 vectors kept");
      Path backup;
      try (var list = Files.list(Path.of(backups))) {
        backup =
            list.filter(p -> p.getFileName().toString().startsWith("weaviate_backup_"))
                .findFirst()
                .orElseThrow();
      }

      Run again = run("migrate", "--from-backup", backup.toString(), "--data-path", data);
      assertThat(again.code()).isZero();
      assertThat(again.out())
          .contains("tagged 'pre-migration'")
          .contains("already present, skipped: {WorkItem=31}");

      Run validate =
          run(
              "validate",
              "--data-path",
              data,
              "--compare-backup",
              backup.toString(),
              "--full-validation",
              "--benchmark",
              "--json",
              dir.resolve("validation.json").toString());
      assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
      assertThat(validate.out())
          .contains("ok     counts: 1 table(s) and tenant(s) hold what the backup holds")
          .contains("ok     objects: every one of 31 work item(s) compared, of 31 in the backup")
          .contains("ok     crud")
          .contains("ok     benchmark hybrid: p50")
          .contains("all checks passed");
      assertThat(Files.readString(dir.resolve("validation.json"))).contains("\"passed\" : true");
      assertThat(Files.exists(Path.of(data, "namespaces"))).isTrue();
      try (var scratch = Files.list(Path.of(data, "namespaces"))) {
        assertThat(scratch).isEmpty();
      }

      Run versions = run("versions", "--data-path", data, "--tagged");
      assertThat(versions.code()).as(versions.err()).isZero();
      assertThat(versions.out()).contains("WorkItem (").contains("pre-migration");
      Run versionsJson = run("versions", "--data-path", data, "--json");
      assertThat(JSON.readTree(versionsJson.out()).path("tables").path("WorkItem").isArray())
          .isTrue();

      Run verified = run("backup", "verify", backup.toString());
      assertThat(verified.code()).as(verified.err()).isZero();
      assertThat(verified.out())
          .contains("format jive-weaviate-backup version 1")
          .contains("31 objects")
          .contains("verified: every file matches its checksum and object count");
      Path damaged = dir.resolve("damaged");
      copyTree(backup, damaged);
      try (var files = Files.walk(damaged)) {
        Path data0 = files.filter(f -> f.toString().endsWith(".gz")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(data0);
        Files.write(data0, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      }
      Run broken = run("backup", "verify", damaged.toString());
      assertThat(broken.code()).isEqualTo(3);
      assertThat(broken.err()).contains("is not whole").contains(".gz");
      assertThat(run("backup", "verify", dir.resolve("nowhere").toString()).code()).isEqualTo(2);

      Run rollback = run("rollback", "--data-path", data, "--to-tag", "pre-migration");
      assertThat(rollback.code()).as(rollback.out() + rollback.err()).isZero();
      assertThat(rollback.out()).contains("WorkItem: restored tag 'pre-migration'");
      assertThat(run("rollback", "--data-path", data, "--to-tag", "no-such-tag").code())
          .isEqualTo(2);

      Run health = run("health", "--data-path", data, "--json");
      assertThat(health.code()).isZero();
      assertThat(health.out()).contains("\"rows\" : 31");

      Run dry =
          run(
              "restore",
              "--backup-file",
              backup.toString(),
              "--weaviate-url",
              target.url(),
              "--dry-run");
      assertThat(dry.code()).isZero();
      assertThat(dry.out()).contains("would create classes: [WorkItem]");
      Run restore =
          run("restore", "--backup-file", backup.toString(), "--weaviate-url", target.url());
      assertThat(restore.code()).as(restore.err()).isZero();
      Run backupAgain =
          run(
              "backup",
              "--weaviate-url",
              target.url(),
              "--backup-path",
              dir.resolve("second").toString());
      assertThat(backupAgain.code()).isZero();
      assertThat(backupAgain.out()).contains("WorkItem").contains("31 objects");

      assertThat(run("migrate", "--data-path", data).code()).isEqualTo(2);

      // A data path that does not exist is a usage error for every read command, and stays absent.
      Path missing = dir.resolve("missing");
      for (String[] command :
          new String[][] {
            {"validate", "--compare-backup", backup.toString()},
            {"compare-counts", "--backup-file", backup.toString()},
            {"health"},
            {"search", "--query", "payment"}
          }) {
        String[] args = java.util.Arrays.copyOf(command, command.length + 2);
        args[command.length] = "--data-path";
        args[command.length + 1] = missing.toString();
        Run r = run(args);
        assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("no store at " + missing);
        assertThat(missing).as(command[0] + " creates nothing").doesNotExist();
      }

      // A store that lacks what the backup holds fails validation with exit 3.
      Files.createDirectories(dir.resolve("empty"));
      Run empty =
          run(
              "validate",
              "--data-path",
              dir.resolve("empty").toString(),
              "--compare-backup",
              backup.toString());
      assertThat(empty.code()).isEqualTo(3);
      assertThat(empty.out())
          .contains("FAILED counts: counts differ: WorkItem (from WorkItem): expected 31, found 0")
          .contains("FAILED objects: a sample of");
    }
    Run setup = run("setup", "--data-path", dir.resolve("fresh").toString(), "--skip-models");
    assertThat(setup.code()).as(setup.out() + setup.err()).isZero();
    assertThat(setup.out()).contains("tables: created where missing").contains("WorkItem");
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
