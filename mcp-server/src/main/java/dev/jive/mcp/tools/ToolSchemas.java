package dev.jive.mcp.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's definition as clients see it, from its {@code <name>.json}: keys starting with {@code
 * x-} are the server's own ({@link ArgumentCheck}) and are left out; every object that lists its
 * properties refuses others ({@code additionalProperties: false}) unless marked {@code x-open}; the
 * {@code action} argument says what each action needs. In {@link ToolDescriptions#BRIEF} a {@code
 * brief} text replaces its description (an empty one drops it), and the output schema is left out:
 * results still carry the same structured content.
 */
final class ToolSchemas {
  private ToolSchemas() {}

  /** The raw spec of one tool, as the resource file holds it. */
  static Map<String, Object> spec(String name) {
    try (InputStream in = ToolSchemas.class.getResourceAsStream(name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("the schema file " + name + ".json is missing");
      }
      return Views.JSON.readValue(in, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + ".json: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static McpSchema.Tool definition(
      String name, Map<String, Object> spec, ToolDescriptions descriptions) {
    boolean brief = descriptions == ToolDescriptions.BRIEF;
    Map<String, Object> input = (Map<String, Object>) spec.get("inputSchema");
    Map<String, Object> published = (Map<String, Object>) publish(input, brief, true);
    Map<String, List<String>> needs = new ArgumentCheck(name, input).needs();
    if (!needs.isEmpty()) {
      describeNeeds(
          (Map<String, Object>) ((Map<String, Object>) published.get("properties")).get("action"),
          needs);
    }
    Map<String, Object> a = (Map<String, Object>) spec.get("annotations");
    String title = (String) spec.get("title");
    McpSchema.Tool.Builder b =
        McpSchema.Tool.builder()
            .name(name)
            .title(title)
            .description(text(spec, brief))
            .inputSchema(published)
            .annotations(
                new McpSchema.ToolAnnotations(
                    brief ? null : (String) a.get("title"),
                    (Boolean) a.get("readOnlyHint"),
                    (Boolean) a.get("destructiveHint"),
                    (Boolean) a.get("idempotentHint"),
                    (Boolean) a.get("openWorldHint"),
                    null));
    if (!brief && spec.get("outputSchema") != null) {
      b.outputSchema((Map<String, Object>) publish(spec.get("outputSchema"), false, false));
    }
    return b.build();
  }

  /** "Needs: create: type, title; update: work_item_id." after the action's description. */
  private static void describeNeeds(Map<String, Object> action, Map<String, List<String>> needs) {
    List<String> parts = new ArrayList<>();
    needs.forEach(
        (name, fields) -> {
          if (!fields.isEmpty()) {
            parts.add(name + ": " + ArgumentCheck.described(fields));
          }
        });
    String before = (String) action.getOrDefault("description", "");
    action.put(
        "description",
        (before.isEmpty() ? "" : before + " ") + "Needs " + String.join("; ", parts) + ".");
  }

  private static String text(Map<String, Object> schema, boolean brief) {
    Object b = schema.get("brief");
    return brief && b instanceof String s ? s : (String) schema.get("description");
  }

  /** A copy without x- keys, with brief texts when asked, closed objects where marked so. */
  @SuppressWarnings("unchecked")
  private static Object publish(Object node, boolean brief, boolean close) {
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(e -> out.add(publish(e, brief, close)));
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return node;
    }
    Map<String, Object> in = (Map<String, Object>) map;
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("x-") || key.equals("brief")) {
        continue;
      }
      if (key.equals("description") && e.getValue() instanceof String) {
        String d = text(in, brief);
        if (!d.isEmpty()) {
          out.put(key, d);
        }
      } else if (key.equals("properties") && e.getValue() instanceof Map<?, ?> props) {
        Map<String, Object> published = new LinkedHashMap<>();
        ((Map<String, Object>) props)
            .forEach((name, sub) -> published.put(name, publish(sub, brief, close)));
        out.put(key, published);
      } else {
        out.put(key, publish(e.getValue(), brief, close));
      }
    }
    if (close
        && in.get("properties") instanceof Map<?, ?>
        && !Boolean.TRUE.equals(in.get("x-open"))) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
