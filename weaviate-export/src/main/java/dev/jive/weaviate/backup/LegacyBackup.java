package dev.jive.weaviate.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The old Python tool's single-file backup: a JSON object whose keys ({@code jive_workitem}, {@code
 * jive_executionlog}, {@code server_task}, {@code server_workitem}, {@code server_searchindex})
 * each hold an array of {@code {id, properties, vector, collection}}. Each key becomes one "file"
 * of a synthesised manifest, named {@code <key>} with the class taken from the objects' {@code
 * collection}. Read with a streaming parser, so a large file is never held.
 */
final class LegacyBackup implements Backup {
  static final String FORMAT = "mcp-jive-python-json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BackupManifest manifest;

  private LegacyBackup(Path file, BackupManifest manifest) {
    this.file = file;
    this.manifest = manifest;
  }

  static LegacyBackup open(Path file) throws IOException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, String> classes = new LinkedHashMap<>();
    scan(
        file,
        null,
        (key, index, object) -> {
          counts.computeIfAbsent(key, k -> new long[1])[0]++;
          String collection = object.path("collection").asText("");
          classes.putIfAbsent(key, collection.isEmpty() ? key : collection);
        });
    List<BackupManifest.FileEntry> files = new ArrayList<>();
    List<BackupManifest.ClassEntry> classEntries = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      files.add(
          new BackupManifest.FileEntry(
              e.getKey(), classes.get(e.getKey()), null, e.getValue()[0], ""));
      classEntries.add(new BackupManifest.ClassEntry(classes.get(e.getKey()), false, List.of()));
    }
    BackupManifest manifest =
        new BackupManifest(
            FORMAT,
            0,
            null,
            null,
            Files.getLastModifiedTime(file).toInstant(),
            classEntries,
            "",
            files);
    return new LegacyBackup(file, manifest);
  }

  @FunctionalInterface
  private interface Visitor {
    void visit(String key, long index, ObjectNode object) throws IOException;
  }

  /** Walks every object of every key (or of {@code onlyKey}), checking the shape as it goes. */
  private static void scan(Path file, String onlyKey, Visitor visitor) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ManifestJson.bad(file, "an old single-file backup is a JSON object of arrays");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw ManifestJson.bad(file, "'" + key + "' is not an array of objects");
        }
        long index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          JsonNode node = p.readValueAsTree();
          if (!(node instanceof ObjectNode o)
              || !o.hasNonNull("id")
              || !o.path("properties").isObject()) {
            throw ManifestJson.bad(
                file, "'" + key + "'[" + index + "] lacks an id or a properties object");
          }
          if (onlyKey == null || onlyKey.equals(key)) {
            visitor.visit(key, index, o);
          }
          index++;
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ManifestJson.bad(file, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public Path location() {
    return file;
  }

  @Override
  public BackupManifest manifest() {
    return manifest;
  }

  @Override
  public Optional<JsonNode> schema() {
    return Optional.empty();
  }

  @Override
  public void forEachObject(BackupManifest.FileEntry entry, ObjectConsumer consumer)
      throws IOException {
    scan(file, entry.path(), (key, index, object) -> consumer.accept(object));
  }
}
