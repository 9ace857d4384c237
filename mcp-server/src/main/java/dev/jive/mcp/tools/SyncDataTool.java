package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import dev.jive.core.NotFoundException;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.core.rules.ProgressRollup;
import dev.jive.core.rules.WorkItemValidation;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.versions.TableVersion;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code jive_sync_data}: keeps {@code .jivedev/tasks} files and the store in step (either way or
 * both, with a merge strategy), snapshots and restores the store, checks its integrity, and
 * regenerates sequence numbers and progress.
 */
final class SyncDataTool implements JiveTool {
  private static final List<String> ACTIONS =
      List.of(
          "sync",
          "status",
          "backup",
          "restore",
          "validate",
          "regenerate_sequence_numbers",
          "recalculate_progress");
  private static final List<String> DIRECTIONS =
      List.of("db_to_file", "file_to_db", "bidirectional");
  private static final List<String> STRATEGIES =
      List.of("merge", "overwrite", "append", "skip_existing");

  /** Fields a file cannot set on an existing item: identity and bookkeeping the store owns. */
  private static final Set<String> NOT_PATCHED =
      Set.of("id", "created_at", "updated_at", "sequence_number", "progress_from_children");

  static final String BACKUP_PREFIX = "backup-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Override
  public String name() {
    return "jive_sync_data";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.requireChoice("action", ACTIONS);
    return switch (action) {
      case "sync" -> sync(args, ctx);
      case "status" -> status(args, ctx);
      case "backup" -> backup(args, ctx);
      case "restore" -> restore(args, ctx);
      case "validate" -> validate(ctx);
      case "regenerate_sequence_numbers" -> {
        Map<String, String> changed = ctx.store().regenerateSequenceNumbers();
        yield new ToolOutput(
            Views.result(action, "changed", changed, "changed_count", changed.size()),
            "Sequence numbers regenerated: " + changed.size() + " changed");
      }
      default -> {
        Map<String, Double> changed = ctx.store().rollUpProgress();
        yield new ToolOutput(
            Views.result(action, "changed", changed, "changed_count", changed.size()),
            "Progress recalculated: " + changed.size() + " item(s) changed");
      }
    };
  }

  private static TaskFiles files(Args args, ToolContext ctx) {
    String format = TaskFiles.normaliseFormat(args.choice("format", TaskFiles.FORMATS, "json"));
    String path = args.text("file_path").orElse(TaskFiles.defaultPath(format));
    return new TaskFiles(ProjectFiles.resolve(ctx, "file_path", path), format);
  }

  private static Map<String, Object> fileView(WorkItem w) {
    return Views.item(w, "detailed", true);
  }

  /** Whether the file holds what the store holds, field by field. */
  private static boolean same(Map<String, Object> file, Map<String, Object> db) {
    for (String c : TaskFiles.COLUMNS) {
      if (c.equals("updated_at") || c.equals("sequence_number")) {
        continue;
      }
      if (!canonical(file.get(c)).equals(canonical(db.get(c)))) {
        return false;
      }
    }
    return true;
  }

  private static String canonical(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Collection<?> c && c.isEmpty()) {
      return "";
    }
    if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return "";
    }
    if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
      return Views.json(v);
    }
    if (v instanceof Number n) {
      return Double.toString(n.doubleValue());
    }
    String s = v.toString();
    try {
      return Double.toString(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return s.strip();
    }
  }

  private static Instant updatedAt(Map<String, Object> fields) {
    Object v = fields.get("updated_at");
    try {
      return v == null ? Instant.EPOCH : Instant.parse(v.toString());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  private ToolOutput sync(Args args, ToolContext ctx) {
    String direction = args.choice("sync_direction", DIRECTIONS, "db_to_file");
    String strategy = args.choice("merge_strategy", STRATEGIES, "merge");
    TaskFiles files = files(args, ctx);
    Map<String, TaskFiles.FileItem> onDisk = files.read();
    Map<String, WorkItem> db = new LinkedHashMap<>();
    ctx.store().allWorkItems().forEach(w -> db.put(w.id(), w));
    List<Map<String, Object>> toFiles = new ArrayList<>();
    List<Map<String, Object>> toCreate = new ArrayList<>();
    Map<String, Map<String, Object>> toUpdate = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    boolean toFile = !direction.equals("file_to_db");
    boolean toDb = !direction.equals("db_to_file");
    Set<String> ids = new TreeSet<>(db.keySet());
    ids.addAll(onDisk.keySet());
    for (String id : ids) {
      WorkItem row = db.get(id);
      TaskFiles.FileItem file = onDisk.get(id);
      Map<String, Object> dbView = row == null ? null : fileView(row);
      if (row != null && file == null) {
        if (toFile) {
          toFiles.add(dbView);
        }
        continue;
      }
      if (row == null) {
        if (toDb) {
          toCreate.add(file.fields());
        }
        continue;
      }
      if (strategy.equals("append") && toDb && !toFile) {
        toCreate.add(file.fields());
        continue;
      }
      if (same(file.fields(), dbView)) {
        continue;
      }
      boolean fileNewer =
          updatedAt(file.fields())
              .isAfter(row.updatedAt() == null ? Instant.EPOCH : row.updatedAt());
      if (strategy.equals("skip_existing")) {
        skipped.add(id);
      } else if (direction.equals("bidirectional") || strategy.equals("merge")) {
        if (fileNewer && toDb) {
          toUpdate.put(id, file.fields());
        } else if (!fileNewer && toFile) {
          toFiles.add(dbView);
        } else {
          skipped.add(id);
        }
      } else if (toDb) {
        toUpdate.put(id, file.fields());
      } else {
        toFiles.add(dbView);
      }
    }
    List<String> created = create(toCreate, strategy.equals("append"), ctx);
    List<String> updated = new ArrayList<>();
    int done = 0;
    int total = toUpdate.size() + toFiles.size();
    for (Map.Entry<String, Map<String, Object>> e : toUpdate.entrySet()) {
      Map<String, Object> patch = new LinkedHashMap<>(e.getValue());
      NOT_PATCHED.forEach(patch::remove);
      patch.keySet().retainAll(TaskFiles.COLUMNS);
      ctx.store().updateWorkItem(e.getKey(), WorkItemPatch.of(patch));
      updated.add(e.getKey());
      ctx.client().progress(++done, total, "updated " + e.getKey());
    }
    if (toFile) {
      // After the db side changed, the files get the store's current view of what they hold.
      Map<String, Map<String, Object>> all = new LinkedHashMap<>();
      onDisk.forEach((id, f) -> all.put(id, f.fields()));
      List<Map<String, Object>> changed = new ArrayList<>(toFiles);
      for (String id : updated) {
        ctx.store().findById(id).ifPresent(w -> changed.add(fileView(w)));
      }
      if (!created.isEmpty() && !strategy.equals("append")) {
        for (String id : created) {
          ctx.store().findById(id).ifPresent(w -> changed.add(fileView(w)));
        }
      }
      changed.forEach(m -> all.put(String.valueOf(m.get("id")), m));
      if (!changed.isEmpty()) {
        files.write(changed, onDisk, all.values());
      }
      done += toFiles.size();
      ctx.client().progress(done, total, "files written");
      toFiles = changed;
    }
    Map<String, Object> out =
        Views.result(
            "sync",
            "sync_direction",
            direction,
            "merge_strategy",
            strategy,
            "format",
            args.choice("format", TaskFiles.FORMATS, "json"),
            "location",
            files.location().toString(),
            "files_written",
            toFiles.size(),
            "created_in_db",
            created.size(),
            "updated_in_db",
            updated.size(),
            "skipped",
            skipped);
    return new ToolOutput(
        out,
        "Sync "
            + direction
            + " ("
            + strategy
            + ") with "
            + files.location()
            + ": "
            + toFiles.size()
            + " file(s) written, "
            + created.size()
            + " item(s) created and "
            + updated.size()
            + " updated in the store, "
            + skipped.size()
            + " skipped");
  }

  /**
   * Creates items read from files in one all-or-nothing insert, parents first. With {@code fresh}
   * (append) every item gets a new id and links among them follow.
   */
  private static List<String> create(
      List<Map<String, Object>> items, boolean fresh, ToolContext ctx) {
    if (items.isEmpty()) {
      return List.of();
    }
    Map<String, String> newIds = new HashMap<>();
    for (Map<String, Object> m : items) {
      String id = String.valueOf(m.get("id"));
      newIds.put(id, fresh ? LanceDBManager.newId() : id);
    }
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> m : items) {
      Map<String, Object> f = new LinkedHashMap<>(m);
      f.keySet().retainAll(TaskFiles.COLUMNS);
      f.remove("sequence_number");
      String oldId = String.valueOf(m.get("id"));
      f.put("id", newIds.get(oldId));
      if (fresh) {
        f.remove("item_id");
        Object parent = f.get("parent_id");
        if (parent != null && newIds.containsKey(parent.toString())) {
          f.put("parent_id", newIds.get(parent.toString()));
        }
        Object deps = f.get("dependencies");
        if (deps instanceof List<?> l) {
          f.put(
              "dependencies",
              l.stream()
                  .map(d -> newIds.getOrDefault(String.valueOf(d), String.valueOf(d)))
                  .toList());
        }
      }
      byId.put(newIds.get(oldId), f);
    }
    // Parents before children: a depth-first walk over the batch's own parent links.
    List<WorkItem> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    for (String id : byId.keySet()) {
      place(id, byId, placed, ordered, new HashSet<>());
    }
    ctx.store().insertWorkItems(ordered);
    return ordered.stream().map(WorkItem::id).toList();
  }

  private static void place(
      String id,
      Map<String, Map<String, Object>> byId,
      Set<String> placed,
      List<WorkItem> out,
      Set<String> path) {
    if (placed.contains(id)) {
      return;
    }
    if (!path.add(id)) {
      throw new InvalidInputException(
          "file_path", "the files' parent links form a loop through " + id);
    }
    Map<String, Object> f = byId.get(id);
    Object parent = f.get("parent_id");
    if (parent != null && byId.containsKey(parent.toString())) {
      place(parent.toString(), byId, placed, out, path);
    }
    try {
      out.add(LanceDBManager.workItemFromFields(f));
    } catch (InvalidInputException e) {
      throw new InvalidInputException("file_path", "item " + id + ": " + e.getMessage());
    }
    placed.add(id);
  }

  private ToolOutput status(Args args, ToolContext ctx) {
    TaskFiles files = files(args, ctx);
    Map<String, TaskFiles.FileItem> onDisk = files.read();
    List<String> dbOnly = new ArrayList<>();
    List<String> fileOnly = new ArrayList<>();
    List<String> dbNewer = new ArrayList<>();
    List<String> fileNewer = new ArrayList<>();
    int inSync = 0;
    List<WorkItem> all = ctx.store().allWorkItems();
    Set<String> seen = new HashSet<>();
    for (WorkItem w : all) {
      seen.add(w.id());
      TaskFiles.FileItem f = onDisk.get(w.id());
      if (f == null) {
        dbOnly.add(w.id());
      } else if (same(f.fields(), fileView(w))) {
        inSync++;
      } else if (updatedAt(f.fields())
          .isAfter(w.updatedAt() == null ? Instant.EPOCH : w.updatedAt())) {
        fileNewer.add(w.id());
      } else {
        dbNewer.add(w.id());
      }
    }
    onDisk.keySet().stream().filter(id -> !seen.contains(id)).forEach(fileOnly::add);
    boolean synced =
        dbOnly.isEmpty() && fileOnly.isEmpty() && dbNewer.isEmpty() && fileNewer.isEmpty();
    Map<String, Object> out =
        Views.result(
            "status",
            "location",
            files.location().toString(),
            "in_sync",
            synced,
            "db_items",
            all.size(),
            "file_items",
            onDisk.size(),
            "identical",
            inSync,
            "db_only",
            dbOnly,
            "file_only",
            fileOnly,
            "db_newer",
            dbNewer,
            "file_newer",
            fileNewer);
    return new ToolOutput(
        out,
        (synced ? "In sync: " : "Out of sync: ")
            + all.size()
            + " item(s) in the store, "
            + onDisk.size()
            + " in "
            + files.location()
            + "; "
            + inSync
            + " identical, "
            + dbOnly.size()
            + " only in the store, "
            + fileOnly.size()
            + " only in files, "
            + dbNewer.size()
            + " newer in the store, "
            + fileNewer.size()
            + " newer in files");
  }

  private ToolOutput backup(Args args, ToolContext ctx) {
    Args config = args.object("backup_config");
    String name =
        config.text("backup_name").map(ProjectFiles::slug).orElse(STAMP.format(ctx.now()));
    String tag = BACKUP_PREFIX + name;
    ctx.store().ensureTablesExist();
    Map<String, Long> tagged = ctx.store().tagAll(tag);
    ctx.client().info("backup " + tag + " taken");
    return new ToolOutput(
        Views.result("backup", "backup_id", tag, "tables", tagged),
        "Backup "
            + tag
            + " taken (a snapshot of "
            + tagged.size()
            + " table(s) inside the store: "
            + tagged
            + "). Restore it with action=restore restore_config.backup_id="
            + tag);
  }

  /** Backup ids (tags) found on the WorkItem table, newest version first. */
  private static List<String> backups(ToolContext ctx) {
    List<String> out = new ArrayList<>();
    if (!ctx.store().tableExists("WorkItem")) {
      return out;
    }
    List<TableVersion> versions = new ArrayList<>(ctx.store().listVersions("WorkItem"));
    versions.sort((a, b) -> Long.compare(b.version(), a.version()));
    for (TableVersion v : versions) {
      v.tags().stream()
          .filter(t -> t.startsWith(BACKUP_PREFIX) || t.startsWith("pre-"))
          .forEach(out::add);
    }
    return out;
  }

  private ToolOutput restore(Args args, ToolContext ctx) {
    Args config = args.object("restore_config");
    List<String> available = backups(ctx);
    String id =
        config
            .text("backup_id")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "restore_config.backup_id",
                        "is required; available backups: "
                            + (available.isEmpty()
                                ? "none (take one with action=backup)"
                                : String.join(", ", available))));
    if (!available.contains(id)) {
      throw new NotFoundException(
          "restore_config.backup_id: no backup "
              + id
              + "; available: "
              + (available.isEmpty() ? "none" : String.join(", ", available)));
    }
    Map<String, Long> restored = new LinkedHashMap<>();
    List<String> untouched = new ArrayList<>();
    for (String table : ctx.store().listTables()) {
      boolean tagged =
          ctx.store().listVersions(table).stream().anyMatch(v -> v.tags().contains(id));
      if (tagged) {
        restored.put(table, ctx.store().restore(table, id));
      } else {
        untouched.add(table);
      }
    }
    ctx.client().info("restored " + id);
    return new ToolOutput(
        Views.result("restore", "backup_id", id, "restored", restored, "not_in_backup", untouched),
        "Restored "
            + id
            + " into "
            + restored.keySet()
            + (untouched.isEmpty()
                ? ""
                : "; tables created after it were left as they are: " + untouched));
  }

  private ToolOutput validate(ToolContext ctx) {
    Project p = Project.of(ctx);
    List<Map<String, Object>> issues = new ArrayList<>();
    for (WorkItem w : p.byId.values()) {
      try {
        WorkItemValidation.validate(w);
      } catch (JiveException e) {
        issues.add(issue("invalid_field", w, e.getMessage()));
      }
      if (!w.isRoot()) {
        WorkItem parent = p.byId.get(w.parentId());
        if (parent == null) {
          issues.add(issue("orphan", w, "its parent " + w.parentId() + " does not exist"));
        } else if (!HierarchyRules.canParent(parent.itemType(), w.itemType())) {
          issues.add(
              issue(
                  "hierarchy",
                  w,
                  "a "
                      + parent.itemType().wireName()
                      + " may not hold a "
                      + w.itemType().wireName()));
        }
      }
      for (String d : w.dependencies()) {
        if (!p.byId.containsKey(d)) {
          issues.add(issue("missing_dependency", w, "depends on " + d + ", which does not exist"));
        }
      }
    }
    Map<String, List<String>> edges = new LinkedHashMap<>();
    p.byId.values().forEach(w -> edges.put(w.id(), w.dependencies()));
    for (List<String> cycle : DependencyGraph.of(edges).cycles()) {
      issues.add(
          Map.of(
              "kind",
              "cycle",
              "work_item_id",
              cycle.get(0),
              "message",
              "dependency cycle: " + String.join(" -> ", cycle)));
    }
    Map<String, Double> progress = ProgressRollup.changes(p.byId.values());
    progress.forEach(
        (id, v) ->
            issues.add(
                issue(
                    "progress",
                    p.byId.get(id),
                    "progress "
                        + p.byId.get(id).progress()
                        + " should be "
                        + v
                        + " (run action=recalculate_progress)")));
    Map<String, String> seq = new HashMap<>();
    for (WorkItem w : p.byId.values()) {
      if (w.sequenceNumber() != null) {
        String other = seq.put(w.sequenceNumber(), w.id());
        if (other != null) {
          issues.add(
              issue(
                  "sequence_number",
                  w,
                  "shares "
                      + w.sequenceNumber()
                      + " with "
                      + other
                      + " (run action=regenerate_sequence_numbers)"));
        }
      }
    }
    String text =
        issues.isEmpty()
            ? "All " + p.byId.size() + " work item(s) are consistent"
            : issues.size()
                + " problem(s) in "
                + p.byId.size()
                + " work item(s):\n- "
                + String.join(
                    "\n- ",
                    issues.stream().map(i -> i.get("kind") + ": " + i.get("message")).toList());
    return new ToolOutput(
        Views.result(
            "validate",
            "valid",
            issues.isEmpty(),
            "items_checked",
            p.byId.size(),
            "issues",
            issues),
        text);
  }

  private static Map<String, Object> issue(String kind, WorkItem w, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("work_item_id", w.id());
    m.put("message", "'" + w.title() + "' " + message);
    return m;
  }
}
