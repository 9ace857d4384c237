package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a tool's arguments must hold before the tool runs, read from its {@code <name>.json}: every
 * argument is one the schema names (a misspelt one is refused with the nearest name, not ignored),
 * and each action has the arguments it needs ({@code x-actions}), refused with an example call.
 * Nested objects marked {@code "x-open": true} also take keys the schema does not list (the old
 * server's clients send them), and only near misses of listed keys are refused there.
 */
final class ArgumentCheck {
  private final String tool;
  private final Map<String, Object> schema;
  private final Map<String, List<String>> needs;
  private final String defaultAction;

  @SuppressWarnings("unchecked")
  ArgumentCheck(String tool, Map<String, Object> inputSchema) {
    this.tool = tool;
    this.schema = inputSchema;
    Map<String, List<String>> n = new LinkedHashMap<>();
    Object actions = inputSchema.get("x-actions");
    if (actions instanceof Map<?, ?> m) {
      m.forEach((action, list) -> n.put((String) action, List.copyOf((List<String>) list)));
    }
    this.needs = Map.copyOf(n);
    Object action = properties(inputSchema).get("action");
    this.defaultAction =
        action instanceof Map<?, ?> a && a.get("default") instanceof String d ? d : null;
  }

  /** What one action needs, in words: "work_item_id or work_item_ids, progress_data". */
  static String described(List<String> fields) {
    return String.join(", ", fields).replace("|", " or ");
  }

  /** The arguments each action needs ({@code "a|b"}: one of them), by action. */
  Map<String, List<String>> needs() {
    return needs;
  }

  /**
   * Refuses unknown arguments and an action's missing ones.
   *
   * @throws InvalidInputException naming the argument and the fix
   */
  void check(Map<String, Object> args) {
    Map<String, Object> given = args == null ? Map.of() : args;
    checkKeys(schema, given, "", false);
    String action = actionOf(given);
    List<String> required = action == null ? null : needs.get(action);
    if (required == null) {
      return;
    }
    for (String need : required) {
      List<String> oneOf = List.of(need.split("\\|"));
      if (oneOf.stream().noneMatch(name -> present(given.get(name)))) {
        throw new InvalidInputException(
            String.join(" or ", oneOf),
            "action "
                + action
                + " of "
                + tool
                + " needs it; e.g. "
                + Views.json(example(action, required)));
      }
    }
  }

  private String actionOf(Map<String, Object> given) {
    Object a = given.get("action");
    if (a instanceof String s && !s.isBlank()) {
      return s.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }
    return defaultAction;
  }

  @SuppressWarnings("unchecked")
  private void checkKeys(
      Map<String, Object> objectSchema, Map<?, ?> given, String path, boolean open) {
    Map<String, Object> props = properties(objectSchema);
    for (Map.Entry<?, ?> e : given.entrySet()) {
      String key = String.valueOf(e.getKey());
      Object sub = props.get(key);
      if (sub == null) {
        String near = Spelling.nearest(key, props.keySet());
        if (!open || near != null) {
          throw unknown(path, key, near, props.keySet());
        }
        continue;
      }
      if (sub instanceof Map<?, ?> s
          && s.get("properties") instanceof Map<?, ?>
          && e.getValue() instanceof Map<?, ?> nested) {
        Map<String, Object> nestedSchema = (Map<String, Object>) s;
        checkKeys(
            nestedSchema,
            nested,
            path + key + ".",
            Boolean.TRUE.equals(nestedSchema.get("x-open")));
      }
    }
  }

  private InvalidInputException unknown(
      String path, String key, String near, java.util.Collection<String> known) {
    String where = path.isEmpty() ? tool : tool + " " + path.substring(0, path.length() - 1);
    return new InvalidInputException(
        path + key,
        near != null
            ? "is not an argument of " + where + "; did you mean " + near + "?"
            : "is not an argument of " + where + "; it takes " + String.join(", ", known));
  }

  /** A call of {@code action} with placeholders for what it needs. */
  private Map<String, Object> example(String action, List<String> required) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("action", action);
    Map<String, Object> props = properties(schema);
    for (String need : required) {
      String name = need.split("\\|")[0];
      call.put(name, placeholder(name, props.get(name)));
    }
    return call;
  }

  private static Object placeholder(String name, Object propertySchema) {
    Map<?, ?> p = propertySchema instanceof Map<?, ?> m ? m : Map.of();
    if (p.get("enum") instanceof List<?> values && !values.isEmpty()) {
      return values.get(0);
    }
    String type = String.valueOf(p.get("type"));
    return switch (type) {
      case "array" -> List.of(name.endsWith("ids") ? "<id or title>" : "<" + name + ">");
      case "object" -> Map.of();
      case "integer", "number" -> 1;
      case "boolean" -> true;
      default ->
          name.contains("work_item_id") || name.endsWith("parent_id")
              ? "<id or title>"
              : "<" + name + ">";
    };
  }

  private static boolean present(Object v) {
    return v != null
        && !(v instanceof String s && s.isBlank())
        && !(v instanceof List<?> l && l.isEmpty())
        && !(v instanceof Map<?, ?> m && m.isEmpty());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> objectSchema) {
    Object p = objectSchema.get("properties");
    return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
