package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.core.WorkItem;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's run at 20,000 objects on the real jar, from a live (test) Weaviate whose vectors
 * come from the store's model: an uninterrupted jive migration passes {@code validate
 * --full-validation}; the same migration killed with SIGKILL early, midway and late, refused
 * without --resume and finished with it, ends with every item's checksum equal to the uninterrupted
 * run's; counts compared; the JSON report read from the backup folder; the generic profile migrates
 * the same source.
 */
class LargeMigrationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITEMS = 20_000;
  @TempDir Path work;

  /** The source's vectors come from the store's own model, as a real MCP Jive's do. */
  private static void populate(String url) throws Exception {
    post(
        url,
        "/v1/schema",
        "{\"class\":\"WorkItem\",\"properties\":[{\"name\":\"title\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"description\",\"dataType\":[\"text\"]},{\"name\":\"item_type\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"status\",\"dataType\":[\"text\"]},{\"name\":\"parent_id\",\"dataType\":[\"text\"]}]}");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      texts.add("Item " + i + " Migrated item " + i);
    }
    List<float[]> vectors;
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2")) {
      vectors = model.embedAll(texts);
    }
    for (int from = 0; from < ITEMS; from += 1000) {
      StringBuilder b = new StringBuilder("{\"objects\":[");
      for (int i = from; i < from + 1000; i++) {
        String id = String.format("00000000-0000-0000-0000-%012d", i);
        String epic = String.format("00000000-0000-0000-0000-%012d", i - i % 20);
        StringBuilder v = new StringBuilder("[");
        float[] vector = vectors.get(i);
        for (int d = 0; d < vector.length; d++) {
          v.append(d == 0 ? "" : ",").append(vector[d]);
        }
        b.append(i == from ? "" : ",")
            .append("{\"class\":\"WorkItem\",\"id\":\"")
            .append(id)
            .append("\",\"vector\":")
            .append(v)
            .append("],\"properties\":{\"title\":\"Item ")
            .append(i)
            .append("\",\"description\":\"Migrated item ")
            .append(i)
            .append("\",\"item_type\":\"")
            .append(i % 20 == 0 ? "epic" : "task")
            .append("\",\"status\":\"not_started\"")
            .append(i % 20 == 0 ? "" : ",\"parent_id\":\"" + epic + "\"")
            .append("}}");
      }
      post(url, "/v1/batch/objects", b.append("]}").toString());
    }
  }

  @Test
  void twentyThousandObjectsKilledAtThreePointsResumeToTheUninterruptedRunsChecksums()
      throws Exception {
    try (WeaviateTestServer source = WeaviateTestServer.start(0, null)) {
      populate(source.url());
      Path backups = work.resolve("backups");
      Run backup =
          CliTestSupport.jar(
              work, "backup", "--weaviate-url", source.url(), "--backup-path", backups.toString());
      assertThat(backup.code()).as(backup.out()).isZero();
      Path folder;
      try (Stream<Path> s = Files.list(backups)) {
        folder =
            s.filter(p -> p.getFileName().toString().startsWith("weaviate_backup_"))
                .findFirst()
                .orElseThrow();
      }

      Run reference =
          CliTestSupport.jar(
              work, "migrate", "--from-backup", folder.toString(), "--data-path", "reference");
      assertThat(reference.code()).as(reference.out()).isZero();
      Map<String, String> expected = checksums(work.resolve("reference"));
      assertThat(expected).hasSize(ITEMS);
      Run validated =
          CliTestSupport.jar(
              work,
              "validate",
              "--data-path",
              "reference",
              "--compare-backup",
              folder.toString(),
              "--full-validation");
      assertThat(validated.code()).as(validated.out()).isZero();
      assertThat(validated.out()).contains("all checks passed");

      // Early (after the first batch of 1,000), midway and late; progress lines come per tenth.
      for (int killAt : new int[] {1_000, 10_000, 18_000}) {
        String data = "killed-at-" + killAt;
        String seen = migrateAndKill(folder, data, killAt);
        assertThat(seen).as("killed after %d written", killAt).isNotNull();
        if (killAt == 1_000) {
          Run partial =
              CliTestSupport.jar(
                  work, "compare-counts", "--backup-file", folder.toString(), "--data-path", data);
          assertThat(partial.code()).as(partial.out()).isEqualTo(3);
          Run refused =
              CliTestSupport.jar(
                  work, "migrate", "--from-backup", folder.toString(), "--data-path", data);
          assertThat(refused.code()).as(refused.out()).isEqualTo(1);
          assertThat(refused.out()).contains("--resume");
        }
        Run resumed =
            CliTestSupport.jar(
                work,
                "migrate",
                "--from-backup",
                folder.toString(),
                "--data-path",
                data,
                "--resume");
        assertThat(resumed.code()).as(resumed.out()).isZero();
        assertThat(checksums(work.resolve(data)))
            .as("killed after %d written, then resumed", killAt)
            .isEqualTo(expected);
      }
      Run counts =
          CliTestSupport.jar(
              work,
              "compare-counts",
              "--backup-file",
              folder.toString(),
              "--data-path",
              "killed-at-10000");
      assertThat(counts.code()).as(counts.out()).isZero();
      assertThat(counts.out())
          .contains("WorkItem")
          .contains(String.valueOf(ITEMS))
          .contains("counts match");

      JsonNode report;
      try (Stream<Path> s = Files.list(folder)) {
        Path file =
            s.filter(f -> f.getFileName().toString().startsWith("migration_report_"))
                .sorted()
                .reduce((a, b) -> b)
                .orElseThrow();
        report = JSON.readTree(file.toFile());
      }
      assertThat(report.path("format").asText()).isEqualTo("jive-migration-report");
      long written = report.path("tables").path("WorkItem").path("written").asLong();
      long skipped = report.path("tables").path("WorkItem").path("skipped_present").asLong();
      assertThat(written + skipped).isEqualTo(ITEMS);
      assertThat(skipped).isPositive();

      Run generic =
          CliTestSupport.jar(
              work,
              "migrate",
              "--from-backup",
              folder.toString(),
              "--data-path",
              "generic",
              "--profile",
              "generic");
      assertThat(generic.code()).as(generic.out()).isZero();
      assertThat(generic.out()).contains("written: {WorkItem=" + ITEMS + "}");
      Run genericCounts =
          CliTestSupport.jar(
              work, "compare-counts", "--backup-file", folder.toString(), "--data-path", "generic");
      assertThat(genericCounts.code()).as(genericCounts.out()).isZero();
    }
  }

  /** Runs migrate on the jar and kills it with SIGKILL once it reports {@code written} rows. */
  private String migrateAndKill(Path backup, String data, int written) throws Exception {
    Process p =
        new ProcessBuilder(
                CliTestSupport.jarCommand(
                    "migrate", "--from-backup", backup.toString(), "--data-path", data))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String seen = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("wrote WorkItem:")
            && Integer.parseInt(line.split("[: /]+")[2]) >= written) {
          seen = line;
          p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
          break;
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return seen;
  }

  /**
   * Every work item's checksum, by id: all its fields and its vector, except the two timestamps a
   * write stamps when the source has none (the source here has none).
   */
  private static Map<String, String> checksums(Path data) throws Exception {
    Map<String, String> out = new HashMap<>();
    try (LanceDBManager db =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (WorkItem w : db.allWorkItemsWithVectors()) {
        String fields =
            w.toBuilder().vector(null).createdAt(null).updatedAt(null).build().toString()
                + java.util.Arrays.toString(w.vector());
        out.put(
            w.id(), HexFormat.of().formatHex(sha.digest(fields.getBytes(StandardCharsets.UTF_8))));
      }
    }
    return out;
  }
}
