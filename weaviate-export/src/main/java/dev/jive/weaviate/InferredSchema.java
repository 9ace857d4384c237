package dev.jive.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schema read off the objects of a backup that has none (the old single-file export): each
 * property typed by the values it holds (text, int, number, boolean, their arrays, and objects with
 * their nested properties), so the test server can load such a file. Only for rehearsals: a real
 * restore keeps asking for a backup folder, whose schema is the one the source had.
 */
final class InferredSchema {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private InferredSchema() {}

  static JsonNode of(Backup backup) throws IOException {
    Map<String, Map<String, JsonNode>> byClass = new LinkedHashMap<>();
    for (BackupManifest.FileEntry f : backup.manifest().files()) {
      Map<String, JsonNode> seen =
          byClass.computeIfAbsent(f.className(), k -> new LinkedHashMap<>());
      backup.forEachObject(
          f,
          o ->
              o.path("properties")
                  .fields()
                  .forEachRemaining(e -> widen(seen, e.getKey(), e.getValue())));
    }
    ObjectNode schema = F.objectNode();
    ArrayNode classes = schema.putArray("classes");
    byClass.forEach(
        (name, props) -> {
          ObjectNode c = classes.addObject().put("class", name);
          c.set("properties", properties(props));
        });
    return schema;
  }

  /** Remembers the widest value seen per property: a float over an int, any value over null. */
  private static void widen(Map<String, JsonNode> seen, String name, JsonNode value) {
    JsonNode before = seen.get(name);
    if (before == null || before.isNull() || isEmptyArray(before)) {
      seen.put(name, value);
    } else if (before.isIntegralNumber() && value.isFloatingPointNumber()) {
      seen.put(name, value);
    } else if (before.isObject() && value.isObject()) {
      ObjectNode merged = ((ObjectNode) before).deepCopy();
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (!merged.has(e.getKey()) || merged.get(e.getKey()).isNull()) {
                  merged.set(e.getKey(), e.getValue());
                }
              });
      seen.put(name, merged);
    }
  }

  private static boolean isEmptyArray(JsonNode n) {
    return n.isArray() && n.isEmpty();
  }

  private static ArrayNode properties(Map<String, JsonNode> props) {
    ArrayNode out = F.arrayNode();
    props.forEach(
        (name, value) -> {
          ObjectNode p = out.addObject().put("name", name);
          p.putArray("dataType").add(type(value));
          if (value.isObject()) {
            Map<String, JsonNode> nested = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> nested.put(e.getKey(), e.getValue()));
            p.set("nestedProperties", properties(nested));
          }
        });
    return out;
  }

  private static String type(JsonNode v) {
    if (v.isArray()) {
      JsonNode first = v.isEmpty() ? F.textNode("") : v.get(0);
      return (first.isObject() ? "object" : type(first)) + "[]";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isIntegralNumber()) {
      return "int";
    }
    if (v.isNumber()) {
      return "number";
    }
    return v.isObject() ? "object" : "text";
  }
}
