package dev.jive.mcp.tools;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jive_get_hierarchy}: walks parents, children and dependencies; adds and removes
 * dependencies (refusing cycles); validates the project's graph.
 */
final class HierarchyTool implements JiveTool {
  private static final List<String> RELATIONS =
      List.of(
          "children",
          "parents",
          "dependencies",
          "dependents",
          "full_hierarchy",
          "ancestors",
          "descendants");
  private static final List<String> ACTIONS =
      List.of("get", "add_dependency", "remove_dependency", "validate");
  private static final List<String> DEPENDENCY_TYPES =
      List.of("blocked_by", "blocks", "related", "subtask_of");

  @Override
  public String name() {
    return "jive_get_hierarchy";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.choice("action", ACTIONS, "get");
    // Only a walk reads it; add, remove and validate ignore whatever a client sends.
    String relation =
        action.equals("get")
            ? args.requireChoice("relationship_type", RELATIONS)
            : args.text("relationship_type").orElse(null);
    String ref = args.requireText("work_item_id");
    WorkItem item =
        action.endsWith("_dependency")
            ? References.resolveForWrite(ctx.store(), "work_item_id", ref)
            : References.resolve(ctx.store(), "work_item_id", ref);
    return switch (action) {
      case "add_dependency" -> addDependency(item, args, ctx);
      case "remove_dependency" -> removeDependency(item, args, ctx);
      case "validate" -> validate(item, args, ctx);
      default -> get(item, relation, args, ctx);
    };
  }

  private ToolOutput get(WorkItem item, String relation, Args args, ToolContext ctx) {
    Project p = Project.of(ctx);
    int maxDepth = args.integer("max_depth", 5, 1, 10);
    boolean completed = args.flag("include_completed", true);
    boolean cancelled = args.flag("include_cancelled", false);
    boolean meta = args.flag("include_metadata", false);
    String format = meta ? "detailed" : "summary";
    List<Project.Leveled> found =
        switch (relation) {
          case "children" -> p.descendants(item.id(), 1);
          case "descendants" -> p.descendants(item.id(), maxDepth);
          case "parents" -> p.ancestors(item.id(), 1);
          case "ancestors" -> p.ancestors(item.id(), maxDepth);
          case "dependencies" -> follow(p, item, maxDepth, true);
          case "dependents" -> follow(p, item, maxDepth, false);
          default -> List.of();
        };
    Map<String, Object> out = Views.result("get", "work_item", Views.item(item, "summary", false));
    out.put("relationship_type", relation);
    StringBuilder text = new StringBuilder(Views.line(item));
    if (relation.equals("full_hierarchy")) {
      List<Map<String, Object>> ancestors = new ArrayList<>();
      for (Project.Leveled l : p.ancestors(item.id(), maxDepth)) {
        ancestors.add(Views.item(l.item(), format, meta));
      }
      out.put("ancestors", ancestors);
      out.put("tree", tree(p, item, maxDepth, completed, cancelled, format, meta));
      out.put("dependencies", views(follow(p, item, 1, true), format, meta));
      out.put("dependents", views(follow(p, item, 1, false), format, meta));
      text.setLength(0);
      List<Project.Leveled> up = p.ancestors(item.id(), maxDepth);
      for (int i = up.size() - 1; i >= 0; i--) {
        text.append("  ".repeat(up.size() - 1 - i))
            .append(Views.line(up.get(i).item()))
            .append('\n');
      }
      renderTree(p, item, up.size(), maxDepth, completed, cancelled, text);
      return new ToolOutput(out, text.toString().stripTrailing());
    }
    List<Map<String, Object>> related = new ArrayList<>();
    text.append("\n").append(relation).append(":");
    int shown = 0;
    for (Project.Leveled l : found) {
      if (!keep(l.item(), completed, cancelled)) {
        continue;
      }
      Map<String, Object> v = Views.item(l.item(), format, meta);
      v.put("depth", l.depth());
      related.add(v);
      shown++;
      text.append("\n").append("  ".repeat(l.depth())).append(Views.line(l.item()));
    }
    if (shown == 0) {
      text.append(" (none)");
    }
    out.put("related", related);
    out.put("total", related.size());
    return new ToolOutput(out, text.toString());
  }

  private static List<Map<String, Object>> views(
      List<Project.Leveled> items, String format, boolean meta) {
    List<Map<String, Object>> out = new ArrayList<>();
    items.forEach(l -> out.add(Views.item(l.item(), format, meta)));
    return out;
  }

  /** Dependencies (what this waits for) or dependents (what waits for this), breadth first. */
  private static List<Project.Leveled> follow(
      Project p, WorkItem start, int maxDepth, boolean forward) {
    List<Project.Leveled> out = new ArrayList<>();
    Set<String> seen = new HashSet<>(List.of(start.id()));
    Deque<Project.Leveled> queue = new ArrayDeque<>(List.of(new Project.Leveled(start, 0)));
    while (!queue.isEmpty()) {
      Project.Leveled at = queue.poll();
      if (at.depth() >= maxDepth) {
        continue;
      }
      List<WorkItem> next = new ArrayList<>();
      if (forward) {
        at.item().dependencies().forEach(d -> p.get(d).ifPresent(next::add));
      } else {
        next.addAll(p.dependents(at.item().id()));
      }
      for (WorkItem n : next) {
        if (seen.add(n.id())) {
          Project.Leveled l = new Project.Leveled(n, at.depth() + 1);
          out.add(l);
          queue.add(l);
        }
      }
    }
    return out;
  }

  private static boolean keep(WorkItem w, boolean completed, boolean cancelled) {
    return (completed || w.status() != Status.COMPLETED)
        && (cancelled || w.status() != Status.CANCELLED);
  }

  private static Map<String, Object> tree(
      Project p,
      WorkItem w,
      int depthLeft,
      boolean completed,
      boolean cancelled,
      String format,
      boolean meta) {
    Map<String, Object> node = Views.item(w, format, meta);
    List<Map<String, Object>> kids = new ArrayList<>();
    if (depthLeft > 0) {
      for (WorkItem k : p.children(w.id())) {
        if (keep(k, completed, cancelled)) {
          kids.add(tree(p, k, depthLeft - 1, completed, cancelled, format, meta));
        }
      }
    }
    node.put("children", kids);
    return node;
  }

  private static void renderTree(
      Project p,
      WorkItem w,
      int indent,
      int depthLeft,
      boolean completed,
      boolean cancelled,
      StringBuilder text) {
    text.append("  ".repeat(indent)).append(Views.line(w)).append('\n');
    if (depthLeft > 0) {
      for (WorkItem k : p.children(w.id())) {
        if (keep(k, completed, cancelled)) {
          renderTree(p, k, indent + 1, depthLeft - 1, completed, cancelled, text);
        }
      }
    }
  }

  private ToolOutput addDependency(WorkItem item, Args args, ToolContext ctx) {
    WorkItem target = target(item, args, ctx);
    String type = args.choice("dependency_type", DEPENDENCY_TYPES, "blocked_by");
    WorkItem changed;
    String sentence;
    switch (type) {
      case "blocks" -> {
        changed = ctx.store().addDependency(target.id(), item.id());
        sentence = "'" + target.title() + "' now depends on '" + item.title() + "'";
      }
      case "subtask_of" -> {
        HierarchyRules.requireCanParent(target.itemType(), item.itemType());
        changed =
            ctx.store()
                .updateWorkItem(item.id(), WorkItemPatch.empty().set("parent_id", target.id()));
        sentence = "'" + item.title() + "' is now a child of '" + target.title() + "'";
      }
      case "related" -> {
        changed = ctx.store().updateWorkItem(item.id(), relatedPatch(item, target.id(), true));
        sentence = "'" + item.title() + "' is related to '" + target.title() + "' (no ordering)";
      }
      default -> {
        changed = ctx.store().addDependency(item.id(), target.id());
        sentence = "'" + item.title() + "' now depends on '" + target.title() + "'";
      }
    }
    ctx.client().info(sentence);
    return new ToolOutput(
        Views.result(
            "add_dependency",
            "dependency_type",
            type,
            "work_item",
            Views.item(changed, "summary", false),
            "target",
            Views.item(target, "summary", false),
            "message",
            sentence),
        sentence);
  }

  private ToolOutput removeDependency(WorkItem item, Args args, ToolContext ctx) {
    WorkItem target = target(item, args, ctx);
    String type = args.choice("dependency_type", DEPENDENCY_TYPES, "blocked_by");
    boolean removed;
    switch (type) {
      case "blocks" -> {
        removed = target.dependencies().contains(item.id());
        ctx.store().removeDependency(target.id(), item.id());
      }
      case "related" -> {
        removed = related(item).contains(target.id());
        ctx.store().updateWorkItem(item.id(), relatedPatch(item, target.id(), false));
      }
      case "subtask_of" ->
          throw new InvalidInputException(
              "dependency_type",
              "subtask_of is a parent link; move the item instead (jive_reorder_work_items move)");
      default -> {
        removed = item.dependencies().contains(target.id());
        ctx.store().removeDependency(item.id(), target.id());
      }
    }
    String sentence =
        removed
            ? "Removed the "
                + type
                + " link between '"
                + item.title()
                + "' and '"
                + target.title()
                + "'"
            : "There was no "
                + type
                + " link between '"
                + item.title()
                + "' and '"
                + target.title()
                + "'";
    return new ToolOutput(
        Views.result("remove_dependency", "removed", removed, "message", sentence), sentence);
  }

  private static WorkItem target(WorkItem item, Args args, ToolContext ctx) {
    WorkItem target =
        References.resolveForWrite(
            ctx.store(), "target_work_item_id", args.requireText("target_work_item_id"));
    if (target.id().equals(item.id())) {
      throw new ConflictException("a work item cannot depend on itself (" + item.id() + ")");
    }
    return target;
  }

  @SuppressWarnings("unchecked")
  private static List<String> related(WorkItem w) {
    Object meta = Views.metadata(w.metadata());
    Object r = meta instanceof Map<?, ?> m ? m.get("related") : null;
    return r instanceof List<?> l ? (List<String>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static WorkItemPatch relatedPatch(WorkItem w, String other, boolean add) {
    Map<String, Object> meta =
        new LinkedHashMap<>((Map<String, Object>) Views.metadata(w.metadata()));
    List<String> related = new ArrayList<>(related(w));
    related.remove(other);
    if (add) {
      related.add(other);
    }
    meta.put("related", related);
    return WorkItemPatch.empty().set("metadata", Views.json(meta));
  }

  private ToolOutput validate(WorkItem item, Args args, ToolContext ctx) {
    Args options = args.object("validation_options");
    Project p = Project.of(ctx);
    // The graph a plan orders by: a child depending on its own ancestor is a cycle there.
    DependencyGraph graph = DependencyGraph.withHierarchy(p.byId.values());
    Set<String> scope = new HashSet<>();
    p.subtree(item.id()).forEach(w -> scope.add(w.id()));
    Map<String, Object> out = Views.result("validate", "work_item_id", item.id());
    List<String> problems = new ArrayList<>();
    if (options.flag("check_circular", true)) {
      List<List<String>> cycles = new ArrayList<>();
      for (List<String> c : graph.cycles()) {
        if (c.stream().anyMatch(scope::contains)) {
          cycles.add(c);
          problems.add(
              "dependency cycle (an item waits for its dependencies, a parent for its children): "
                  + String.join(" -> ", c));
        }
      }
      out.put("circular_dependencies", cycles);
    }
    if (options.flag("check_missing", true)) {
      List<Map<String, Object>> missing = new ArrayList<>();
      for (String id : scope) {
        for (String d : p.byId.get(id).dependencies()) {
          if (!p.byId.containsKey(d)) {
            missing.add(Map.of("work_item_id", id, "missing_dependency", d));
            problems.add(id + " depends on " + d + ", which does not exist");
          }
        }
      }
      out.put("missing_dependencies", missing);
    }
    if (options.flag("check_orphans", true)) {
      List<String> orphans = new ArrayList<>();
      for (WorkItem w : p.byId.values()) {
        if (!w.isRoot() && !p.byId.containsKey(w.parentId())) {
          orphans.add(w.id());
          problems.add(w.id() + " names a parent " + w.parentId() + " that does not exist");
        }
      }
      out.put("orphans", orphans);
    }
    out.put("valid", problems.isEmpty());
    out.put("issues", problems);
    String text =
        problems.isEmpty()
            ? "No problems found around '"
                + item.title()
                + "' ("
                + scope.size()
                + " item(s) checked)"
            : problems.size() + " problem(s):\n- " + String.join("\n- ", problems);
    return new ToolOutput(out, text);
  }
}
