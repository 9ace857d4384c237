package dev.jive.mcp.tools;

import dev.jive.core.ConflictException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * An execution plan for a work item: its open subtree in an order that respects dependencies (an
 * item after what it depends on) and the hierarchy (a parent after its children, since finishing
 * them is what finishes it). Steps in the same wave have no order between them and may run in
 * parallel; {@code sequential} keeps the same order with one step per wave. Dependencies outside
 * the subtree that are not completed are reported as blockers.
 */
record Plan(String order, List<Step> steps, Map<String, List<String>> externalBlockers) {

  static final List<String> ORDERS = List.of("dependency_based", "sequential", "parallel");

  record Step(int step, int wave, WorkItem item, List<String> after, List<String> blockedBy) {
    Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", step);
      m.put("wave", wave);
      m.put("work_item_id", item.id());
      m.put("title", item.title());
      m.put("item_type", item.itemType().wireName());
      m.put("status", item.status().wireName());
      m.put("sequence_number", item.sequenceNumber());
      m.put("after", after);
      m.put("blocked_by", blockedBy);
      m.put("acceptance_criteria", item.acceptanceCriteria());
      return m;
    }
  }

  static Plan of(Project p, WorkItem root, String order) {
    List<WorkItem> open = new ArrayList<>();
    for (WorkItem w : p.subtree(root.id())) {
      if (Project.isOpen(w)) {
        open.add(w);
      }
    }
    Map<String, WorkItem> inPlan = new LinkedHashMap<>();
    open.forEach(w -> inPlan.put(w.id(), w));
    Map<String, Set<String>> preds = new HashMap<>();
    Map<String, List<String>> external = new LinkedHashMap<>();
    for (WorkItem w : open) {
      Set<String> before = new LinkedHashSet<>();
      for (String d : w.dependencies()) {
        if (inPlan.containsKey(d)) {
          before.add(d);
        } else {
          WorkItem dep = p.byId.get(d);
          if (dep == null || dep.status() != Status.COMPLETED) {
            external.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(d);
          }
        }
      }
      for (WorkItem kid : p.children(w.id())) {
        if (inPlan.containsKey(kid.id())) {
          before.add(kid.id());
        }
      }
      preds.put(w.id(), before);
    }
    Map<String, Integer> wave = topological(inPlan, preds);
    List<WorkItem> ordered = new ArrayList<>(inPlan.values());
    ordered.sort(
        Comparator.comparingInt((WorkItem w) -> wave.get(w.id()))
            .thenComparing(SequenceNumbers.SIBLING_ORDER.thenComparing(WorkItem::id)));
    List<Step> steps = new ArrayList<>();
    int n = 0;
    for (WorkItem w : ordered) {
      n++;
      int stepWave = order.equals("sequential") ? n : wave.get(w.id());
      steps.add(
          new Step(
              n,
              stepWave,
              w,
              List.copyOf(preds.get(w.id())),
              external.getOrDefault(w.id(), List.of())));
    }
    return new Plan(order, steps, external);
  }

  /** Waves by Kahn's algorithm; a cycle is a conflict that names its members. */
  private static Map<String, Integer> topological(
      Map<String, WorkItem> items, Map<String, Set<String>> preds) {
    Map<String, Integer> remaining = new HashMap<>();
    Map<String, List<String>> succ = new HashMap<>();
    for (String id : items.keySet()) {
      remaining.put(id, preds.get(id).size());
      for (String pr : preds.get(id)) {
        succ.computeIfAbsent(pr, k -> new ArrayList<>()).add(id);
      }
    }
    Comparator<String> bySequence =
        Comparator.comparing((String id) -> items.get(id), SequenceNumbers.SIBLING_ORDER)
            .thenComparing(Comparator.<String>naturalOrder());
    PriorityQueue<String> ready = new PriorityQueue<>(bySequence);
    Map<String, Integer> wave = new HashMap<>();
    remaining.forEach(
        (id, r) -> {
          if (r == 0) {
            ready.add(id);
            wave.put(id, 1);
          }
        });
    int done = 0;
    while (!ready.isEmpty()) {
      String id = ready.poll();
      done++;
      for (String s : succ.getOrDefault(id, List.of())) {
        wave.merge(s, wave.get(id) + 1, Math::max);
        if (remaining.merge(s, -1, Integer::sum) == 0) {
          ready.add(s);
        }
      }
    }
    if (done < items.size()) {
      List<String> stuck = new ArrayList<>();
      remaining.forEach(
          (id, r) -> {
            if (r > 0) {
              stuck.add(items.get(id).title() + " (" + id + ")");
            }
          });
      throw new ConflictException(
          "the plan cannot be ordered: these items wait on each other through a dependency cycle: "
              + String.join(", ", stuck)
              + ". Run jive_get_hierarchy action=validate to see the cycle");
    }
    return wave;
  }

  List<Map<String, Object>> stepViews() {
    List<Map<String, Object>> out = new ArrayList<>();
    steps.forEach(s -> out.add(s.view()));
    return out;
  }

  String render() {
    if (steps.isEmpty()) {
      return "Nothing left to do: every item in this subtree is completed or cancelled.";
    }
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      b.append(s.step())
          .append(". [wave ")
          .append(s.wave())
          .append("] ")
          .append(Views.line(s.item()));
      if (!s.blockedBy().isEmpty()) {
        b.append("\n   blocked by unfinished: ").append(String.join(", ", s.blockedBy()));
      }
      b.append('\n');
    }
    return b.toString().stripTrailing();
  }
}
