package dev.jive.weaviate.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFormatTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T14:05:09Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static ObjectNode object(String id, int n) throws IOException {
    return (ObjectNode)
        JSON.readTree(
            "{\"id\":\""
                + id
                + "\",\"class\":\"Article\",\"properties\":{\"count\":"
                + n
                + ",\"score\":4.0,\"ratio\":0.25,\"title\":\"Tit'le \\\\ 🚀\",\"tags\":[\"a\",\"b\"],"
                + "\"published\":\"2024-01-02T03:04:05Z\",\"location\":{\"latitude\":52.5,\"longitude\":13.4}},"
                + "\"vector\":[0.1,-0.2,0.30000001],\"vectors\":{\"title\":[1.0,2.0],\"colbert\":[[0.5,0.5],[1.5,1.5]]},"
                + "\"creationTimeUnix\":1700000000000,\"lastUpdateTimeUnix\":1700000000001}");
  }

  private Path writeSample() throws IOException {
    BackupWriter w =
        BackupWriter.create(
            dir, CLOCK, "https://admin:secret@weaviate.example:8080/?api_key=abc", "1.39.0");
    w.writeSchema(
        JSON.readTree(
            "{\"classes\":[{\"class\":\"Article\"},{\"class\":\"Note\",\"multiTenancyConfig\":{\"enabled\":true}}]}"));
    try (BackupWriter.ObjectSink s = w.openObjects("Article", null)) {
      for (int i = 0; i < 1000; i++) {
        s.write(object(String.format("00000000-0000-0000-0000-%012d", i), i));
      }
    }
    for (String tenant : List.of("tenantA", "tenantB")) {
      try (BackupWriter.ObjectSink s = w.openObjects("Note", tenant)) {
        s.write(object("11111111-0000-0000-0000-00000000000" + tenant.length(), 7));
      }
    }
    return w.finish(
        List.of(
            new BackupManifest.ClassEntry("Article", false, List.of()),
            new BackupManifest.ClassEntry(
                "Note",
                true,
                List.of(
                    new BackupManifest.TenantEntry("tenantA", "ACTIVE"),
                    new BackupManifest.TenantEntry("tenantB", "INACTIVE")))));
  }

  @Test
  void roundTripKeepsEveryObjectExactlyWithNumberTypesPreserved() throws IOException {
    Path backup = writeSample();
    assertThat(backup.getFileName().toString()).isEqualTo("weaviate_backup_20261121_140509");
    assertThat(dir.resolve("weaviate_backup_20261121_140509.partial")).doesNotExist();
    Backup read = Backup.open(backup);
    BackupManifest m = read.manifest();
    assertThat(m.format()).isEqualTo("jive-weaviate-backup");
    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.sourceUrl()).isEqualTo("https://weaviate.example:8080/");
    assertThat(m.weaviateVersion()).isEqualTo("1.39.0");
    assertThat(m.totalObjects()).isEqualTo(1002);
    assertThat(m.files())
        .extracting(BackupManifest.FileEntry::path)
        .containsExactly(
            "objects/Article.jsonl.gz",
            "objects/Note/tenantA.jsonl.gz",
            "objects/Note/tenantB.jsonl.gz");
    assertThat(m.classes().get(1).tenants())
        .extracting(BackupManifest.TenantEntry::activityStatus)
        .containsExactly("ACTIVE", "INACTIVE");
    assertThat(read.schema().orElseThrow().path("classes")).hasSize(2);

    List<ObjectNode> objects = new ArrayList<>();
    read.forEachObject(m.files().get(0), objects::add);
    assertThat(objects).hasSize(1000);
    assertThat(objects.get(5)).isEqualTo(object("00000000-0000-0000-0000-000000000005", 5));
    JsonNode props = objects.get(5).get("properties");
    assertThat(props.get("count").isIntegralNumber()).isTrue();
    assertThat(props.get("score").isFloatingPointNumber()).isTrue();
    assertThat(props.get("score").toString()).isEqualTo("4.0");
    assertThat(objects.get(5).get("vectors").get("colbert").get(1).get(0).asDouble())
        .isEqualTo(1.5);
    assertThat(Files.readString(backup.resolve("manifest.json")))
        .doesNotContain("secret")
        .doesNotContain("abc");
  }

  @Test
  void formatVersionsTooOldOrTooNewAreRefusedClearly() throws IOException {
    Path backup = writeSample();
    Path manifest = backup.resolve("manifest.json");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replace("\"format_version\" : 1", "\"format_version\" : 2"));
    assertThatThrownBy(() -> Backup.open(backup))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("backup"))
        .hasMessageContaining("format_version 2 is newer than this tool reads (1); upgrade");
    Files.writeString(manifest, text.replace("\"format_version\" : 1", "\"format_version\" : 0"));
    assertThatThrownBy(() -> Backup.open(backup)).hasMessageContaining("format_version 0 is older");
    Files.writeString(manifest, text.replace("jive-weaviate-backup", "something-else"));
    assertThatThrownBy(() -> Backup.open(backup))
        .hasMessageContaining("format is 'something-else'");
  }

  @Test
  void alteredTruncatedOrMissingFilesAreRefusedByName() throws IOException {
    Path backup = writeSample();
    Path article = backup.resolve("objects/Article.jsonl.gz");
    byte[] original = Files.readAllBytes(article);

    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x01;
    Files.write(article, flipped);
    assertThatThrownBy(() -> Backup.open(backup)).hasMessageContaining(article.toString());

    Files.write(article, java.util.Arrays.copyOf(original, original.length - 20));
    assertThatThrownBy(() -> Backup.open(backup))
        .hasMessageContaining(article.toString())
        .hasMessageContaining("truncated");

    Files.write(article, original);
    Files.writeString(backup.resolve("schema.json"), "{}");
    assertThatThrownBy(() -> Backup.open(backup))
        .hasMessageContaining("schema.json")
        .hasMessageContaining("altered");

    Path other = writeSampleElsewhere();
    Files.delete(other.resolve("objects/Note/tenantB.jsonl.gz"));
    assertThatThrownBy(() -> Backup.open(other)).hasMessageContaining("tenantB.jsonl.gz: missing");
  }

  private Path writeSampleElsewhere() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("second"));
    Path saved = dir;
    dir = sub;
    try {
      return writeSample();
    } finally {
      dir = saved;
    }
  }

  @Test
  void anUnfinishedBackupIsNeverMistakenForOne() throws IOException {
    BackupWriter w = BackupWriter.create(dir, CLOCK, "http://localhost:8080", "1.39.0");
    w.writeSchema(JSON.readTree("{\"classes\":[]}"));
    try (BackupWriter.ObjectSink s = w.openObjects("Article", null)) {
      s.write(object("x", 1));
    }
    Path target = w.target();
    assertThat(target).doesNotExist();
    assertThatThrownBy(() -> Backup.open(target)).hasMessageContaining("was never finished");
    assertThatThrownBy(() -> w.openObjects("../escape", null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void credentialsNeverSurviveInTheSourceUrl() {
    assertThat(SourceUrls.redact("http://user:pass@localhost:8080/v1?key=1#frag"))
        .isEqualTo("http://localhost:8080/v1");
    assertThatThrownBy(() -> SourceUrls.redact("not a url with secret@host?token=x"))
        .hasMessageNotContaining("token=x")
        .hasMessageNotContaining("not a url with secret@");
  }

  @Test
  void oldSingleFileBackupsAreReadAsOneFilePerKey() throws IOException {
    Path old = dir.resolve("weaviate_backup_20250101_120000.json");
    Files.writeString(
        old,
        "{\"jive_workitem\":[{\"id\":\"a\",\"properties\":{\"title\":\"T\",\"item_type\":\"task\",\"progress\":50},"
            + "\"vector\":[0.1,0.2],\"collection\":\"WorkItem\"},{\"id\":\"b\",\"properties\":{\"title\":\"U\"},\"vector\":null,\"collection\":\"WorkItem\"}],"
            + "\"jive_executionlog\":[],\"server_searchindex\":[{\"id\":\"s\",\"properties\":{\"content\":\"x\"},\"vector\":[1,2],\"collection\":\"SearchIndex\"}]}");
    Backup backup = Backup.open(old);
    assertThat(backup.schema()).isEmpty();
    assertThat(backup.manifest().files())
        .extracting(
            BackupManifest.FileEntry::path,
            BackupManifest.FileEntry::className,
            BackupManifest.FileEntry::objects)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("jive_workitem", "WorkItem", 2L),
            org.assertj.core.groups.Tuple.tuple("server_searchindex", "SearchIndex", 1L));
    List<ObjectNode> items = new ArrayList<>();
    backup.forEachObject(backup.manifest().files().get(0), items::add);
    assertThat(items).extracting(o -> o.get("id").asText()).containsExactly("a", "b");
    assertThat(items.get(0).get("properties").get("progress").isIntegralNumber()).isTrue();

    Files.writeString(old, "{\"jive_workitem\":[{\"properties\":{}}]}");
    assertThatThrownBy(() -> Backup.open(old))
        .hasMessageContaining("'jive_workitem'[0] lacks an id");
    Files.writeString(old, "[1,2]");
    assertThatThrownBy(() -> Backup.open(old)).hasMessageContaining("JSON object of arrays");
  }
}
