package dev.jive.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.ArchitectureMemory;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Work items and memories as the tools show them: maps for structured content (never the vector)
 * and lines of text, in the three formats of the old tools.
 */
final class Views {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> FORMATS = List.of("detailed", "summary", "minimal");

  private Views() {}

  static String format(Args args) {
    return args.choice("format", FORMATS, "detailed");
  }

  static Map<String, Object> item(WorkItem w, String format, boolean includeMetadata) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("title", w.title());
    m.put("item_type", w.itemType().wireName());
    m.put("status", w.status().wireName());
    if (format.equals("minimal")) {
      return m;
    }
    m.put("priority", w.priority().wireName());
    m.put("progress", w.progress());
    m.put("parent_id", w.parentId());
    m.put("sequence_number", w.sequenceNumber());
    m.put("updated_at", text(w.updatedAt()));
    if (format.equals("summary")) {
      return m;
    }
    m.put("item_id", w.itemId());
    m.put("description", w.description());
    m.put("assignee", w.assignee());
    m.put("tags", w.tags());
    m.put("context_tags", w.contextTags());
    m.put("complexity", w.complexity() == null ? null : w.complexity().wireName());
    m.put("notes", w.notes());
    m.put("acceptance_criteria", w.acceptanceCriteria());
    m.put("estimated_hours", w.estimatedHours());
    m.put("actual_hours", w.actualHours());
    m.put("dependencies", w.dependencies());
    m.put("order_index", w.orderIndex());
    m.put("executable", w.executable());
    m.put("execution_instructions", w.executionInstructions());
    m.put("created_at", text(w.createdAt()));
    if (includeMetadata) {
      m.put("metadata", metadata(w.metadata()));
    }
    return m;
  }

  static List<Map<String, Object>> items(List<WorkItem> items, String format, boolean meta) {
    List<Map<String, Object>> out = new ArrayList<>(items.size());
    for (WorkItem w : items) {
      out.add(item(w, format, meta));
    }
    return out;
  }

  /** The metadata JSON text as an object; text that is not a JSON object is kept as a string. */
  static Object metadata(String json) {
    try {
      Object v = JSON.readValue(json, Object.class);
      return v instanceof Map<?, ?> ? v : Map.of("value", v);
    } catch (JsonProcessingException e) {
      return Map.of("text", json);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** One line per item: {@code [task] Title (in_progress, 50%) 1.2.1 id}. */
  static String line(WorkItem w) {
    StringBuilder b = new StringBuilder();
    b.append('[').append(w.itemType().wireName()).append("] ").append(w.title());
    b.append(" (").append(w.status().wireName());
    b.append(", ").append(String.format(Locale.ROOT, "%.0f%%", w.progress()));
    b.append(", ").append(w.priority().wireName()).append(')');
    if (w.sequenceNumber() != null) {
      b.append(' ').append(w.sequenceNumber());
    }
    b.append(" id=").append(w.id());
    return b.toString();
  }

  /** The text view of one item in a format. */
  static String block(WorkItem w, String format) {
    StringBuilder b = new StringBuilder(line(w));
    if (format.equals("detailed")) {
      if (!w.description().isBlank()) {
        b.append("\n  ").append(w.description().replace("\n", "\n  "));
      }
      for (String c : w.acceptanceCriteria()) {
        b.append("\n  - [ ] ").append(c);
      }
      if (!w.dependencies().isEmpty()) {
        b.append("\n  depends on: ").append(String.join(", ", w.dependencies()));
      }
      if (w.notes() != null && !w.notes().isBlank()) {
        b.append("\n  notes: ").append(w.notes());
      }
    }
    return b.toString();
  }

  static String lines(List<WorkItem> items, String format) {
    if (items.isEmpty()) {
      return "(none)";
    }
    List<String> out = new ArrayList<>(items.size());
    for (WorkItem w : items) {
      out.add(block(w, format));
    }
    return String.join("\n", out);
  }

  static Map<String, Object> architecture(ArchitectureMemory m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("memory_type", "architecture");
    out.put("slug", m.uniqueSlug());
    out.put("title", m.title());
    out.put("ai_when_to_use", m.aiWhenToUse());
    out.put("ai_requirements", m.aiRequirements());
    out.put("keywords", m.keywords());
    out.put("children_slugs", m.childrenSlugs());
    out.put("related_slugs", m.relatedSlugs());
    out.put("linked_epic_ids", m.linkedEpicIds());
    out.put("tags", m.tags());
    out.put("created_on", text(m.createdOn()));
    out.put("last_updated_on", text(m.lastUpdatedOn()));
    return out;
  }

  static Map<String, Object> troubleshoot(TroubleshootMemory m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("memory_type", "troubleshoot");
    out.put("slug", m.uniqueSlug());
    out.put("title", m.title());
    out.put("ai_use_case", m.aiUseCase());
    out.put("ai_solutions", m.aiSolutions());
    out.put("keywords", m.keywords());
    out.put("tags", m.tags());
    out.put("usage_count", m.usageCount());
    out.put("success_count", m.successCount());
    out.put("created_on", text(m.createdOn()));
    out.put("last_updated_on", text(m.lastUpdatedOn()));
    return out;
  }

  /** A result map: {@code success}, {@code action}, then the given pairs in order. */
  static Map<String, Object> result(String action, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", true);
    m.put("action", action);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
