package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.post;
import static dev.jive.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic profile: any Weaviate classes into tables of the same name, typed by dataType. */
class GenericProfileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A1 = "10000000-0000-0000-0000-000000000001";
  private static final String A2 = "10000000-0000-0000-0000-000000000002";
  private static final String AUTHOR = "20000000-0000-0000-0000-000000000001";
  private static final String NOTE = "30000000-0000-0000-0000-000000000001";
  @TempDir Path dir;

  private static void populate(String url) throws Exception {
    post(
        url,
        "/v1/schema",
        "{\"class\":\"Author\",\"properties\":[{\"name\":\"name\",\"dataType\":[\"text\"]}]}");
    post(
        url,
        "/v1/schema",
        "{\"class\":\"Article\",\"properties\":["
            + "{\"name\":\"title\",\"dataType\":[\"text\"]},{\"name\":\"views\",\"dataType\":[\"int\"]},"
            + "{\"name\":\"rating\",\"dataType\":[\"number\"]},{\"name\":\"published\",\"dataType\":[\"boolean\"]},"
            + "{\"name\":\"publishedAt\",\"dataType\":[\"date\"]},{\"name\":\"tags\",\"dataType\":[\"text[]\"]},"
            + "{\"name\":\"scores\",\"dataType\":[\"number[]\"]},{\"name\":\"meta\",\"dataType\":[\"object\"],"
            + "\"nestedProperties\":[{\"name\":\"k\",\"dataType\":[\"text\"]}]},"
            + "{\"name\":\"author\",\"dataType\":[\"Author\"]}]}");
    post(
        url,
        "/v1/schema",
        "{\"class\":\"Note\",\"multiTenancyConfig\":{\"enabled\":true},"
            + "\"vectorConfig\":{\"body\":{\"vectorizer\":{\"none\":{}},\"vectorIndexType\":\"hnsw\"}},"
            + "\"properties\":[{\"name\":\"text\",\"dataType\":[\"text\"]}]}");
    post(url, "/v1/schema/Note/tenants", "[{\"name\":\"alpha\"},{\"name\":\"beta\"}]");
    post(
        url,
        "/v1/batch/objects",
        "{\"objects\":["
            + "{\"class\":\"Author\",\"id\":\""
            + AUTHOR
            + "\",\"properties\":{\"name\":\"Ada\"}},"
            + "{\"class\":\"Article\",\"id\":\""
            + A1
            + "\",\"vector\":[0.1,0.2,0.3],\"properties\":{\"title\":\"First\",\"views\":42,"
            + "\"rating\":4.5,\"published\":true,\"publishedAt\":\"2024-05-01T10:00:00Z\",\"tags\":[\"a\",\"b\"],"
            + "\"scores\":[1.5,2.5],\"meta\":{\"k\":\"v\"},\"author\":[{\"beacon\":\"weaviate://localhost/Author/"
            + AUTHOR
            + "\"}]}},"
            + "{\"class\":\"Article\",\"id\":\""
            + A2
            + "\",\"vector\":[0.3,0.2,0.1],\"properties\":{\"title\":\"Second\",\"views\":7}},"
            // The same id in two tenants: two rows, told apart by the tenant column.
            + "{\"class\":\"Note\",\"tenant\":\"alpha\",\"id\":\""
            + NOTE
            + "\",\"vectors\":{\"body\":[1,0,0,0]},\"properties\":{\"text\":\"alpha note\"}},"
            + "{\"class\":\"Note\",\"tenant\":\"beta\",\"id\":\""
            + NOTE
            + "\",\"vectors\":{\"body\":[0,1,0,0]},\"properties\":{\"text\":\"beta note\"}}"
            + "]}");
  }

  private static Path backupIn(Path folder) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
      return files
          .filter(f -> f.getFileName().toString().equals("manifest.json"))
          .findFirst()
          .orElseThrow()
          .getParent();
    }
  }

  /** compare-counts and validate pass on the whole store and fail on one tenant's missing row. */
  private static void countsAreComparedPerClassAndTenant(String data, Path backup) {
    Run same = run("compare-counts", "--data-path", data, "--backup-file", backup.toString());
    assertThat(same.code()).as(same.out() + same.err()).isZero();
    assertThat(same.out())
        .contains("profile: generic")
        .containsPattern("Note +alpha .* 1 +1 +ok")
        .containsPattern("Note +beta .* 1 +1 +ok")
        .contains("counts match: 4 table(s) compared");
    try (LanceDBManager db = LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data))) {
      db.deleteRows("Note", dev.jive.core.search.Filter.eq("tenant", "beta"));
    }
    Run differs = run("compare-counts", "--data-path", data, "--backup-file", backup.toString());
    assertThat(differs.code()).isEqualTo(3);
    assertThat(differs.err())
        .contains("counts differ: Note tenant beta (from Note): expected 1, found 0");
    Run validate = run("validate", "--data-path", data, "--compare-backup", backup.toString());
    assertThat(validate.code()).isEqualTo(3);
    assertThat(validate.out()).contains("FAILED counts: counts differ: Note tenant beta");
    Run jive =
        run(
            "compare-counts",
            "--data-path",
            data,
            "--backup-file",
            backup.toString(),
            "--profile",
            "jive");
    assertThat(jive.code()).as("the jive profile compares nothing here").isEqualTo(3);
    assertThat(jive.err()).contains("nothing was compared").contains("--profile generic");
  }

  @Test
  void everyClassBecomesATypedTableWithTenantsAndNamedVectors() throws Exception {
    String data = dir.resolve("data").toString();
    try (WeaviateTestServer source = WeaviateTestServer.start(0, null)) {
      populate(source.url());
      Path dryBackups = dir.resolve("dry-backups");
      Run dry =
          run(
              "migrate",
              "--weaviate-url",
              source.url(),
              "--data-path",
              data,
              "--backup-path",
              dryBackups.toString(),
              "--dry-run");
      assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
      assertThat(dry.out()).contains("profile: generic").contains("Article=2").contains("Note=2");
      assertThat(Path.of(data)).doesNotExist();
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dryBackups)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("the dry run's backup and report stay under --backup-path")
            .anyMatch(n -> n.endsWith("_dry_run.json"));
      }
      assertThat(dry.out()).contains("report: " + dryBackups);

      Run real =
          run(
              "migrate",
              "--weaviate-url",
              source.url(),
              "--data-path",
              data,
              "--backup-path",
              dir.resolve("backups").toString());
      assertThat(real.code()).as(real.out() + real.err()).isZero();
      assertThat(real.out()).contains("written: {Author=1, Article=2, Note=2}");
      Run again =
          run("migrate", "--weaviate-url", source.url(), "--data-path", data, "--no-backup");
      assertThat(again.code()).as(again.out() + again.err()).isZero();
      assertThat(again.out())
          .as("a repeated run says it found everything there")
          .contains("written: {Author=0, Article=0, Note=0}")
          .contains("already present, skipped: {Author=1, Article=2, Note=2}");
    }
    try (LanceDBManager db = LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data))) {
      assertThat(db.countRows("Article", null)).isEqualTo(2);
      assertThat(db.countRows("Note", null)).isEqualTo(2);
      Schema article = db.tableSchema("Article");
      assertThat(article.findField("views").getType().toString()).isEqualTo("Int(64, true)");
      assertThat(article.findField("rating").getType().toString()).contains("DOUBLE");
      assertThat(article.findField("published").getType().toString()).isEqualTo("Bool");
      assertThat(article.findField("publishedAt").getType().toString()).contains("Timestamp");
      assertThat(article.findField("tags").getChildren().get(0).getType().toString())
          .isEqualTo("Utf8");
      assertThat(article.findField("vector").getType().toString()).isEqualTo("FixedSizeList(3)");
      Map<String, Object> first =
          db.scanRows("Article", dev.jive.core.search.Filter.eq("id", A1), 0).get(0);
      assertThat(first)
          .containsEntry("title", "First")
          .containsEntry("views", 42L)
          .containsEntry("rating", 4.5)
          .containsEntry("published", true)
          .containsEntry("publishedAt", Instant.parse("2024-05-01T10:00:00Z"))
          .containsEntry("tags", List.of("a", "b"))
          .containsEntry("author", List.of(AUTHOR));
      assertThat(first.get("meta").toString()).contains("\"k\":\"v\"");
      Schema note = db.tableSchema("Note");
      assertThat(note.findField("vector_body").getType().toString()).isEqualTo("FixedSizeList(4)");
      List<Map<String, Object>> notes = db.scanRows("Note", null, 0);
      assertThat(notes).extracting(n -> n.get("tenant")).containsExactlyInAnyOrder("alpha", "beta");
      assertThat(notes).extracting(n -> n.get("id")).containsOnly(NOTE);
    }
    countsAreComparedPerClassAndTenant(data, backupIn(dir.resolve("backups")));
  }
}
