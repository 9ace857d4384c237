package dev.jive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.ArchitectureMemory;
import dev.jive.core.ExecutionLog;
import dev.jive.core.InvalidInputException;
import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.core.rules.WorkItemValidation;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code jive} profile: an old MCP Jive backup into the tables the MCP server reads. It mends
 * what the old system let through instead of dropping it: {@code content}/{@code type} read as
 * {@code description}/{@code item_type}, metadata objects stored as JSON text, dates in any of the
 * old forms, parents that are missing or may not hold the item (the item becomes a root),
 * dependencies on missing items or closing a cycle (dropped), and lists or notes over the limits
 * (cut, the rest kept in metadata). Every mend is reported. Ids already in the store are skipped,
 * so running it again adds nothing twice.
 */
final class JiveProfileMigration {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LanceDBManager store;
  private final Consumer<String> out;
  private final MigrationReport report = new MigrationReport();
  private final boolean dryRun;
  private final boolean resume;
  private final String model;
  private final int dimension;
  private Progress progress = Progress.NONE;

  JiveProfileMigration(LanceDBManager store, Consumer<String> out) {
    this(store, out, false, false, store.embedder().modelName(), store.embedder().dimension());
  }

  /**
   * @param store null only for a dry run over a data path that does not exist yet
   * @param dryRun read, mend and count everything, write nothing
   * @param resume continue an interrupted migration: no new {@code pre-migration} tag
   */
  JiveProfileMigration(
      LanceDBManager store,
      Consumer<String> out,
      boolean dryRun,
      boolean resume,
      String model,
      int dimension) {
    this.store = store;
    this.out = out;
    this.dryRun = dryRun;
    this.resume = resume;
    this.model = model;
    this.dimension = dimension;
  }

  private boolean reembedAll;

  /** Drops every source vector: all items are embedded with the store's model (--reembed). */
  JiveProfileMigration reembedAll(boolean all) {
    this.reembedAll = all;
    return this;
  }

  /** Work items per commit (1,000 by default): an interrupted run keeps whole batches. */
  static final int DEFAULT_BATCH = 1000;

  private int batchSize = DEFAULT_BATCH;

  JiveProfileMigration batchSize(int n) {
    this.batchSize = n;
    return this;
  }

  JiveProfileMigration progress(Progress p) {
    this.progress = p;
    return this;
  }

  /** How far the write phase has got, for a progress bar or plain lines. */
  interface Progress {
    void update(String table, long done, long total);

    Progress NONE = (table, done, total) -> {};
  }

  MigrationReport run(Backup backup) throws IOException {
    boolean hasData =
        store != null
            && !store.listTables().isEmpty()
            && store.countWorkItems(Filter.matchAll()) > 0;
    if (hasData && !dryRun && !resume) {
      // Over existing data: a tag to roll back to (jive-migrate rollback --to-tag pre-migration).
      // A resumed run keeps the tag the interrupted run made, which points before any of it.
      report.note(
          "the store already held data: tagged 'pre-migration' at "
              + store.tagAll("pre-migration"));
    }
    List<ArchitectureMemory> architecture = new ArrayList<>();
    List<TroubleshootMemory> troubleshooting = new ArrayList<>();
    Map<String, WorkItem> items = new LinkedHashMap<>();
    List<ExecutionLog> logs = new ArrayList<>();
    for (BackupManifest.FileEntry f : backup.manifest().files()) {
      String kind = kindOf(f);
      long[] seen = {0};
      backup.forEachObject(
          f,
          o -> {
            seen[0]++;
            try {
              switch (kind) {
                case "WorkItem", "Task" -> {
                  WorkItem w = workItem(o, kind.equals("Task"));
                  items.putIfAbsent(w.id(), w);
                }
                case "ExecutionLog" -> logs.add(executionLog(o));
                case "ArchitectureMemory" -> architecture.add(architecture(o));
                case "TroubleshootMemory" -> troubleshooting.add(troubleshoot(o));
                default -> {}
              }
            } catch (InvalidInputException e) {
              report.failed(f.className(), o.path("id").asText(), e.getMessage());
            }
          });
      if (kind.equals("SearchIndex") || kind.equals("other")) {
        report.note(
            f.path()
                + ": "
                + seen[0]
                + " objects not migrated ("
                + (kind.equals("SearchIndex")
                    ? "the old search index is derived data; the store's full-text index replaces it"
                    : "not an MCP Jive collection")
                + ")");
      } else {
        report.read(kind, seen[0]);
      }
      out.accept("read " + f.path() + ": " + seen[0] + " objects");
    }
    List<WorkItem> mended = mend(items);
    List<WorkItem> stored = hasData ? store.allWorkItems() : List.of();
    Set<String> present = new HashSet<>();
    stored.forEach(w -> present.add(w.id()));
    List<WorkItem> fresh =
        numbered(stored, mended.stream().filter(w -> !present.contains(w.id())).toList());
    report.skipped("WorkItem", mended.size() - fresh.size());
    long withVectors = fresh.stream().filter(w -> w.vector() != null).count();
    report.vectors(withVectors, fresh.size() - withVectors, model, dimension);
    if (reembedAll) {
      report.note("--reembed: every work item embedded with " + model + ", source vectors ignored");
    }
    Set<String> presentLogs = new HashSet<>();
    if (store != null && store.tableExists("ExecutionLog")) {
      store.getExecutionLogs(null, Integer.MAX_VALUE).forEach(l -> presentLogs.add(l.id()));
    }
    List<ExecutionLog> freshLogs = logs.stream().filter(l -> presentLogs.add(l.id())).toList();
    report.skipped("ExecutionLog", logs.size() - freshLogs.size());
    if (dryRun) {
      report.wouldWrite("WorkItem", fresh.size());
      report.wouldWrite("ExecutionLog", freshLogs.size());
      report.wouldWrite("ArchitectureMemory", architecture.size());
      report.wouldWrite("TroubleshootMemory", troubleshooting.size());
      return report;
    }
    architecture.forEach(store::putArchitectureMemory);
    troubleshooting.forEach(store::putTroubleshootMemory);
    if (!architecture.isEmpty()) {
      report.written("ArchitectureMemory", architecture.size());
    }
    if (!troubleshooting.isEmpty()) {
      report.written("TroubleshootMemory", troubleshooting.size());
    }
    // One commit per batch: an interrupted run leaves whole batches, and a resumed run skips
    // the ids they hold.
    int batch = batchSize;
    List<WorkItem> inOrder = ordered(fresh);
    for (int from = 0; from < inOrder.size(); from += batch) {
      List<WorkItem> chunk = inOrder.subList(from, Math.min(inOrder.size(), from + batch));
      store.insertWorkItems(chunk);
      report.written("WorkItem", chunk.size());
      progress.update("WorkItem", Math.min(inOrder.size(), from + batch), inOrder.size());
    }
    for (int from = 0; from < freshLogs.size(); from += 5000) {
      List<ExecutionLog> chunk = freshLogs.subList(from, Math.min(freshLogs.size(), from + 5000));
      report.written("ExecutionLog", store.logExecutions(chunk));
      progress.update("ExecutionLog", Math.min(freshLogs.size(), from + 5000), freshLogs.size());
    }
    // Both write only what differs: nothing on a fresh store, the stored items whose numbers the
    // new siblings moved otherwise.
    store.rollUpProgress();
    store.regenerateSequenceNumbers();
    return report;
  }

  /**
   * The new items with their final sequence numbers (and creation times), numbered with the stored
   * ones: written once as they will stay, instead of renumbered, row by row, after the load.
   */
  private static List<WorkItem> numbered(List<WorkItem> stored, List<WorkItem> fresh) {
    Instant now = Instant.now();
    List<WorkItem> stamped = new ArrayList<>(fresh.size());
    for (WorkItem w : fresh) {
      stamped.add(
          w.createdAt() != null && w.updatedAt() != null
              ? w
              : w.toBuilder()
                  .createdAt(w.createdAt() == null ? now : w.createdAt())
                  .updatedAt(w.updatedAt() == null ? now : w.updatedAt())
                  .build());
    }
    List<WorkItem> all = new ArrayList<>(stored);
    all.addAll(stamped);
    Map<String, String> numbers = SequenceNumbers.regenerate(all);
    List<WorkItem> out = new ArrayList<>(stamped.size());
    for (WorkItem w : stamped) {
      out.add(w.toBuilder().sequenceNumber(numbers.get(w.id())).build());
    }
    return out;
  }

  /** Parents before children, so each batch's parents exist in the store or the batch. */
  private static List<WorkItem> ordered(List<WorkItem> items) {
    Map<String, WorkItem> byId = new HashMap<>();
    items.forEach(w -> byId.put(w.id(), w));
    List<WorkItem> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (WorkItem w : items) {
      List<WorkItem> chain = new ArrayList<>();
      for (WorkItem c = w;
          c != null && !done.contains(c.id());
          c = c.isRoot() ? null : byId.get(c.parentId())) {
        chain.add(0, c);
      }
      for (WorkItem c : chain) {
        if (done.add(c.id())) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private List<WorkItem> mend(Map<String, WorkItem> items) {
    Map<String, WorkItem> out = new LinkedHashMap<>(items);
    for (WorkItem w : items.values()) {
      WorkItem fixed = w;
      if (!w.isRoot()) {
        WorkItem parent = items.get(w.parentId());
        if (parent == null) {
          fixed = fixed.toBuilder().parentId(null).build();
          report.mended(
              w.id(), "parent " + w.parentId() + " is not in the backup: made a root item");
        } else if (!HierarchyRules.canParent(parent.itemType(), w.itemType())) {
          fixed = fixed.toBuilder().parentId(null).build();
          report.mended(
              w.id(),
              "a " + parent.itemType() + " may not hold a " + w.itemType() + ": made a root item");
        }
      }
      out.put(w.id(), fixed);
    }
    // Parent loops: walk up; an item that reaches itself is detached.
    for (WorkItem w : new ArrayList<>(out.values())) {
      Set<String> seen = new HashSet<>();
      for (WorkItem c = w; c != null && !c.isRoot(); c = out.get(c.parentId())) {
        if (!seen.add(c.id())) {
          out.put(w.id(), out.get(w.id()).toBuilder().parentId(null).build());
          report.mended(w.id(), "parent chain loops: made a root item");
          break;
        }
      }
    }
    Map<String, List<String>> kept = new HashMap<>();
    out.keySet().forEach(id -> kept.put(id, new ArrayList<>()));
    for (WorkItem w : out.values()) {
      for (String d : w.dependencies()) {
        if (!out.containsKey(d) || d.equals(w.id())) {
          report.mended(w.id(), "dependency on " + d + " dropped (no such item)");
        } else if (DependencyGraph.of(kept).cycleIfAdded(w.id(), d).isPresent()) {
          report.mended(w.id(), "dependency on " + d + " dropped (it closed a cycle)");
        } else {
          kept.get(w.id()).add(d);
        }
      }
    }
    List<WorkItem> result = new ArrayList<>();
    for (WorkItem w : out.values()) {
      result.add(w.toBuilder().dependencies(kept.get(w.id())).build());
    }
    return result;
  }

  /** The table the jive profile writes a backup file's objects to (or SearchIndex / other). */
  static String kindOf(BackupManifest.FileEntry f) {
    String key = (f.path() + " " + f.className()).toLowerCase();
    if (key.contains("searchindex")) {
      return "SearchIndex";
    } else if (key.contains("executionlog")) {
      return "ExecutionLog";
    } else if (key.contains("architecture")) {
      return "ArchitectureMemory";
    } else if (key.contains("troubleshoot")) {
      return "TroubleshootMemory";
    } else if (key.contains("task") && !key.contains("workitem")) {
      return "Task";
    } else if (key.contains("workitem")) {
      return "WorkItem";
    }
    return "other";
  }

  /**
   * The first {@code max} entries of a list the store limits; the rest kept in metadata as {@code
   * <field>_beyond_<max>}.
   */
  private List<String> cutList(
      String id, String field, List<String> values, int max, Map<String, Object> extra) {
    if (values.size() <= max) {
      return values;
    }
    extra.put(field + "_beyond_" + max, values.subList(max, values.size()));
    report.mended(
        id, "more than " + max + " " + field.replace('_', ' ') + ": the rest kept in metadata");
    return values.subList(0, max);
  }

  /** A text cut at the store's limit; the full text kept in metadata as {@code <field>_full}. */
  private String cutText(
      String id, String field, String value, int max, Map<String, Object> extra) {
    if (value == null || value.length() <= max) {
      return value;
    }
    extra.put(field + "_full", value);
    report.mended(id, field + " over " + max + " characters: cut, the full text kept in metadata");
    return value.substring(0, max);
  }

  private WorkItem workItem(ObjectNode o, boolean oldTask) {
    JsonNode p = o.path("properties");
    String id = o.path("id").asText();
    Map<String, Object> extra = new LinkedHashMap<>();
    if (p.path("metadata").isObject()) {
      p.path("metadata").fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue()));
    } else if (p.path("metadata").isTextual() && !p.path("metadata").asText().isBlank()) {
      extra.put("original_metadata", p.path("metadata").asText());
    }
    String title = text(p, "title");
    if (title == null || title.isBlank()) {
      throw new InvalidInputException("title", "work item " + id + " has no title");
    }
    List<String> criteria =
        cutList(
            id,
            "acceptance_criteria",
            list(p, "acceptance_criteria"),
            WorkItemValidation.MAX_ACCEPTANCE_CRITERIA,
            extra);
    List<String> contextTags =
        cutList(
            id,
            "context_tags",
            list(p, "context_tags"),
            WorkItemValidation.MAX_CONTEXT_TAGS,
            extra);
    List<String> tags = cutList(id, "tags", list(p, "tags"), WorkItemValidation.MAX_TAGS, extra);
    String notes =
        cutText(id, "notes", text(p, "notes"), WorkItemValidation.MAX_NOTES_LENGTH, extra);
    String description =
        cutText(
            id,
            "description",
            text(p, "description") != null ? text(p, "description") : text(p, "content"),
            WorkItemValidation.MAX_DESCRIPTION_LENGTH,
            extra);
    String type = text(p, "item_type") != null ? text(p, "item_type") : text(p, "type");
    float[] vector = vector(o.path("vector"));
    if (vector != null && (reembedAll || vector.length != dimension)) {
      vector = null;
    }
    Double progress = number(p, "progress");
    WorkItem item =
        WorkItem.builder()
            .id(id)
            .itemId(text(p, "item_id"))
            .title(title)
            .description(description)
            .itemType(oldTask ? WorkItemType.TASK : WorkItemType.parse(type))
            .status(Status.tryParse(text(p, "status")).orElse(Status.NOT_STARTED))
            .priority(Priority.tryParse(text(p, "priority")).orElse(Priority.MEDIUM))
            .assignee(text(p, "assignee"))
            .tags(tags)
            .contextTags(contextTags)
            .notes(notes)
            .acceptanceCriteria(criteria)
            .estimatedHours(number(p, "estimated_hours"))
            .actualHours(number(p, "actual_hours"))
            .progress(progress == null ? 0 : Math.max(0, Math.min(100, progress)))
            .parentId(text(p, "parent_id"))
            .dependencies(list(p, "dependencies"))
            .createdAt(time(p, "created_at"))
            .updatedAt(time(p, "updated_at"))
            .vector(vector)
            .metadata(write(extra))
            .build();
    // Self-references are mended later; everything else about the item must already hold.
    WorkItemValidation.validate(
        item.toBuilder()
            .parentId(id.equals(item.parentId()) ? null : item.parentId())
            .dependencies(List.of())
            .build());
    return item;
  }

  private ExecutionLog executionLog(ObjectNode o) {
    JsonNode p = o.path("properties");
    Double duration = number(p, "duration_seconds");
    Instant at = time(p, "timestamp");
    return new ExecutionLog(
        o.path("id").asText(),
        text(p, "log_id"),
        text(p, "work_item_id"),
        text(p, "action"),
        text(p, "status"),
        text(p, "agent_id"),
        text(p, "details"),
        text(p, "error_message"),
        duration == null ? 0 : Math.max(0, duration),
        at == null ? Instant.EPOCH : at,
        p.path("metadata").isObject()
            ? write(JSON.convertValue(p.path("metadata"), Map.class))
            : text(p, "metadata"));
  }

  private ArchitectureMemory architecture(ObjectNode o) {
    JsonNode p = o.path("properties");
    return new ArchitectureMemory(
        o.path("id").asText(),
        text(p, "unique_slug"),
        text(p, "title"),
        list(p, "ai_when_to_use"),
        text(p, "ai_requirements"),
        null,
        list(p, "keywords"),
        list(p, "children_slugs"),
        list(p, "related_slugs"),
        list(p, "linked_epic_ids"),
        list(p, "tags"),
        time(p, "created_on"),
        time(p, "last_updated_on"),
        null);
  }

  private TroubleshootMemory troubleshoot(ObjectNode o) {
    JsonNode p = o.path("properties");
    Double uses = number(p, "usage_count");
    Double ok = number(p, "success_count");
    return new TroubleshootMemory(
        o.path("id").asText(),
        text(p, "unique_slug"),
        text(p, "title"),
        list(p, "ai_use_case"),
        text(p, "ai_solutions"),
        null,
        null,
        list(p, "keywords"),
        list(p, "tags"),
        uses == null ? 0 : uses.intValue(),
        ok == null ? 0 : ok.intValue(),
        time(p, "created_on"),
        time(p, "last_updated_on"),
        null);
  }

  private static String text(JsonNode p, String field) {
    JsonNode n = p.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Double number(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> list(JsonNode p, String field) {
    JsonNode n = p.get(field);
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(
          e -> {
            if (!e.isNull() && !e.asText().isBlank()) {
              out.add(e.asText());
            }
          });
    } else if (n != null && n.isTextual() && !n.asText().isBlank()) {
      out.add(n.asText());
    }
    return out;
  }

  /** RFC 3339 text, a date without a zone (read as UTC), or epoch seconds or milliseconds. */
  static Instant time(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      long v = n.asLong();
      return v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
    }
    String s = n.asText().strip();
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static float[] vector(JsonNode n) {
    if (n == null || !n.isArray() || n.isEmpty()) {
      return null;
    }
    float[] v = new float[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) n.get(i).asDouble();
    }
    return v;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      return "{}";
    }
  }
}
