package dev.jive.mcp.tools;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One read of every work item, indexed by id, parent and dependency, for the tools that look at the
 * whole tree (hierarchy, plans, reports, analytics, validation). Reading once and walking in memory
 * keeps each of those calls to a single scan.
 */
final class Project {
  final Map<String, WorkItem> byId = new LinkedHashMap<>();
  private final Map<String, List<WorkItem>> childrenOf = new HashMap<>();
  private final Map<String, List<WorkItem>> dependentsOf = new HashMap<>();

  Project(List<WorkItem> items) {
    for (WorkItem w : items) {
      byId.put(w.id(), w);
    }
    for (WorkItem w : items) {
      if (!w.isRoot()) {
        childrenOf.computeIfAbsent(w.parentId(), k -> new ArrayList<>()).add(w);
      }
      for (String d : w.dependencies()) {
        dependentsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(w);
      }
    }
    childrenOf.values().forEach(l -> l.sort(SequenceNumbers.SIBLING_ORDER));
  }

  static Project of(ToolContext ctx) {
    return new Project(ctx.store().allWorkItems());
  }

  Optional<WorkItem> get(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  List<WorkItem> children(String id) {
    return childrenOf.getOrDefault(id, List.of());
  }

  List<WorkItem> dependents(String id) {
    return dependentsOf.getOrDefault(id, List.of());
  }

  List<WorkItem> roots() {
    List<WorkItem> out = new ArrayList<>();
    for (WorkItem w : byId.values()) {
      if (w.isRoot() || !byId.containsKey(w.parentId())) {
        out.add(w);
      }
    }
    out.sort(SequenceNumbers.SIBLING_ORDER);
    return out;
  }

  /** Descendants breadth first, down to {@code maxDepth} levels (each with its depth). */
  List<Leveled> descendants(String id, int maxDepth) {
    List<Leveled> out = new ArrayList<>();
    Deque<Leveled> queue = new ArrayDeque<>();
    queue.add(new Leveled(byId.get(id), 0));
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(id));
    while (!queue.isEmpty()) {
      Leveled at = queue.poll();
      if (at.depth() >= maxDepth) {
        continue;
      }
      for (WorkItem kid : children(at.item().id())) {
        if (seen.add(kid.id())) {
          Leveled l = new Leveled(kid, at.depth() + 1);
          out.add(l);
          queue.add(l);
        }
      }
    }
    return out;
  }

  /** Parent, grandparent, ... up to {@code maxDepth} levels. */
  List<Leveled> ancestors(String id, int maxDepth) {
    List<Leveled> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(id));
    WorkItem at = byId.get(id);
    int depth = 0;
    while (at != null && !at.isRoot() && depth < maxDepth) {
      WorkItem parent = byId.get(at.parentId());
      if (parent == null || !seen.add(parent.id())) {
        break;
      }
      depth++;
      out.add(new Leveled(parent, depth));
      at = parent;
    }
    return out;
  }

  /** The item and its subtree (every depth). */
  List<WorkItem> subtree(String id) {
    List<WorkItem> out = new ArrayList<>();
    get(id).ifPresent(out::add);
    descendants(id, Integer.MAX_VALUE).forEach(l -> out.add(l.item()));
    return out;
  }

  static boolean isOpen(WorkItem w) {
    return w.status() != Status.COMPLETED && w.status() != Status.CANCELLED;
  }

  /** An item at a distance from where a walk started. */
  record Leveled(WorkItem item, int depth) {}
}
