package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's run at 20,000 objects on the real jar: a live (test) Weaviate holding an MCP Jive
 * WorkItem class and a non-Jive class, migrated with each profile; the jive migration is killed
 * with kill -9 part-way, refused without --resume, finished with it; counts compared; the JSON
 * report read from the backup folder.
 */
class LargeMigrationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITEMS = 20_000;
  @TempDir Path work;

  private static void populate(String url) throws Exception {
    post(
        url,
        "/v1/schema",
        "{\"class\":\"WorkItem\",\"properties\":[{\"name\":\"title\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"description\",\"dataType\":[\"text\"]},{\"name\":\"item_type\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"status\",\"dataType\":[\"text\"]},{\"name\":\"parent_id\",\"dataType\":[\"text\"]}]}");
    Random random = new Random(11);
    for (int from = 0; from < ITEMS; from += 1000) {
      StringBuilder b = new StringBuilder("{\"objects\":[");
      for (int i = from; i < from + 1000; i++) {
        String id = String.format("00000000-0000-0000-0000-%012d", i);
        String epic = String.format("00000000-0000-0000-0000-%012d", i - i % 20);
        StringBuilder v = new StringBuilder("[");
        for (int d = 0; d < 384; d++) {
          v.append(d == 0 ? "" : ",").append((float) random.nextGaussian());
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
  void twentyThousandObjectsKilledResumedAndCounted() throws Exception {
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

      Process p =
          new ProcessBuilder(
                  CliTestSupport.jarCommand(
                      "migrate", "--from-backup", folder.toString(), "--data-path", "jive"))
              .directory(work.toFile())
              .redirectErrorStream(true)
              .start();
      String seen = null;
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("wrote WorkItem:")) {
            seen = line;
            p.destroyForcibly();
            break;
          }
        }
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).isNotNull();

      Run partial =
          CliTestSupport.jar(
              work, "compare-counts", "--backup-file", folder.toString(), "--data-path", "jive");
      assertThat(partial.code()).as(partial.out()).isEqualTo(3);
      Run refused =
          CliTestSupport.jar(
              work, "migrate", "--from-backup", folder.toString(), "--data-path", "jive");
      assertThat(refused.code()).as(refused.out()).isEqualTo(1);
      assertThat(refused.out()).contains("--resume");
      Run resumed =
          CliTestSupport.jar(
              work,
              "migrate",
              "--from-backup",
              folder.toString(),
              "--data-path",
              "jive",
              "--resume");
      assertThat(resumed.code()).as(resumed.out()).isZero();
      Run counts =
          CliTestSupport.jar(
              work, "compare-counts", "--backup-file", folder.toString(), "--data-path", "jive");
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
    }
  }
}
