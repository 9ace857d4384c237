package dev.jive.lancedb.workitems;

import dev.jive.core.Complexity;
import dev.jive.core.InvalidInputException;
import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.lancedb.table.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets work-item fields from loosely typed values, as the old manager's dictionaries and the MCP
 * tools' JSON carry them: enum spellings as text, numbers of any kind, lists of text. Every value
 * that cannot be read is an {@link InvalidInputException} naming the field. {@code type} is
 * accepted for {@code item_type} and {@code content} for {@code description}, as old callers wrote
 * them.
 */
public final class WorkItemFields {
  static final Set<String> SETTABLE =
      Set.of(
          "item_id",
          "title",
          "description",
          "item_type",
          "type",
          "status",
          "priority",
          "assignee",
          "tags",
          "context_tags",
          "complexity",
          "notes",
          "acceptance_criteria",
          "estimated_hours",
          "actual_hours",
          "progress",
          "parent_id",
          "dependencies",
          "sequence_number",
          "order_index",
          "executable",
          "execution_instructions",
          "metadata",
          "content",
          "vector",
          "id",
          "created_at",
          "updated_at");

  private WorkItemFields() {}

  public static String canonical(String key) {
    return switch (key) {
      case "type" -> "item_type";
      case "content" -> "description";
      default -> key;
    };
  }

  /** Applies one field to the builder. */
  public static void apply(WorkItem.Builder b, String rawKey, Object value) {
    String key = canonical(rawKey);
    if (!SETTABLE.contains(key)) {
      throw new InvalidInputException(key, "unknown work-item field");
    }
    switch (key) {
      case "id" -> b.id(text(key, value));
      case "item_id" -> b.itemId(text(key, value));
      case "title" -> b.title(text(key, value));
      case "description" -> b.description(text(key, value));
      case "item_type" -> b.itemType(value == null ? null : WorkItemType.parse(text(key, value)));
      case "status" -> b.status(Status.parse(text(key, value)));
      case "priority" -> b.priority(Priority.parse(text(key, value)));
      case "assignee" -> b.assignee(blankToNull(text(key, value)));
      case "tags" -> b.tags(textList(key, value));
      case "context_tags" -> b.contextTags(textList(key, value));
      case "complexity" ->
          b.complexity(
              value == null || text(key, value).isBlank()
                  ? null
                  : Complexity.parse(text(key, value)));
      case "notes" -> b.notes(text(key, value));
      case "acceptance_criteria" -> b.acceptanceCriteria(textList(key, value));
      case "estimated_hours" -> b.estimatedHours(number(key, value));
      case "actual_hours" -> b.actualHours(number(key, value));
      case "progress" -> b.progress(value == null ? 0 : number(key, value));
      case "parent_id" -> b.parentId(blankToNull(text(key, value)));
      case "dependencies" -> b.dependencies(textList(key, value));
      case "sequence_number" -> b.sequenceNumber(text(key, value));
      case "order_index" -> b.orderIndex(value == null ? 0 : (int) Math.round(number(key, value)));
      case "executable" -> b.executable(value == null || bool(key, value));
      case "execution_instructions" -> b.executionInstructions(text(key, value));
      case "metadata" -> b.metadata(metadata(value));
      case "vector" -> b.vector(vector(key, value));
      case "created_at" -> b.createdAt(instant(key, value));
      case "updated_at" -> b.updatedAt(instant(key, value));
      default -> throw new IllegalStateException(key);
    }
  }

  public static String text(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>) {
      return value.toString();
    }
    throw new InvalidInputException(key, "expected text, got " + value.getClass().getSimpleName());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  public static List<String> textList(String key, Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return s.isBlank() ? List.of() : List.of(s);
    }
    if (value instanceof Collection<?> c) {
      List<String> out = new ArrayList<>(c.size());
      for (Object o : c) {
        if (o == null) {
          throw new InvalidInputException(key, "list entries must not be null");
        }
        out.add(text(key, o));
      }
      return out;
    }
    throw new InvalidInputException(key, "expected a list of text");
  }

  public static Double number(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(key, "expected a number, got '" + s + "'");
      }
    }
    throw new InvalidInputException(key, "expected a number");
  }

  public static boolean bool(String key, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new InvalidInputException(key, "expected true or false");
  }

  public static Instant instant(String key, Object value) {
    if (value == null || value instanceof Instant) {
      return (Instant) value;
    }
    try {
      return Instant.parse(text(key, value));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          key, "expected an RFC 3339 time such as 2026-01-31T12:00:00Z");
    }
  }

  private static float[] vector(String key, Object value) {
    if (value == null || value instanceof float[]) {
      return (float[]) value;
    }
    if (value instanceof Collection<?> c) {
      float[] out = new float[c.size()];
      int i = 0;
      for (Object o : c) {
        out[i++] = number(key, o).floatValue();
      }
      return out;
    }
    throw new InvalidInputException(key, "expected a list of numbers");
  }

  private static String metadata(Object value) {
    if (value == null) {
      return "{}";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> m) {
      return Json.write(m);
    }
    throw new InvalidInputException("metadata", "expected a JSON object");
  }

  /**
   * A work item from the old manager's dictionary of fields, with {@code id} unless the fields name
   * one.
   *
   * @throws InvalidInputException a field is wrong or no type is given
   */
  public static WorkItem toWorkItem(Map<String, ?> fields, String id) {
    WorkItem.Builder b = WorkItem.builder().id(id);
    fields.forEach((k, v) -> apply(b, k, v));
    if (fields.get("item_type") == null && fields.get("type") == null) {
      throw new InvalidInputException(
          "item_type", "is required (initiative, epic, feature, story or task)");
    }
    return b.build();
  }
}
