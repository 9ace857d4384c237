package dev.jive.weaviate.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@link BackupManifest} to and from {@code manifest.json} (snake_case, as documented). */
final class ManifestJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ManifestJson() {}

  static ObjectNode toJson(BackupManifest m) {
    ObjectNode o = F.objectNode();
    o.put("format", m.format());
    o.put("format_version", m.formatVersion());
    o.put("source_url", m.sourceUrl());
    o.put("weaviate_version", m.weaviateVersion());
    o.put("created_at", m.createdAt().toString());
    ArrayNode classes = o.putArray("classes");
    for (BackupManifest.ClassEntry c : m.classes()) {
      ObjectNode cn = classes.addObject();
      cn.put("name", c.name());
      cn.put("multi_tenant", c.multiTenant());
      ArrayNode tenants = cn.putArray("tenants");
      for (BackupManifest.TenantEntry t : c.tenants()) {
        tenants.addObject().put("name", t.name()).put("activity_status", t.activityStatus());
      }
    }
    o.put("schema_file", "schema.json");
    o.put("schema_sha256", m.schemaSha256());
    ArrayNode files = o.putArray("files");
    for (BackupManifest.FileEntry f : m.files()) {
      ObjectNode fn = files.addObject();
      fn.put("path", f.path());
      fn.put("class", f.className());
      if (f.tenant() == null) {
        fn.putNull("tenant");
      } else {
        fn.put("tenant", f.tenant());
      }
      fn.put("objects", f.objects());
      fn.put("sha256", f.sha256());
    }
    o.put("total_objects", m.totalObjects());
    return o;
  }

  /** Reads and checks the format name and version first, so an old or new format fails early. */
  static BackupManifest fromJson(JsonNode o, Path file) {
    String format = text(o, "format", file);
    if (!BackupManifest.FORMAT.equals(format)) {
      throw bad(file, "format is '" + format + "', expected '" + BackupManifest.FORMAT + "'");
    }
    int version = o.path("format_version").asInt(-1);
    if (version < BackupManifest.VERSION) {
      throw bad(
          file,
          "format_version "
              + version
              + " is older than this tool reads ("
              + BackupManifest.VERSION
              + "); there is no older version of this format, so the file is damaged");
    }
    if (version > BackupManifest.VERSION) {
      throw bad(
          file,
          "format_version "
              + version
              + " is newer than this tool reads ("
              + BackupManifest.VERSION
              + "); upgrade MCP Jive to read it");
    }
    Instant created;
    try {
      created = Instant.parse(text(o, "created_at", file));
    } catch (DateTimeParseException e) {
      throw bad(file, "created_at is not an RFC 3339 time");
    }
    List<BackupManifest.ClassEntry> classes = new ArrayList<>();
    for (JsonNode c : array(o, "classes", file)) {
      List<BackupManifest.TenantEntry> tenants = new ArrayList<>();
      for (JsonNode t : c.path("tenants")) {
        tenants.add(
            new BackupManifest.TenantEntry(
                text(t, "name", file), t.path("activity_status").asText(null)));
      }
      classes.add(
          new BackupManifest.ClassEntry(
              text(c, "name", file), c.path("multi_tenant").asBoolean(false), tenants));
    }
    List<BackupManifest.FileEntry> files = new ArrayList<>();
    for (JsonNode f : array(o, "files", file)) {
      files.add(
          new BackupManifest.FileEntry(
              text(f, "path", file),
              text(f, "class", file),
              f.path("tenant").isNull() || f.path("tenant").isMissingNode()
                  ? null
                  : f.get("tenant").asText(),
              f.path("objects").asLong(-1),
              text(f, "sha256", file)));
    }
    return new BackupManifest(
        format,
        version,
        o.path("source_url").asText(null),
        o.path("weaviate_version").asText(null),
        created,
        classes,
        text(o, "schema_sha256", file),
        files);
  }

  private static String text(JsonNode o, String field, Path file) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw bad(file, "field '" + field + "' is missing or not text");
    }
    return n.asText();
  }

  private static JsonNode array(JsonNode o, String field, Path file) {
    JsonNode n = o.get(field);
    if (n == null || !n.isArray()) {
      throw bad(file, "field '" + field + "' is missing or not a list");
    }
    return n;
  }

  static InvalidInputException bad(Path file, String message) {
    return new InvalidInputException("backup", file + ": " + message);
  }
}
