package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.JiveException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of creates, deletes, moves, status changes and dependency changes on a real
 * store. After every step: siblings never share a sequence number and each child's number starts
 * with its parent's, no stored edge closes a cycle in the graph an execution plan orders by
 * (dependencies plus parent/child), every parent/child pair obeys the hierarchy rules, stored
 * progress equals a full recomputation, and no dependency names a missing item. A refused step
 * changes nothing.
 */
class HierarchyPropertiesTest {
  private static final WorkItemType[] TYPES = WorkItemType.values();
  private static final Status[] STATUSES = {
    Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED, Status.BLOCKED
  };

  /** One step; the int fields pick among the items present when it runs. */
  sealed interface Step {}

  record Create(int parent, int type) implements Step {}

  record Delete(int item, boolean withChildren) implements Step {}

  record Move(int item, int parent) implements Step {}

  record SetStatus(int item, int status) implements Step {}

  record Depend(int from, int to) implements Step {}

  record Undepend(int item) implements Step {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
    Arbitrary<Step> create =
        Combinators.combine(pick, Arbitraries.integers().between(0, TYPES.length - 1))
            .as(Create::new);
    Arbitrary<Step> delete = Combinators.combine(pick, Arbitraries.of(true, false)).as(Delete::new);
    Arbitrary<Step> move = Combinators.combine(pick, pick).as(Move::new);
    Arbitrary<Step> status =
        Combinators.combine(pick, Arbitraries.integers().between(0, STATUSES.length - 1))
            .as(SetStatus::new);
    Arbitrary<Step> depend = Combinators.combine(pick, pick).as(Depend::new);
    Arbitrary<Step> undepend = pick.map(Undepend::new);
    return Arbitraries.frequencyOf(
            Tuple.of(6, create),
            Tuple.of(1, delete),
            Tuple.of(2, move),
            Tuple.of(2, status),
            Tuple.of(3, depend),
            Tuple.of(1, undepend))
        .list()
        .ofMinSize(10)
        .ofMaxSize(40);
  }

  @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
  void anySequenceOfWritesKeepsTheHierarchySound(@ForAll("steps") List<Step> steps)
      throws IOException {
    Path dir = Files.createTempDirectory("jive-properties");
    try (LanceDBManager store = TestStores.open(dir)) {
      for (Step step : steps) {
        List<WorkItem> before = sorted(store.allWorkItems());
        boolean refused = false;
        try {
          apply(store, before, step);
        } catch (JiveException e) {
          refused = true;
        }
        Statistics.collect(step.getClass().getSimpleName(), refused ? "refused" : "applied");
        List<WorkItem> after = sorted(store.allWorkItems());
        if (refused) {
          assertThat(after).as("a refused %s changes nothing", step).isEqualTo(before);
        }
        if (step instanceof Depend d && !before.isEmpty()) {
          WorkItem from = pick(before, d.from());
          String to = pick(before, d.to()).id();
          boolean closesCycle =
              DependencyGraph.withHierarchy(before).cycleIfAdded(from.id(), to).isPresent();
          assertThat(refused)
              .as("%s is refused exactly when it closes a cycle (or is already there)", step)
              .isEqualTo(closesCycle && !from.dependencies().contains(to));
        }
        assertSound(store, after, step);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void apply(LanceDBManager store, List<WorkItem> items, Step step) {
    if (items.isEmpty() && !(step instanceof Create)) {
      return;
    }
    if (step instanceof Create c) {
      // One pick in three makes a root, so trees of several levels and many roots both appear.
      WorkItem parent = items.isEmpty() || c.parent() % 3 == 0 ? null : pick(items, c.parent());
      WorkItemType type =
          parent == null
              ? TYPES[c.type()]
              : HierarchyRules.allowedChildren(parent.itemType()).stream()
                  .sorted()
                  .skip(c.type() % Math.max(1, allowed(parent)))
                  .findFirst()
                  .orElse(WorkItemType.TASK);
      store.createWorkItem(
          TestStores.draft(type, "Item " + items.size(), parent == null ? null : parent.id()));
    } else if (step instanceof Delete d) {
      store.deleteWorkItem(pick(items, d.item()).id(), d.withChildren());
    } else if (step instanceof Move m) {
      String to = m.parent() % 4 == 0 ? null : pick(items, m.parent()).id();
      store.updateWorkItem(pick(items, m.item()).id(), WorkItemPatch.empty().set("parent_id", to));
    } else if (step instanceof SetStatus s) {
      store.updateWorkItem(
          pick(items, s.item()).id(),
          WorkItemPatch.empty().set("status", STATUSES[s.status()].name().toLowerCase()));
    } else if (step instanceof Depend d) {
      store.addDependency(pick(items, d.from()).id(), pick(items, d.to()).id());
    } else if (step instanceof Undepend u) {
      WorkItem item = pick(items, u.item());
      if (!item.dependencies().isEmpty()) {
        store.removeDependency(item.id(), item.dependencies().get(0));
      }
    }
  }

  private static int allowed(WorkItem parent) {
    return HierarchyRules.allowedChildren(parent.itemType()).size();
  }

  private static WorkItem pick(List<WorkItem> items, int n) {
    return items.get(n % items.size());
  }

  private static void assertSound(LanceDBManager store, List<WorkItem> items, Step step) {
    Map<String, WorkItem> byId = new HashMap<>();
    items.forEach(w -> byId.put(w.id(), w));
    Map<String, Set<Integer>> numbersByParent = new HashMap<>();
    for (WorkItem w : items) {
      String parentKey = w.isRoot() ? "" : w.parentId();
      assertThat(numbersByParent.computeIfAbsent(parentKey, k -> new HashSet<>()))
          .as("after %s, a sibling of %s already has number %s", step, w.id(), w.sequenceNumber())
          .doesNotContain(SequenceNumbers.lastPart(w.sequenceNumber()));
      numbersByParent.get(parentKey).add(SequenceNumbers.lastPart(w.sequenceNumber()));
      if (!w.isRoot()) {
        WorkItem parent = byId.get(w.parentId());
        assertThat(parent).as("after %s, the parent of %s exists", step, w.id()).isNotNull();
        assertThat(w.sequenceNumber())
            .as("after %s, the number of %s follows its parent's", step, w.id())
            .startsWith(parent.sequenceNumber() + ".");
        assertThat(HierarchyRules.canParent(parent.itemType(), w.itemType()))
            .as("after %s, a %s under a %s", step, w.itemType(), parent.itemType())
            .isTrue();
      }
      for (String target : w.dependencies()) {
        assertThat(byId)
            .as("after %s, %s depends on a missing item", step, w.id())
            .containsKey(target);
      }
    }
    assertThat(DependencyGraph.withHierarchy(items).cycles())
        .as("after %s, no stored edge closes a cycle", step)
        .isEmpty();
    assertThat(store.rollUpProgress())
        .as("after %s, progress needs no recomputation", step)
        .isEmpty();
  }

  private static List<WorkItem> sorted(List<WorkItem> items) {
    List<WorkItem> copy = new ArrayList<>(items);
    copy.sort(Comparator.comparing(WorkItem::id));
    return copy;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
