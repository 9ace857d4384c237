package dev.jive.lancedb.workitems;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.WorkItem;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.core.rules.ProgressRollup;
import dev.jive.core.rules.WorkItemValidation;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.RowDirectory;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of work items, each with the roll-ups and renumbering it causes, as one Lance transaction:
 * planned in a {@link WorkItemChanges} over the row directory at the latest version under the write
 * lock, then committed as deletions plus one new fragment (docs/storage.md).
 */
public final class WorkItemWrites {
  private static final Logger LOG = LoggerFactory.getLogger(WorkItemWrites.class);
  private static final int MAX_COMMIT_ATTEMPTS = 5;

  private final Tables tables;
  private final WorkItemReads reads;
  private final Upkeep upkeep;
  private final Embedder embedder;

  public WorkItemWrites(Tables tables, WorkItemReads reads, Upkeep upkeep) {
    this.tables = tables;
    this.reads = reads;
    this.upkeep = upkeep;
    this.embedder = tables.embedder();
  }

  /**
   * Creates a work item. A null id gets a new UUID; timestamps default to now; the vector is
   * embedded from {@code title + " " + description} unless one is given (migrations keep vectors).
   * A root item is one Append; a child, with the roll-up of its ancestors' progress, one Update.
   *
   * @throws InvalidInputException a field breaks a limit, the parent is unknown or may not hold
   *     this type, or a dependency is unknown
   * @throws ConflictException the id is taken
   */
  public WorkItem create(WorkItem draft) {
    Instant now = tables.now();
    WorkItem item =
        draft.toBuilder()
            .id(draft.id() == null || draft.id().isBlank() ? newId() : draft.id())
            .createdAt(draft.createdAt() == null ? now : draft.createdAt())
            .updatedAt(draft.updatedAt() == null ? now : draft.updatedAt())
            .build();
    WorkItemValidation.validate(item);
    WorkItem withVector =
        item.withVector(
            item.vector() != null
                ? checkDimension(item.vector())
                : embedder.embed(item.embeddingText()));
    boolean appendAtEnd = draft.orderIndex() == 0 && draft.sequenceNumber() == null;
    return write(
        "creating work item " + item.id(),
        c -> {
          if (c.get(item.id()) != null) {
            throw new ConflictException("a work item with the id " + item.id() + " already exists");
          }
          WorkItem parent = item.isRoot() ? null : requireParent(c, item);
          requireDependenciesExist(c, item.id(), item.dependencies());
          WorkItem placed = SiblingNumbers.place(c, withVector, parent, appendAtEnd);
          if (parent != null) {
            // A new child is a leaf: its figure follows its status.
            placed = placed.toBuilder().progress(ProgressRollup.leafProgress(placed)).build();
          }
          c.put(placed);
          if (parent != null) {
            rollUp(c, List.of(parent.id()), Set.of());
          }
          return placed;
        });
  }

  /** A fresh id for a new work item. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Inserts many work items in one transaction, all or nothing: every item is validated, its parent
   * must exist in the store or earlier in the batch and may hold it, ids must be new, and
   * dependencies must name known items. Items without a vector are embedded in batches; the
   * parents' roll-up goes in the same commit.
   *
   * @return how many were inserted
   */
  public int insert(List<WorkItem> items) {
    if (items.isEmpty()) {
      return 0;
    }
    List<WorkItem> ready = withVectors(stamped(items));
    return write(
        "inserting " + ready.size() + " work items",
        c -> {
          Set<String> batch = new HashSet<>();
          for (WorkItem item : ready) {
            if (c.get(item.id()) != null || !batch.add(item.id())) {
              throw new ConflictException(
                  "a work item with the id " + item.id() + " already exists");
            }
            if (!item.isRoot()) {
              WorkItem parent = c.get(item.parentId());
              if (parent == null) {
                throw new InvalidInputException(
                    "parent_id",
                    "item " + item.id() + ": no work item has the id " + item.parentId());
              }
              HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
            }
            c.put(item);
          }
          for (WorkItem item : ready) {
            for (String d : item.dependencies()) {
              if (c.get(d) == null) {
                throw new InvalidInputException(
                    "dependencies", "item " + item.id() + ": no work item has the id " + d);
              }
            }
          }
          // A new cycle runs through a new item, so it needs a new item with dependencies.
          if (ready.stream().anyMatch(w -> !w.dependencies().isEmpty())) {
            List<List<String>> cycles = reads.dependencyGraph(c.rows()).cycles();
            if (!cycles.isEmpty()) {
              throw new ConflictException(
                  "dependencies would form a cycle: " + String.join(" -> ", cycles.get(0)));
            }
          }
          // The new children's own figures, and their parents', which gained children.
          c.rollUp(
              ready.stream()
                  .filter(w -> !w.isRoot())
                  .flatMap(w -> Stream.of(w.id(), w.parentId()))
                  .distinct()
                  .toList());
          return ready.size();
        });
  }

  private List<WorkItem> stamped(List<WorkItem> items) {
    Instant now = tables.now();
    List<WorkItem> out = new ArrayList<>(items.size());
    for (WorkItem w : items) {
      WorkItem item =
          w.toBuilder()
              .createdAt(w.createdAt() == null ? now : w.createdAt())
              .updatedAt(w.updatedAt() == null ? now : w.updatedAt())
              .build();
      WorkItemValidation.validate(item);
      if (item.vector() != null) {
        checkDimension(item.vector());
      }
      out.add(item);
    }
    return out;
  }

  /** The items, those without a vector embedded in batches. */
  private List<WorkItem> withVectors(List<WorkItem> items) {
    List<String> toEmbed = new ArrayList<>();
    items.stream().filter(w -> w.vector() == null).forEach(w -> toEmbed.add(w.embeddingText()));
    List<float[]> vectors = toEmbed.isEmpty() ? List.of() : embedder.embedAll(toEmbed);
    List<WorkItem> out = new ArrayList<>(items);
    int next = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).vector() == null) {
        out.set(i, out.get(i).withVector(vectors.get(next++)));
      }
    }
    return out;
  }

  private static WorkItem requireParent(WorkItemChanges c, WorkItem item) {
    WorkItem parent = c.get(item.parentId());
    if (parent == null) {
      throw new InvalidInputException("parent_id", "no work item has the id " + item.parentId());
    }
    HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
    return parent;
  }

  private void requireDependenciesExist(WorkItemChanges c, String self, List<String> dependencies) {
    if (dependencies.isEmpty()) {
      return;
    }
    for (String d : dependencies) {
      if (c.get(d) == null) {
        throw new InvalidInputException("dependencies", "no work item has the id " + d);
      }
    }
    DependencyGraph graph = reads.waitsForGraph(c.rows());
    for (String d : dependencies) {
      graph.cycleIfAdded(self, d).ifPresent(cycle -> refuseCycle("dependencies", c, cycle));
    }
  }

  /**
   * Refuses a change that would make items wait on each other in an execution plan, where each item
   * waits for its dependencies and a parent for its children.
   */
  private static void refuseCycle(String field, WorkItemChanges c, List<String> cycle) {
    List<String> titles = new ArrayList<>();
    for (String id : cycle) {
      WorkItem w = c.get(id);
      titles.add(w == null ? "?" : "'" + w.title() + "'");
    }
    throw new ConflictException(
        field
            + ": this would close a cycle: "
            + String.join(" -> ", cycle)
            + " ("
            + String.join(" -> ", titles)
            + "); an item waits for its dependencies and a parent for its children");
  }

  /**
   * Applies a partial update, re-embedding only when title or description change, and re-checking
   * the hierarchy and dependencies it touches. The item and every ancestor whose progress moves are
   * written in one transaction.
   */
  public WorkItem update(String id, WorkItemPatch patch) {
    float[] vector = null;
    // Embedding a changed text is slow: done before taking the lock, on the item as it is now.
    if (patch.touches("title") || patch.touches("description")) {
      WorkItem current = reads.require(id);
      if (patch.changesText(current)) {
        vector = embedder.embed(patch.applyTo(current).embeddingText());
      }
    }
    float[] newVector = vector;
    return write(
        "updating work item " + id,
        c -> {
          WorkItem fresh = requireIn(c, id);
          WorkItem next =
              patch.applyTo(fresh).toBuilder().updatedAt(later(fresh.updatedAt())).build();
          if (patch.changesText(fresh)) {
            next =
                next.withVector(
                    newVector != null ? newVector : embedder.embed(next.embeddingText()));
          }
          WorkItemValidation.validate(next);
          boolean moved = !Objects.equals(fresh.parentId(), next.parentId());
          if ((moved || fresh.itemType() != next.itemType()) && !next.isRoot()) {
            WorkItem parent = requireParent(c, next);
            requireNotUnderItself(c, next.id(), parent);
            if (moved) {
              reads
                  .waitsForGraph(c.rows())
                  .cycleIfAdded(parent.id(), next.id())
                  .ifPresent(cycle -> refuseCycle("parent_id", c, cycle));
            }
          }
          if (fresh.itemType() != next.itemType()) {
            for (WorkItem child : c.children(next.id())) {
              HierarchyRules.requireCanParent(next.itemType(), child.itemType());
            }
          }
          if (!fresh.dependencies().equals(next.dependencies())) {
            List<String> added = new ArrayList<>(next.dependencies());
            added.removeAll(fresh.dependencies());
            requireDependenciesExist(c, next.id(), added);
          }
          c.put(next);
          if (moved && !patch.touches("sequence_number")) {
            SiblingNumbers.renumberMoved(c, next);
          }
          if (moved || fresh.status() != next.status() || fresh.progress() != next.progress()) {
            // The parents are named since their children changed, whatever the item's own figure
            // does.
            List<String> around = new ArrayList<>(List.of(next.id()));
            Stream.of(fresh.parentId(), next.parentId())
                .filter(Objects::nonNull)
                .distinct()
                .forEach(around::add);
            rollUp(c, around, patch.touches("status") ? Set.of(next.id()) : Set.of());
          }
          // What was written, as a read would return it (reads leave the vector out).
          return c.get(next.id()).withVector(null);
        });
  }

  /**
   * The roll-up an agent's write causes: progress, and the parents' status too unless the store is
   * set for manual parents. Bulk loads and whole-table recomputations roll up progress only, so a
   * migration keeps the statuses it was given.
   */
  private void rollUp(WorkItemChanges c, List<String> ids, Set<String> keepStatusOf) {
    if (tables.config().automaticParentStatus()) {
      c.rollUpWithStatus(ids, keepStatusOf);
    } else {
      c.rollUp(ids);
    }
  }

  private Instant later(Instant previous) {
    Instant now = tables.now();
    // Two updates in the same microsecond must still order: "most recently updated wins".
    return previous != null && !now.isAfter(previous) ? previous.plus(1, ChronoUnit.MICROS) : now;
  }

  private static void requireNotUnderItself(WorkItemChanges c, String id, WorkItem newParent) {
    int steps = 0;
    for (WorkItem p = newParent; p != null && steps++ < 10_000; p = c.get(p.parentId())) {
      if (p.id().equals(id)) {
        throw new InvalidInputException(
            "parent_id", "a work item cannot be moved under itself or its descendants");
      }
    }
  }

  private static WorkItem requireIn(WorkItemChanges c, String id) {
    WorkItem w = c.get(id);
    if (w == null) {
      throw new NotFoundException("no work item has the id " + id);
    }
    return w;
  }

  /**
   * Deletes a work item; with {@code withChildren} its whole subtree too. An item with children is
   * refused without it. Other items' dependencies on the deleted ones are removed, and the parent's
   * progress rolled up, in the same transaction.
   *
   * @return the ids deleted
   */
  public List<String> delete(String id, boolean withChildren) {
    return write(
        "deleting work item " + id,
        c -> {
          WorkItem item = requireIn(c, id);
          List<WorkItem> descendants = WorkItemReads.descendants(c, item.id());
          if (!descendants.isEmpty() && !withChildren) {
            throw new ConflictException(
                "work item "
                    + item.id()
                    + " has "
                    + descendants.size()
                    + " descendant(s); delete them too (delete_children) or move them first");
          }
          List<String> ids = new ArrayList<>();
          ids.add(item.id());
          descendants.forEach(d -> ids.add(d.id()));
          Set<String> dependents = new LinkedHashSet<>();
          ids.forEach(i -> dependents.addAll(c.dependents(i)));
          ids.forEach(c::delete);
          for (String dep : dependents) {
            WorkItem dependent = c.get(dep);
            if (dependent != null) {
              List<String> kept = new ArrayList<>(dependent.dependencies());
              kept.removeAll(ids);
              c.put(
                  dependent.toBuilder()
                      .dependencies(kept)
                      .updatedAt(later(dependent.updatedAt()))
                      .build());
            }
          }
          if (!item.isRoot()) {
            rollUp(c, List.of(item.parentId()), Set.of());
          }
          return ids;
        });
  }

  /**
   * Adds "{@code from} depends on {@code to}", refusing an unknown item or a cycle. The read and
   * the write happen under the write lock, so concurrent additions to one item are all kept.
   */
  public WorkItem addDependency(String from, String to) {
    return tables
        .writeLock()
        .with(
            () -> {
              WorkItem item = reads.require(from);
              if (item.dependencies().contains(to)) {
                return item;
              }
              List<String> deps = new ArrayList<>(item.dependencies());
              deps.add(to);
              return update(from, WorkItemPatch.empty().set("dependencies", deps));
            });
  }

  public WorkItem removeDependency(String from, String to) {
    return tables
        .writeLock()
        .with(
            () -> {
              List<String> deps = new ArrayList<>(reads.require(from).dependencies());
              deps.remove(to);
              return update(from, WorkItemPatch.empty().set("dependencies", deps));
            });
  }

  /** Recomputes every item's progress from its children and writes the ones that changed. */
  public Map<String, Double> rollUpProgress() {
    return write(
        "rolling up progress",
        c -> {
          Map<String, Double> changes = ProgressRollup.changes(reads.all());
          changes.forEach((id, p) -> c.put(c.get(id).toBuilder().progress(p).build()));
          return changes;
        });
  }

  /** Renumbers every item ("1.2.1") and writes the numbers that changed. */
  public Map<String, String> regenerateSequenceNumbers() {
    return write(
        "renumbering work items",
        c -> {
          return SiblingNumbers.renumberAll(c, reads.all());
        });
  }

  /**
   * A reorder as one transaction: sets {@code order_index} of the given items and renumbers every
   * item whose sequence number the new order changes, in the same commit.
   *
   * @return the new numbers of the renumbered items, by id
   */
  public Map<String, String> reorder(Map<String, Integer> indexes) {
    return write(
        "reordering work items",
        c -> {
          indexes.forEach(
              (id, index) -> c.put(requireIn(c, id).toBuilder().orderIndex(index).build()));
          return SiblingNumbers.renumberAll(c, reads.all());
        });
  }

  /** Sets {@code order_index} of many items in one transaction (a reorder among siblings). */
  public void setOrderIndexes(Map<String, Integer> indexes) {
    write(
        "reordering work items",
        c -> {
          indexes.forEach(
              (id, index) -> c.put(requireIn(c, id).toBuilder().orderIndex(index).build()));
          return null;
        });
  }

  /**
   * Runs one work-item write: {@code plan} reads and stages rows in a {@link WorkItemChanges} over
   * the directory at the latest version, under the write lock; the staged rows are then committed
   * as one Lance transaction. A commit that another process's commit got ahead of is planned again
   * on fresh state, a few times, then refused with a {@link ConflictException}. Upkeep is scheduled
   * after a write that ran.
   */
  private <R> R write(String what, Function<WorkItemChanges, R> plan) {
    R result = tables.writeLock().with(() -> writeLocked(what, plan));
    upkeep.afterWrite(JiveTables.WORK_ITEM);
    return result;
  }

  private <R> R writeLocked(String what, Function<WorkItemChanges, R> plan) {
    LanceTable t = reads.table();
    if (!t.exists()) {
      t.createEmpty(tables.schemaFor(JiveTables.WORK_ITEM));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return t.withSnapshot(
            ds -> {
              RowDirectory d = t.directoryAt(ds);
              WorkItemChanges c = new WorkItemChanges(d);
              R r = plan.apply(c);
              if (!c.isEmpty()) {
                commit(t, ds, c);
              }
              return r;
            });
      } catch (LanceTable.RetryableConflict e) {
        if (attempt >= MAX_COMMIT_ATTEMPTS) {
          throw new ConflictException(
              what
                  + " conflicted with other commits "
                  + attempt
                  + " times; nothing was written, try again ("
                  + e.getMessage()
                  + ")");
        }
        LOG.debug("{}: commit conflict, planning again on fresh state", what);
      }
    }
  }

  /** Commits the staged rows: stored vectors kept for rows staged without one. */
  private void commit(LanceTable t, Dataset ds, WorkItemChanges c) {
    List<WorkItem> rows = c.rows();
    List<Long> keep = new ArrayList<>();
    for (WorkItem w : rows) {
      Long a = w.vector() == null ? c.addressOf(w.id()) : null;
      if (a != null) {
        keep.add(a);
      }
    }
    Map<Long, float[]> stored = t.vectorsAt(ds, keep);
    List<Map<String, Object>> maps = new ArrayList<>(rows.size());
    for (WorkItem w : rows) {
      WorkItem whole = w;
      if (w.vector() == null) {
        Long a = c.addressOf(w.id());
        whole = w.withVector(a == null ? null : stored.get(a));
      }
      maps.add(JiveTables.row(whole));
    }
    try (VectorSchemaRoot root = ArrowRows.toRoot(ds.getSchema(), maps, tables.allocator())) {
      t.commitRows(ds, c.replacedAddresses(), root);
    }
  }

  private float[] checkDimension(float[] vector) {
    if (vector.length != embedder.dimension()) {
      throw new InvalidInputException(
          "vector",
          "has dimension "
              + vector.length
              + " but the model "
              + embedder.modelName()
              + " produces "
              + embedder.dimension());
    }
    return vector;
  }
}
