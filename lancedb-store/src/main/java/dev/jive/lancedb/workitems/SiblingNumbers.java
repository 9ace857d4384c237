package dev.jive.lancedb.workitems;

import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sequence numbers and sibling order inside one write: a new item after the highest sibling, a
 * moved subtree under its new parent, a whole renumbering after a reorder. Numbers are taken from
 * the highest, so no two siblings share one whatever the order of the writes.
 */
final class SiblingNumbers {
  private SiblingNumbers() {}

  /** Puts a new item last among its siblings, numbered after the highest sibling number. */
  static WorkItem place(WorkItemChanges c, WorkItem item, WorkItem parent, boolean appendAtEnd) {
    int maxOrder = -1;
    int maxNumber = 0;
    for (WorkItem sibling : c.children(parent == null ? null : parent.id())) {
      maxOrder = Math.max(maxOrder, sibling.orderIndex());
      maxNumber = Math.max(maxNumber, SequenceNumbers.lastPart(sibling.sequenceNumber()));
    }
    String seq =
        (parent == null || parent.sequenceNumber() == null ? "" : parent.sequenceNumber() + ".")
            + (maxNumber + 1);
    return item.toBuilder()
        .orderIndex(appendAtEnd ? maxOrder + 1 : item.orderIndex())
        .sequenceNumber(item.sequenceNumber() == null ? seq : item.sequenceNumber())
        .build();
  }

  /**
   * Numbers a moved item after the highest of its new siblings and its descendants under it, in the
   * move's commit, so no two siblings share a number (the old siblings keep theirs: a gap is
   * harmless, a duplicate is not).
   */
  static void renumberMoved(WorkItemChanges c, WorkItem moved) {
    WorkItem parent = moved.isRoot() ? null : c.get(moved.parentId());
    int highest = 0;
    for (WorkItem sibling : c.children(moved.parentId())) {
      if (!sibling.id().equals(moved.id())) {
        highest = Math.max(highest, SequenceNumbers.lastPart(sibling.sequenceNumber()));
      }
    }
    String prefix =
        parent == null || parent.sequenceNumber() == null ? "" : parent.sequenceNumber() + ".";
    c.put(moved.toBuilder().sequenceNumber(prefix + (highest + 1)).build());
    Deque<String> queue = new ArrayDeque<>(List.of(moved.id()));
    Set<String> seen = new HashSet<>(List.of(moved.id()));
    while (!queue.isEmpty()) {
      WorkItem above = c.get(queue.poll());
      for (WorkItem kid : c.children(above.id())) {
        if (seen.add(kid.id())) {
          String number =
              above.sequenceNumber() + "." + SequenceNumbers.lastPart(kid.sequenceNumber());
          c.put(kid.toBuilder().sequenceNumber(number).build());
          queue.add(kid.id());
        }
      }
    }
  }

  /**
   * Renumbers every item ("1.2.1") as the write leaves them and stages the numbers that change.
   *
   * @param stored every stored item, without this write's rows
   * @return the new numbers, by id
   */
  static Map<String, String> renumberAll(WorkItemChanges c, List<WorkItem> stored) {
    Map<String, WorkItem> merged = new LinkedHashMap<>();
    stored.forEach(w -> merged.put(w.id(), w));
    c.rows().forEach(w -> merged.put(w.id(), w));
    Map<String, String> numbers = SequenceNumbers.regenerate(new ArrayList<>(merged.values()));
    Map<String, String> changed = new LinkedHashMap<>();
    for (WorkItem w : merged.values()) {
      String n = numbers.get(w.id());
      if (!n.equals(w.sequenceNumber())) {
        changed.put(w.id(), n);
        c.put(c.get(w.id()).toBuilder().sequenceNumber(n).build());
      }
    }
    return changed;
  }
}
