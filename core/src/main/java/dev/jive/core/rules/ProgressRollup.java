package dev.jive.core.rules;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Progress roll-up: a leaf's progress follows its status (completed 100, in progress 50, blocked
 * 25, otherwise 0); a parent's is the mean of its children's, rolled up the tree.
 *
 * <p>Two choices where the old system's rule was silent: an in-progress leaf keeps an explicitly
 * tracked figure strictly between 0 and 100 (an agent that reported 30% is not overruled by the 50%
 * default), and cancelled children are left out of their parent's mean unless all of them are
 * cancelled (a cancelled task must not keep its feature below 100% forever).
 */
public final class ProgressRollup {
  private ProgressRollup() {}

  /** The progress a leaf with this status has by default. */
  public static double leafProgress(Status status) {
    return switch (status) {
      case COMPLETED -> 100.0;
      case IN_PROGRESS -> 50.0;
      case BLOCKED -> 25.0;
      case NOT_STARTED, CANCELLED -> 0.0;
    };
  }

  /** The progress of one leaf, honouring an explicitly tracked figure while in progress. */
  public static double leafProgress(WorkItem leaf) {
    if (leaf.status() == Status.IN_PROGRESS && leaf.progress() > 0 && leaf.progress() < 100) {
      return leaf.progress();
    }
    return leafProgress(leaf.status());
  }

  /** The computed progress of every item, by id. Items under a missing parent count as roots. */
  public static Map<String, Double> compute(Collection<WorkItem> items) {
    Map<String, WorkItem> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    Map<String, List<WorkItem>> children = new HashMap<>();
    for (WorkItem item : items) {
      if (!item.isRoot() && byId.containsKey(item.parentId())) {
        children.computeIfAbsent(item.parentId(), k -> new ArrayList<>()).add(item);
      }
    }
    Map<String, Double> result = new LinkedHashMap<>();
    Set<String> visiting = new HashSet<>();
    for (WorkItem item : items) {
      progressOf(item, children, result, visiting);
    }
    return result;
  }

  /** Only the items whose computed progress differs from the stored one, by id. */
  public static Map<String, Double> changes(Collection<WorkItem> items) {
    Map<String, Double> computed = compute(items);
    Map<String, Double> changed = new LinkedHashMap<>();
    for (WorkItem item : items) {
      double value = computed.get(item.id());
      if (Math.abs(value - item.progress()) > 1e-9) {
        changed.put(item.id(), value);
      }
    }
    return changed;
  }

  // Iterative post-order: a ten-thousand-deep chain must not overflow the stack.
  private static double progressOf(
      WorkItem root,
      Map<String, List<WorkItem>> children,
      Map<String, Double> result,
      Set<String> visiting) {
    if (result.containsKey(root.id())) {
      return result.get(root.id());
    }
    List<WorkItem> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      WorkItem top = stack.get(stack.size() - 1);
      if (result.containsKey(top.id())) {
        stack.remove(stack.size() - 1);
        continue;
      }
      List<WorkItem> kids = children.getOrDefault(top.id(), List.of());
      boolean pending = false;
      if (visiting.add(top.id())) {
        for (WorkItem kid : kids) {
          if (!result.containsKey(kid.id()) && !visiting.contains(kid.id())) {
            stack.add(kid);
            pending = true;
          }
        }
      }
      if (pending) {
        continue;
      }
      stack.remove(stack.size() - 1);
      visiting.remove(top.id());
      result.put(top.id(), kids.isEmpty() ? leafProgress(top) : meanOf(kids, result));
    }
    return result.get(root.id());
  }

  /**
   * The progress of an item with these children: the mean of their figures, each child's from
   * {@code figures} where it has one and its stored progress otherwise, cancelled children left out
   * unless all of them are. For a roll-up that trusts the stored figures of the children it did not
   * change.
   */
  public static double parentProgress(Collection<WorkItem> children, Map<String, Double> figures) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("an item without children has a leaf's progress");
    }
    double sum = 0;
    List<WorkItem> counted = counted(children);
    for (WorkItem kid : counted) {
      sum += figures.getOrDefault(kid.id(), kid.progress());
    }
    return sum / counted.size();
  }

  private static List<WorkItem> counted(Collection<WorkItem> kids) {
    List<WorkItem> counted = kids.stream().filter(k -> k.status() != Status.CANCELLED).toList();
    return counted.isEmpty() ? List.copyOf(kids) : counted;
  }

  private static double meanOf(List<WorkItem> kids, Map<String, Double> result) {
    List<WorkItem> counted = counted(kids);
    double sum = 0;
    int n = 0;
    for (WorkItem kid : counted) {
      // A child still on the stack belongs to a parent cycle; it counts as its leaf value.
      Double value = result.get(kid.id());
      sum += value != null ? value : leafProgress(kid);
      n++;
    }
    return sum / n;
  }
}
