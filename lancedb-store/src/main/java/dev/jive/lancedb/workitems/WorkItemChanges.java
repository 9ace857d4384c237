package dev.jive.lancedb.workitems;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.ProgressRollup;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.core.rules.StatusRollup;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.RowDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The work-item rows one write changes, seen over the stored rows of a {@link RowDirectory}: reads
 * through it see the pending rows in place of the stored ones, so a write's checks and its parents'
 * roll-up see the write itself. The store then commits every changed row in one transaction: the
 * stored rows it replaces or deletes removed, the new versions added as one fragment.
 */
final class WorkItemChanges {
  private static final int MAX_ROLL_UP_VISITS = 64;

  private final RowDirectory directory;
  private final Map<String, WorkItem> upserts = new LinkedHashMap<>();
  private final Set<String> deletes = new LinkedHashSet<>();

  WorkItemChanges(RowDirectory directory) {
    this.directory = directory;
  }

  /** The item as this write leaves it (without a vector unless the write gave one), or null. */
  WorkItem get(String id) {
    if (id == null || deletes.contains(id)) {
      return null;
    }
    WorkItem pending = upserts.get(id);
    return pending != null ? pending : stored(id);
  }

  /** The stored row, before this write. */
  WorkItem stored(String id) {
    Map<String, Object> row = directory.row(id);
    return row == null ? null : JiveTables.workItem(row);
  }

  /** The direct children of {@code id} (null: the roots) as this write leaves them, in order. */
  List<WorkItem> children(String id) {
    Set<String> ids = new LinkedHashSet<>(directory.children(id));
    for (WorkItem w : upserts.values()) {
      if (Objects.equals(w.parentId(), id)) {
        ids.add(w.id());
      }
    }
    List<WorkItem> out = new ArrayList<>();
    for (String k : ids) {
      WorkItem w = get(k);
      if (w != null && Objects.equals(w.parentId(), id)) {
        out.add(w);
      }
    }
    out.sort(SequenceNumbers.SIBLING_ORDER);
    return out;
  }

  /**
   * The highest order index and sequence number part among the children of {@code parentId} (null:
   * the roots) as this write leaves them, {@code self} aside, as {@code {order, number}}: the
   * directory's running maxima and this write's rows, without reading every sibling.
   */
  int[] childMaxima(String parentId, String self) {
    int[] m = directory.childMaxima(parentId);
    for (WorkItem w : upserts.values()) {
      if (Objects.equals(w.parentId(), parentId) && !w.id().equals(self)) {
        m[0] = Math.max(m[0], w.orderIndex());
        m[1] = Math.max(m[1], SequenceNumbers.lastPart(w.sequenceNumber()));
      }
    }
    return m;
  }

  /** The ids of the stored items that depend on {@code id}. */
  Set<String> dependents(String id) {
    return directory.dependents(id);
  }

  /** Writes {@code item} (new or in place of the stored one) in this transaction. */
  void put(WorkItem item) {
    deletes.remove(item.id());
    upserts.put(item.id(), item);
  }

  void delete(String id) {
    upserts.remove(id);
    deletes.add(id);
  }

  boolean isEmpty() {
    return upserts.isEmpty() && deletes.isEmpty();
  }

  /** The rows to write, new versions first-come. */
  List<WorkItem> rows() {
    return List.copyOf(upserts.values());
  }

  /** The addresses of the stored rows this write replaces or deletes. */
  List<Long> replacedAddresses() {
    List<Long> out = new ArrayList<>();
    for (String id : upserts.keySet()) {
      Long a = directory.address(id);
      if (a != null) {
        out.add(a);
      }
    }
    for (String id : deletes) {
      Long a = directory.address(id);
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  /** The stored address of an item this write rewrites without a new vector (to keep its own). */
  Long addressOf(String id) {
    return directory.address(id);
  }

  /**
   * Re-derives the progress of {@code ids} and climbs to their ancestors while figures change: an
   * item with children takes their mean, a leaf its status's figure ({@link ProgressRollup}). Every
   * item whose figure moved is put in this write. Children outside the climb count with their
   * stored figures, which every write keeps current. A parent cycle stops after {@link
   * #MAX_ROLL_UP_VISITS} visits of an item.
   *
   * @param ids the items whose own figure may have moved: a changed leaf, a parent that gained or
   *     lost a child
   */
  void rollUp(Collection<String> ids) {
    climb(ids, false, Set.of());
  }

  /**
   * As {@link #rollUp}, and every item with children on the way also takes the status its children
   * give it ({@link StatusRollup}), climbing while a figure or a status changes.
   *
   * @param keepStatusOf items whose status the write set itself: an explicit status is kept
   */
  void rollUpWithStatus(Collection<String> ids, Set<String> keepStatusOf) {
    climb(ids, true, keepStatusOf);
  }

  private void climb(Collection<String> ids, boolean withStatus, Set<String> keepStatusOf) {
    Map<String, Integer> visits = new HashMap<>();
    Set<String> level = new LinkedHashSet<>();
    ids.stream().filter(Objects::nonNull).forEach(level::add);
    while (!level.isEmpty()) {
      level.removeIf(id -> visits.merge(id, 1, Integer::sum) > MAX_ROLL_UP_VISITS);
      Set<String> next = new LinkedHashSet<>();
      for (String id : level) {
        WorkItem w = get(id);
        if (w == null) {
          continue;
        }
        List<WorkItem> kids = children(id);
        double figure =
            kids.isEmpty()
                ? ProgressRollup.leafProgress(w)
                : ProgressRollup.parentProgress(kids, Map.of());
        Status status =
            withStatus && !keepStatusOf.contains(id)
                ? StatusRollup.parentStatus(w, kids)
                : w.status();
        if (Math.abs(figure - w.progress()) > 1e-9 || status != w.status()) {
          put(w.toBuilder().progress(figure).status(status).build());
          if (!w.isRoot()) {
            next.add(w.parentId());
          }
        }
      }
      level = next;
    }
  }
}
