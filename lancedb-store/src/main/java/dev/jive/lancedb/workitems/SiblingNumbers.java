package dev.jive.lancedb.workitems;

import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence numbers and sibling order inside one write: a new item after the highest sibling, a
 * moved subtree under its new parent, a whole renumbering after a reorder. Numbers are taken from
 * the highest, so no two siblings share one whatever the order of the writes.
 */
final class SiblingNumbers {
  private SiblingNumbers() {}

  /** Puts a new item last among its siblings, numbered after the highest sibling number. */
  static WorkItem place(WorkItemChanges c, WorkItem item, WorkItem parent, boolean appendAtEnd) {
    int maxOrder = c.childMaxima(parent == null ? null : parent.id(), item.id())[0];
    return item.toBuilder()
        .orderIndex(appendAtEnd ? maxOrder + 1 : item.orderIndex())
        .sequenceNumber(
            item.sequenceNumber() == null
                ? next(c, parent == null ? null : parent.id(), item.id())
                : item.sequenceNumber())
        .build();
  }

  /**
   * Numbers a moved item after the highest of its new siblings and its descendants under it, in the
   * move's commit, so no two siblings share a number (the old siblings keep theirs: a gap is
   * harmless, a duplicate is not).
   */
  static void renumberMoved(WorkItemChanges c, WorkItem moved) {
    c.put(moved.toBuilder().sequenceNumber(next(c, moved.parentId(), moved.id())).build());
    // Breadth first, so each parent is renumbered before its children read its number.
    for (WorkItem kid : WorkItemReads.descendants(c, moved.id())) {
      String number =
          c.get(kid.parentId()).sequenceNumber()
              + "."
              + SequenceNumbers.lastPart(kid.sequenceNumber());
      c.put(kid.toBuilder().sequenceNumber(number).build());
    }
  }

  /**
   * The number after the highest among the children of {@code parentId} other than {@code self}.
   */
  private static String next(WorkItemChanges c, String parentId, String self) {
    int highest = c.childMaxima(parentId, self)[1];
    WorkItem parent = parentId == null ? null : c.get(parentId);
    String prefix =
        parent == null || parent.sequenceNumber() == null ? "" : parent.sequenceNumber() + ".";
    return prefix + (highest + 1);
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
