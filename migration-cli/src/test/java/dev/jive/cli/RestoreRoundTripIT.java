package dev.jive.cli;

import static dev.jive.cli.CliTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.cli.CliTestSupport.Run;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback path on the real jar: a backup of a source with several data types, vectors and a
 * multi-tenant class is restored into an empty (test) Weaviate, which is then backed up again;
 * every object's checksum (class, tenant, id, properties, vectors; not the server's timestamps) is
 * the same in both backups.
 */
class RestoreRoundTripIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  @TempDir Path work;

  @Test
  void restoreIntoAnEmptyServerThenBackupGivesIdenticalObjectChecksums() throws Exception {
    try (WeaviateTestServer source = WeaviateTestServer.start(0, null);
        WeaviateTestServer empty = WeaviateTestServer.start(0, null)) {
      populate(source.url());
      Path first = backup(source.url(), "first");
      Run restore =
          CliTestSupport.jar(
              work, "restore", "--backup-file", first.toString(), "--weaviate-url", empty.url());
      assertThat(restore.code()).as(restore.out()).isZero();
      Path second = backup(empty.url(), "second");

      Map<String, String> before = checksums(first);
      Map<String, String> after = checksums(second);
      assertThat(before).hasSize(2_000 + 2 * 150);
      assertThat(after).isEqualTo(before);
    }
  }

  private Path backup(String url, String folder) throws Exception {
    Path dir = work.resolve(folder);
    Run run =
        CliTestSupport.jar(work, "backup", "--weaviate-url", url, "--backup-path", dir.toString());
    assertThat(run.code()).as(run.out()).isZero();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("weaviate_backup_"))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * Per object, keyed by class, tenant and id: SHA-256 of its canonical JSON without timestamps.
   */
  private static Map<String, String> checksums(Path backup) throws Exception {
    Map<String, String> out = new TreeMap<>();
    Backup b = Backup.open(backup);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (BackupManifest.FileEntry f : b.manifest().files()) {
      b.forEachObject(
          f,
          o -> {
            ObjectNode copy = ((ObjectNode) o).deepCopy();
            copy.remove("creationTimeUnix");
            copy.remove("lastUpdateTimeUnix");
            String key =
                copy.path("class").asText()
                    + "/"
                    + copy.path("tenant").asText("")
                    + "/"
                    + copy.path("id").asText();
            try {
              byte[] canonical = CANONICAL.writeValueAsBytes(JSON.treeToValue(copy, Object.class));
              out.put(key, HexFormat.of().formatHex(sha.digest(canonical)));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    return out;
  }

  private static void populate(String url) throws Exception {
    post(
        url,
        "/v1/schema",
        "{\"class\":\"WorkItem\",\"properties\":["
            + "{\"name\":\"title\",\"dataType\":[\"text\"]},"
            + "{\"name\":\"tags\",\"dataType\":[\"text[]\"]},"
            + "{\"name\":\"estimated_hours\",\"dataType\":[\"number\"]},"
            + "{\"name\":\"order\",\"dataType\":[\"int\"]},"
            + "{\"name\":\"executable\",\"dataType\":[\"boolean\"]},"
            + "{\"name\":\"created_at\",\"dataType\":[\"date\"]}]}");
    post(
        url,
        "/v1/schema",
        "{\"class\":\"Note\",\"multiTenancyConfig\":{\"enabled\":true},"
            + "\"properties\":[{\"name\":\"body\",\"dataType\":[\"text\"]}]}");
    post(url, "/v1/schema/Note/tenants", "[{\"name\":\"team-a\"},{\"name\":\"team-b\"}]");
    Random random = new Random(5);
    for (int from = 0; from < 2_000; from += 500) {
      ObjectNode batch = JSON.createObjectNode();
      ArrayNode objects = batch.putArray("objects");
      for (int i = from; i < from + 500; i++) {
        ObjectNode o =
            objects
                .addObject()
                .put("class", "WorkItem")
                .put("id", String.format("10000000-0000-4000-8000-%012d", i));
        ObjectNode p = o.putObject("properties");
        p.put("title", "Item " + i + " \"quoted\" ünïcode \\ " + (i % 7 == 0 ? "%_" : ""));
        p.putArray("tags").add("t" + (i % 5)).add("shared");
        p.put("estimated_hours", random.nextInt(400) / 8.0);
        p.put("order", i);
        p.put("executable", i % 2 == 0);
        p.put("created_at", String.format("2025-%02d-%02dT10:00:00Z", 1 + i % 12, 1 + i % 28));
        ArrayNode v = o.putArray("vector");
        for (int d = 0; d < 32; d++) {
          v.add((float) random.nextGaussian());
        }
      }
      post(url, "/v1/batch/objects", JSON.writeValueAsString(batch));
    }
    ObjectNode notes = JSON.createObjectNode();
    ArrayNode list = notes.putArray("objects");
    for (String tenant : new String[] {"team-a", "team-b"}) {
      for (int i = 0; i < 150; i++) {
        ObjectNode o =
            list.addObject()
                .put("class", "Note")
                .put("tenant", tenant)
                .put("id", String.format("20000000-0000-4000-8000-%012d", i));
        o.putObject("properties").put("body", tenant + " note " + i);
        ArrayNode v = o.putArray("vector");
        for (int d = 0; d < 8; d++) {
          v.add((float) random.nextGaussian());
        }
      }
    }
    post(url, "/v1/batch/objects", JSON.writeValueAsString(notes));
  }
}
