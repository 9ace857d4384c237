package dev.jive.core.rules;

import dev.jive.core.WorkItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cycle detection over "depends on" edges: an edge {@code a -> b} means a depends on b. Iterative,
 * so a long chain cannot overflow the stack.
 */
public final class DependencyGraph {
  private final Map<String, List<String>> edges;

  private DependencyGraph(Map<String, List<String>> edges) {
    this.edges = edges;
  }

  /** A graph from each item id to the ids it depends on; the map is copied. */
  public static DependencyGraph of(Map<String, ? extends Collection<String>> dependsOn) {
    Map<String, List<String>> copy = new HashMap<>();
    dependsOn.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return new DependencyGraph(copy);
  }

  /**
   * The graph an execution plan orders by: each item waits for what it depends on and, as a parent,
   * for its children. A child that depends on its own ancestor closes a cycle in it, though the
   * dependencies alone have none.
   */
  public static DependencyGraph withHierarchy(Collection<WorkItem> items) {
    Map<String, List<String>> waits = new HashMap<>();
    for (WorkItem w : items) {
      waits.computeIfAbsent(w.id(), k -> new ArrayList<>()).addAll(w.dependencies());
      if (!w.isRoot()) {
        waits.computeIfAbsent(w.parentId(), k -> new ArrayList<>()).add(w.id());
      }
    }
    return new DependencyGraph(waits);
  }

  /**
   * The cycle that adding {@code from -> to} would close, as the path {@code from, to, ..., from};
   * empty when the edge is safe. A self-dependency is the cycle {@code from, from}.
   */
  public Optional<List<String>> cycleIfAdded(String from, String to) {
    if (from.equals(to)) {
      return Optional.of(List.of(from, from));
    }
    // A cycle appears exactly when `from` is already reachable from `to`.
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(to);
    cameFrom.put(to, null);
    while (!queue.isEmpty()) {
      String node = queue.poll();
      if (node.equals(from)) {
        List<String> path = new ArrayList<>();
        for (String n = from; n != null; n = cameFrom.get(n)) {
          path.add(0, n);
        }
        // path runs to ... from; prefix `from` to show the new edge closing it.
        List<String> cycle = new ArrayList<>();
        cycle.add(from);
        cycle.addAll(path);
        return Optional.of(List.copyOf(cycle));
      }
      for (String next : edges.getOrDefault(node, List.of())) {
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, node);
          queue.add(next);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Cycles found by one depth-first walk, each as a path that starts and ends at its smallest id.
   * Every group of mutually dependent items reports at least one cycle; an item reachable only
   * through a group already walked may not appear in a reported path (finding every elementary
   * cycle is exponential and a validation report does not need it).
   */
  public List<List<String>> cycles() {
    Set<String> nodes = new TreeSet<>(edges.keySet());
    Set<String> done = new HashSet<>();
    Set<List<String>> found = new LinkedHashSet<>();
    for (String start : nodes) {
      if (done.contains(start)) {
        continue;
      }
      // Iterative DFS keeping the current path; a back edge to a node on the path is a cycle.
      Deque<Frame> stack = new ArrayDeque<>();
      List<String> path = new ArrayList<>();
      Set<String> onPath = new HashSet<>();
      stack.push(new Frame(start));
      path.add(start);
      onPath.add(start);
      while (!stack.isEmpty()) {
        Frame top = stack.peek();
        List<String> next = edges.getOrDefault(top.node, List.of());
        if (top.index < next.size()) {
          String child = next.get(top.index++);
          if (onPath.contains(child)) {
            found.add(canonical(path.subList(path.indexOf(child), path.size())));
          } else if (!done.contains(child)) {
            stack.push(new Frame(child));
            path.add(child);
            onPath.add(child);
          }
        } else {
          stack.pop();
          path.remove(path.size() - 1);
          onPath.remove(top.node);
          done.add(top.node);
        }
      }
    }
    return List.copyOf(found);
  }

  /** Ids named as dependencies that are not in the graph's key set (missing items). */
  public Set<String> missingTargets() {
    Set<String> missing = new TreeSet<>();
    edges
        .values()
        .forEach(
            targets ->
                targets.forEach(
                    t -> {
                      if (!edges.containsKey(t)) {
                        missing.add(t);
                      }
                    }));
    return missing;
  }

  private static List<String> canonical(List<String> loop) {
    int min = 0;
    for (int i = 1; i < loop.size(); i++) {
      if (loop.get(i).compareTo(loop.get(min)) < 0) {
        min = i;
      }
    }
    List<String> rotated = new ArrayList<>(loop.size() + 1);
    for (int i = 0; i < loop.size(); i++) {
      rotated.add(loop.get((min + i) % loop.size()));
    }
    rotated.add(rotated.get(0));
    return List.copyOf(rotated);
  }

  private static final class Frame {
    final String node;
    int index;

    Frame(String node) {
      this.node = node;
    }
  }
}
