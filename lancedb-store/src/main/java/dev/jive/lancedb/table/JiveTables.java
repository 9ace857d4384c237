package dev.jive.lancedb.table;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.Complexity;
import dev.jive.core.ExecutionLog;
import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The four tables of the spec, their columns, the text columns full-text search covers, and the
 * mapping between their rows and the core records. Each schema records in its metadata the
 * embedding model and dimension of its vector column.
 */
public final class JiveTables {
  public static final String WORK_ITEM = "WorkItem";
  public static final String EXECUTION_LOG = "ExecutionLog";
  public static final String ARCHITECTURE = "ArchitectureMemory";
  public static final String TROUBLESHOOT = "TroubleshootMemory";
  public static final List<String> ALL =
      List.of(WORK_ITEM, EXECUTION_LOG, ARCHITECTURE, TROUBLESHOOT);

  static final String META_SCHEMA = "jive.schema";
  static final String META_MODEL_PREFIX = "jive.embedding.";

  public static final Map<String, List<String>> TEXT_COLUMNS =
      Map.of(
          WORK_ITEM,
          List.of("title", "description", "acceptance_criteria", "status", "priority", "item_type"),
          EXECUTION_LOG,
          List.of("action", "details", "error_message", "status"),
          ARCHITECTURE,
          List.of("title", "ai_requirements", "keywords"),
          TROUBLESHOOT,
          List.of("title", "search_text", "keywords"));

  private JiveTables() {}

  public static String modelKey(String column) {
    return META_MODEL_PREFIX + column + ".model";
  }

  public static String dimensionKey(String column) {
    return META_MODEL_PREFIX + column + ".dimension";
  }

  public static Map<String, String> metadata(String table, String model, Integer dimension) {
    Map<String, String> m = new HashMap<>();
    m.put(META_SCHEMA, table + "/1");
    if (model != null) {
      m.put(modelKey("vector"), model);
      m.put(dimensionKey("vector"), String.valueOf(dimension));
    }
    return m;
  }

  public static Schema schema(String table, String model, int dimension) {
    return switch (table) {
      case WORK_ITEM -> workItemSchema(model, dimension);
      case EXECUTION_LOG -> executionLogSchema();
      case ARCHITECTURE -> architectureSchema(model, dimension);
      case TROUBLESHOOT -> troubleshootSchema(model, dimension);
      default -> throw new IllegalArgumentException(table);
    };
  }

  static boolean hasVector(String table) {
    return !table.equals(EXECUTION_LOG);
  }

  static Schema workItemSchema(String model, int dimension) {
    return Columns.schema(
        List.of(
            Columns.requiredText("id"),
            Columns.text("item_id"),
            Columns.text("title"),
            Columns.text("description"),
            Columns.vector("vector", dimension),
            Columns.text("item_type"),
            Columns.text("status"),
            Columns.text("priority"),
            Columns.text("assignee"),
            Columns.textList("tags"),
            Columns.textList("context_tags"),
            Columns.text("complexity"),
            Columns.text("notes"),
            Columns.textList("acceptance_criteria"),
            Columns.float64("estimated_hours"),
            Columns.float64("actual_hours"),
            Columns.float64("progress"),
            Columns.text("parent_id"),
            Columns.textList("dependencies"),
            Columns.text("sequence_number"),
            Columns.int32("order_index"),
            Columns.bool("executable"),
            Columns.text("execution_instructions"),
            Columns.timestamp("created_at"),
            Columns.timestamp("updated_at"),
            Columns.text("metadata")),
        metadata(WORK_ITEM, model, dimension));
  }

  static Schema executionLogSchema() {
    return Columns.schema(
        List.of(
            Columns.requiredText("id"),
            Columns.text("log_id"),
            Columns.text("work_item_id"),
            Columns.text("action"),
            Columns.text("status"),
            Columns.text("agent_id"),
            Columns.text("details"),
            Columns.text("error_message"),
            Columns.float64("duration_seconds"),
            Columns.timestamp("timestamp"),
            Columns.text("metadata")),
        metadata(EXECUTION_LOG, null, null));
  }

  static Schema architectureSchema(String model, int dimension) {
    return Columns.schema(
        List.of(
            Columns.requiredText("id"),
            Columns.text("unique_slug"),
            Columns.text("title"),
            Columns.textList("ai_when_to_use"),
            Columns.text("ai_requirements"),
            Columns.vector("vector", dimension),
            Columns.textList("keywords"),
            Columns.textList("children_slugs"),
            Columns.textList("related_slugs"),
            Columns.textList("linked_epic_ids"),
            Columns.textList("tags"),
            Columns.timestamp("created_on"),
            Columns.timestamp("last_updated_on"),
            Columns.text("metadata")),
        metadata(ARCHITECTURE, model, dimension));
  }

  static Schema troubleshootSchema(String model, int dimension) {
    return Columns.schema(
        List.of(
            Columns.requiredText("id"),
            Columns.text("unique_slug"),
            Columns.text("title"),
            Columns.textList("ai_use_case"),
            Columns.text("ai_solutions"),
            Columns.text("search_text"),
            Columns.vector("vector", dimension),
            Columns.textList("keywords"),
            Columns.textList("tags"),
            Columns.int32("usage_count"),
            Columns.int32("success_count"),
            Columns.timestamp("created_on"),
            Columns.timestamp("last_updated_on"),
            Columns.text("metadata")),
        metadata(TROUBLESHOOT, model, dimension));
  }

  public static Map<String, Object> row(WorkItem w) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", w.id());
    r.put("item_id", w.itemId());
    r.put("title", w.title());
    r.put("description", w.description());
    r.put("vector", w.vector());
    r.put("item_type", w.itemType().wireName());
    r.put("status", w.status().wireName());
    r.put("priority", w.priority().wireName());
    r.put("assignee", w.assignee());
    r.put("tags", w.tags());
    r.put("context_tags", w.contextTags());
    r.put("complexity", w.complexity() == null ? null : w.complexity().wireName());
    r.put("notes", w.notes());
    r.put("acceptance_criteria", w.acceptanceCriteria());
    r.put("estimated_hours", w.estimatedHours());
    r.put("actual_hours", w.actualHours());
    r.put("progress", w.progress());
    r.put("parent_id", w.parentId());
    r.put("dependencies", w.dependencies());
    r.put("sequence_number", w.sequenceNumber());
    r.put("order_index", w.orderIndex());
    r.put("executable", w.executable());
    r.put("execution_instructions", w.executionInstructions());
    r.put("created_at", w.createdAt());
    r.put("updated_at", w.updatedAt());
    r.put("metadata", w.metadata());
    return r;
  }

  public static WorkItem workItem(Map<String, Object> r) {
    return WorkItem.builder()
        .id(str(r, "id"))
        .itemId(str(r, "item_id"))
        .title(str(r, "title"))
        .description(str(r, "description"))
        .vector((float[]) r.get("vector"))
        .itemType(WorkItemType.parse(str(r, "item_type")))
        .status(Status.parse(str(r, "status")))
        .priority(Priority.parse(str(r, "priority")))
        .assignee(str(r, "assignee"))
        .tags(strings(r, "tags"))
        .contextTags(strings(r, "context_tags"))
        .complexity(r.get("complexity") == null ? null : Complexity.parse(str(r, "complexity")))
        .notes(str(r, "notes"))
        .acceptanceCriteria(strings(r, "acceptance_criteria"))
        .estimatedHours((Double) r.get("estimated_hours"))
        .actualHours((Double) r.get("actual_hours"))
        .progress(r.get("progress") == null ? 0 : (Double) r.get("progress"))
        .parentId(str(r, "parent_id"))
        .dependencies(strings(r, "dependencies"))
        .sequenceNumber(str(r, "sequence_number"))
        .orderIndex(r.get("order_index") == null ? 0 : (Integer) r.get("order_index"))
        .executable(r.get("executable") == null || (Boolean) r.get("executable"))
        .executionInstructions(str(r, "execution_instructions"))
        .createdAt((Instant) r.get("created_at"))
        .updatedAt((Instant) r.get("updated_at"))
        .metadata(str(r, "metadata"))
        .build();
  }

  public static Map<String, Object> row(ExecutionLog l) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", l.id());
    r.put("log_id", l.logId());
    r.put("work_item_id", l.workItemId());
    r.put("action", l.action());
    r.put("status", l.status());
    r.put("agent_id", l.agentId());
    r.put("details", l.details());
    r.put("error_message", l.errorMessage());
    r.put("duration_seconds", l.durationSeconds());
    r.put("timestamp", l.timestamp());
    r.put("metadata", l.metadata());
    return r;
  }

  public static ExecutionLog executionLog(Map<String, Object> r) {
    return new ExecutionLog(
        str(r, "id"),
        str(r, "log_id"),
        str(r, "work_item_id"),
        str(r, "action"),
        str(r, "status"),
        str(r, "agent_id"),
        str(r, "details"),
        str(r, "error_message"),
        r.get("duration_seconds") == null ? 0 : (Double) r.get("duration_seconds"),
        (Instant) r.get("timestamp"),
        str(r, "metadata"));
  }

  public static Map<String, Object> row(ArchitectureMemory m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", m.id());
    r.put("unique_slug", m.uniqueSlug());
    r.put("title", m.title());
    r.put("ai_when_to_use", m.aiWhenToUse());
    r.put("ai_requirements", m.aiRequirements());
    r.put("vector", m.vector());
    r.put("keywords", m.keywords());
    r.put("children_slugs", m.childrenSlugs());
    r.put("related_slugs", m.relatedSlugs());
    r.put("linked_epic_ids", m.linkedEpicIds());
    r.put("tags", m.tags());
    r.put("created_on", m.createdOn());
    r.put("last_updated_on", m.lastUpdatedOn());
    r.put("metadata", m.metadata());
    return r;
  }

  public static ArchitectureMemory architecture(Map<String, Object> r) {
    return new ArchitectureMemory(
        str(r, "id"),
        str(r, "unique_slug"),
        str(r, "title"),
        strings(r, "ai_when_to_use"),
        str(r, "ai_requirements"),
        (float[]) r.get("vector"),
        strings(r, "keywords"),
        strings(r, "children_slugs"),
        strings(r, "related_slugs"),
        strings(r, "linked_epic_ids"),
        strings(r, "tags"),
        (Instant) r.get("created_on"),
        (Instant) r.get("last_updated_on"),
        str(r, "metadata"));
  }

  public static Map<String, Object> row(TroubleshootMemory m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", m.id());
    r.put("unique_slug", m.uniqueSlug());
    r.put("title", m.title());
    r.put("ai_use_case", m.aiUseCase());
    r.put("ai_solutions", m.aiSolutions());
    r.put("search_text", m.searchText());
    r.put("vector", m.vector());
    r.put("keywords", m.keywords());
    r.put("tags", m.tags());
    r.put("usage_count", m.usageCount());
    r.put("success_count", m.successCount());
    r.put("created_on", m.createdOn());
    r.put("last_updated_on", m.lastUpdatedOn());
    r.put("metadata", m.metadata());
    return r;
  }

  public static TroubleshootMemory troubleshoot(Map<String, Object> r) {
    return new TroubleshootMemory(
        str(r, "id"),
        str(r, "unique_slug"),
        str(r, "title"),
        strings(r, "ai_use_case"),
        str(r, "ai_solutions"),
        str(r, "search_text"),
        (float[]) r.get("vector"),
        strings(r, "keywords"),
        strings(r, "tags"),
        r.get("usage_count") == null ? 0 : (Integer) r.get("usage_count"),
        r.get("success_count") == null ? 0 : (Integer) r.get("success_count"),
        (Instant) r.get("created_on"),
        (Instant) r.get("last_updated_on"),
        str(r, "metadata"));
  }

  private static String str(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v == null ? null : v.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v == null ? List.of() : (List<String>) v;
  }
}
