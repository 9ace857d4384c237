package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkItemStoreTest {
  @TempDir Path dir;
  LanceDBManager store;

  @BeforeEach
  void open() {
    store = TestStores.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createdItemIsStoredAsALanceDatasetAndReadBack() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Authentication", null));
    assertThat(Files.isDirectory(dir.resolve("WorkItem.lance"))).isTrue();
    WorkItem read = store.findById(epic.id()).orElseThrow();
    assertThat(read.title()).isEqualTo("Authentication");
    assertThat(read.status()).isEqualTo(Status.NOT_STARTED);
    assertThat(read.sequenceNumber()).isEqualTo("1");
    assertThat(read.createdAt()).isNotNull();
    assertThat(store.allWorkItemsWithVectors().get(0).vector()).hasSize(384);
  }

  @Test
  void childrenAreNumberedAndRollUpProgress() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem a = store.createWorkItem(draft(WorkItemType.TASK, "Task A", epic.id()));
    WorkItem b = store.createWorkItem(draft(WorkItemType.TASK, "Task B", epic.id()));
    assertThat(a.sequenceNumber()).isEqualTo("1.1");
    assertThat(b.sequenceNumber()).isEqualTo("1.2");
    store.updateWorkItem(a.id(), WorkItemPatch.empty().set("status", "completed"));
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(50.0);
    store.updateWorkItem(b.id(), WorkItemPatch.empty().set("status", "done"));
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(100.0);
    assertThat(store.children(epic.id(), false))
        .extracting(WorkItem::id)
        .containsExactly(a.id(), b.id());
  }

  @Test
  void progressRolledUpAroundEachChangeLeavesAFullRecomputationNothingToChange() {
    WorkItem initiative = store.createWorkItem(draft(WorkItemType.INITIATIVE, "Initiative", null));
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", initiative.id()));
    WorkItem other = store.createWorkItem(draft(WorkItemType.EPIC, "Other epic", null));
    WorkItem feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Feature", epic.id()));
    store.insertWorkItems(
        List.of(
            WorkItem.builder()
                .id("t1")
                .title("Done")
                .itemType(WorkItemType.TASK)
                .status(Status.COMPLETED)
                .parentId(feature.id())
                .build(),
            WorkItem.builder()
                .id("t2")
                .title("Open")
                .itemType(WorkItemType.TASK)
                .parentId(feature.id())
                .build(),
            WorkItem.builder()
                .id("t3")
                .title("Elsewhere")
                .itemType(WorkItemType.TASK)
                .status(Status.IN_PROGRESS)
                .parentId(other.id())
                .build()));
    assertThat(store.findById(initiative.id()).orElseThrow().progress()).isEqualTo(50.0);
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(50.0);
    assertThat(store.rollUpProgress()).isEmpty();

    store.updateWorkItem("t2", WorkItemPatch.empty().set("status", "completed"));
    assertThat(store.findById(initiative.id()).orElseThrow().progress()).isEqualTo(100.0);
    store.updateWorkItem("t1", WorkItemPatch.empty().set("parent_id", other.id()));
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(75.0);
    assertThat(store.rollUpProgress()).isEmpty();

    store.deleteWorkItem("t3", false);
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(100.0);
    assertThat(store.rollUpProgress()).isEmpty();
  }

  @Test
  void aNewOpenChildAndAMovedOpenLeafLowerTheirNewAncestors() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Feature", epic.id()));
    WorkItem done =
        store.createWorkItem(
            draft(WorkItemType.TASK, "Done", feature.id()).toBuilder()
                .status(Status.COMPLETED)
                .build());
    assertThat(done.progress()).isEqualTo(100.0);
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(100.0);

    // The new task's own figure (0) is what it was created with: only the parents change.
    store.createWorkItem(draft(WorkItemType.TASK, "Open", feature.id()));
    assertThat(store.findById(feature.id()).orElseThrow().progress()).isEqualTo(50.0);
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(50.0);

    WorkItem loose = store.createWorkItem(draft(WorkItemType.TASK, "Loose", null));
    WorkItem other = store.createWorkItem(draft(WorkItemType.FEATURE, "Other", epic.id()));
    store.updateWorkItem(done.id(), WorkItemPatch.empty().set("parent_id", other.id()));
    assertThat(store.findById(feature.id()).orElseThrow().progress()).isEqualTo(0.0);
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(100.0);
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(50.0);

    // A leaf at 0 moving in keeps its figure; the completed feature it joins must still drop.
    store.updateWorkItem(loose.id(), WorkItemPatch.empty().set("parent_id", other.id()));
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(50.0);
    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(25.0);
    assertThat(store.rollUpProgress()).isEmpty();

    // What an update returns is what a read returns, with the figure the roll-up gave it.
    WorkItem started =
        store.updateWorkItem(loose.id(), WorkItemPatch.empty().set("status", "in_progress"));
    assertThat(started.progress()).isEqualTo(50.0);
    assertThat(started).isEqualTo(store.findById(loose.id()).orElseThrow());
    WorkItem renamed =
        store.updateWorkItem(other.id(), WorkItemPatch.empty().set("title", "Renamed"));
    assertThat(renamed).isEqualTo(store.findById(other.id()).orElseThrow());

    // An update that writes the leaf's new figure itself still moves its parent.
    store.updateWorkItem(
        loose.id(), WorkItemPatch.of(Map.of("status", "completed", "progress", 100.0)));
    assertThat(store.findById(other.id()).orElseThrow().progress()).isEqualTo(100.0);
    assertThat(store.rollUpProgress()).isEmpty();
  }

  @Test
  void rowsWrittenBackWholeByAnUpdateAndItsRollUpKeepTheirVectors() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Vector epic", null));
    WorkItem feature =
        store.createWorkItem(draft(WorkItemType.FEATURE, "Vector feature", epic.id()));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Vector task", feature.id()));
    Map<String, float[]> before = vectorsById();

    store.updateWorkItem(task.id(), WorkItemPatch.empty().set("status", "completed"));
    store.deleteWorkItem(
        store.createWorkItem(draft(WorkItemType.TASK, "Gone", feature.id())).id(), false);

    assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(100.0);
    Map<String, float[]> after = vectorsById();
    for (String id : List.of(epic.id(), feature.id(), task.id())) {
      assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
    }
  }

  private Map<String, float[]> vectorsById() {
    Map<String, float[]> out = new java.util.HashMap<>();
    store.allWorkItemsWithVectors().forEach(w -> out.put(w.id(), w.vector()));
    return out;
  }

  @Test
  void forbiddenOrUnknownParentIsRefusedAndNothingIsWritten() {
    WorkItem story = store.createWorkItem(draft(WorkItemType.STORY, "Story", null));
    assertThatThrownBy(
            () -> store.createWorkItem(draft(WorkItemType.EPIC, "Epic under story", story.id())))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parent_id"))
        .hasMessageContaining("a epic cannot be placed under a story");
    assertThatThrownBy(() -> store.createWorkItem(draft(WorkItemType.TASK, "Orphan", "no-such-id")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parent_id"))
        .hasMessageContaining("no work item has the id no-such-id");
    assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(1);
  }

  @Test
  void fieldLimitsNameTheFieldAndWriteNothing() {
    store.createWorkItem(draft(WorkItemType.TASK, "Existing", null));
    Map<String, Object> base = new HashMap<>(Map.of("type", "task", "title", "T"));
    assertRefused(with(base, "notes", "n".repeat(501)), "notes");
    assertRefused(with(base, "context_tags", List.of("a", "b", "c", "d")), "context_tags");
    assertRefused(
        with(base, "acceptance_criteria", List.of("1", "2", "3", "4", "5", "6")),
        "acceptance_criteria");
    assertRefused(with(base, "title", "  "), "title");
    assertRefused(with(base, "status", "finished-ish"), "status");
    assertRefused(with(base, "type", "bug"), "item_type");
    assertRefused(with(base, "priority", "p0"), "priority");
    assertRefused(with(base, "estimated_hours", "lots"), "estimated_hours");
    assertRefused(Map.of("title", "No type"), "item_type");
    assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(1);
  }

  private static Map<String, Object> with(Map<String, Object> base, String k, Object v) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(k, v);
    return m;
  }

  private void assertRefused(Map<String, Object> fields, String field) {
    assertThatThrownBy(() -> store.createWorkItem(fields))
        .as(field)
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void takenIdIsAConflict() {
    WorkItem item = store.createWorkItem(draft(WorkItemType.TASK, "One", null));
    assertThatThrownBy(() -> store.createWorkItem(item.toBuilder().vector(null).build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(item.id());
  }

  @Test
  void partialUpdateKeepsOtherFieldsAndReEmbedsOnlyWhenTextChanges() {
    WorkItem item =
        store.createWorkItem(
            draft(WorkItemType.TASK, "Write docs", null).toBuilder()
                .tags(List.of("docs"))
                .priority(Priority.HIGH)
                .build());
    float[] before = vectorOf(item.id());
    WorkItem statusOnly =
        store.updateWorkItem(item.id(), WorkItemPatch.empty().set("status", "in_progress"));
    assertThat(statusOnly.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(statusOnly.tags()).containsExactly("docs");
    assertThat(statusOnly.priority()).isEqualTo(Priority.HIGH);
    assertThat(statusOnly.updatedAt()).isAfter(item.updatedAt());
    assertThat(vectorOf(item.id())).containsExactly(before);

    store.updateWorkItem(
        item.id(), WorkItemPatch.empty().set("title", "Write the operators guide"));
    assertThat(vectorOf(item.id())).isNotEqualTo(before);
    assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(1);

    assertThatThrownBy(
            () ->
                store.updateWorkItem(
                    item.id(), WorkItemPatch.empty().set("notes", "x".repeat(501))))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("notes"));
    assertThat(store.findById(item.id()).orElseThrow().notes()).isNull();
    assertThatThrownBy(() -> WorkItemPatch.empty().set("id", "x"))
        .hasMessageContaining("cannot be changed");
    assertThat(store.updateWorkItem("missing", Map.of("status", "blocked"))).isFalse();
  }

  private float[] vectorOf(String id) {
    return store.allWorkItemsWithVectors().stream()
        .filter(w -> w.id().equals(id))
        .findFirst()
        .orElseThrow()
        .vector();
  }

  @Test
  void movingChecksTheHierarchyAndRefusesMovingUnderADescendant() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Feature", epic.id()));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Task", feature.id()));
    WorkItem otherEpic = store.createWorkItem(draft(WorkItemType.EPIC, "Other", null));
    assertThat(
            store
                .updateWorkItem(task.id(), WorkItemPatch.empty().set("parent_id", otherEpic.id()))
                .parentId())
        .isEqualTo(otherEpic.id());
    assertThatThrownBy(
            () ->
                store.updateWorkItem(epic.id(), WorkItemPatch.empty().set("parent_id", task.id())))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parent_id"));
    WorkItem story = store.createWorkItem(draft(WorkItemType.STORY, "Story", feature.id()));
    assertThatThrownBy(
            () ->
                store.updateWorkItem(
                    story.id(), WorkItemPatch.empty().set("parent_id", story.id())))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void deleteRefusesItemsWithChildrenUnlessAskedAndCleansDependencies() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Task", epic.id()));
    WorkItem other = store.createWorkItem(draft(WorkItemType.TASK, "Other", null));
    store.addDependency(other.id(), task.id());
    assertThatThrownBy(() -> store.deleteWorkItem(epic.id(), false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("1 descendant");
    assertThat(store.deleteWorkItem(epic.id(), true))
        .containsExactlyInAnyOrder(epic.id(), task.id());
    assertThat(store.findById(task.id())).isEmpty();
    assertThat(store.findById(other.id()).orElseThrow().dependencies()).isEmpty();
    assertThatThrownBy(() -> store.deleteWorkItem("nope", true))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void dependencyCyclesAreRefusedWithThePath() {
    WorkItem a = store.createWorkItem(draft(WorkItemType.TASK, "A", null));
    WorkItem b = store.createWorkItem(draft(WorkItemType.TASK, "B", null));
    WorkItem c = store.createWorkItem(draft(WorkItemType.TASK, "C", null));
    store.addDependency(a.id(), b.id());
    store.addDependency(b.id(), c.id());
    assertThatThrownBy(() -> store.addDependency(c.id(), a.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(c.id() + " -> " + a.id() + " -> " + b.id() + " -> " + c.id());
    assertThatThrownBy(() -> store.addDependency(a.id(), a.id()))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store.addDependency(a.id(), "ghost"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("dependencies"));
    store.removeDependency(a.id(), b.id());
    store.addDependency(c.id(), a.id());
    assertThat(store.findById(c.id()).orElseThrow().dependencies()).containsExactly(a.id());
  }

  @Test
  void listingFiltersSortsAndPages() {
    for (int i = 0; i < 12; i++) {
      store.createWorkItem(
          draft(WorkItemType.TASK, String.format("Task %02d", i), null).toBuilder()
              .priority(i % 3 == 0 ? Priority.CRITICAL : Priority.LOW)
              .tags(List.of(i % 2 == 0 ? "even" : "odd"))
              .build());
    }
    List<WorkItem> page =
        store.listWorkItems(
            new WorkItemQuery(
                Filter.eq("priority", "critical"), WorkItemQuery.SortBy.TITLE, false, 2, 1));
    assertThat(page).extracting(WorkItem::title).containsExactly("Task 06", "Task 03");
    assertThat(store.listWorkItems(WorkItemQuery.of(Filter.hasAny("tags", List.of("even")), 100)))
        .hasSize(6);
    assertThat(
            store
                .listWorkItems(WorkItemQuery.all().sorted(WorkItemQuery.SortBy.PRIORITY, false))
                .get(0)
                .priority())
        .isEqualTo(Priority.CRITICAL);
    assertThat(store.listWorkItems(WorkItemQuery.all()).get(0).title()).isEqualTo("Task 00");
  }

  @Test
  void everyPageIsTheSliceOfTheWholeSortedListWithEveryColumn() {
    for (int i = 0; i < 30; i++) {
      store.createWorkItem(
          draft(WorkItemType.TASK, "Item " + (char) ('a' + (i * 7) % 26) + i, null).toBuilder()
              .priority(Priority.values()[i % Priority.values().length])
              .tags(List.of("t" + i % 4))
              .notes(i % 5 == 0 ? null : "note " + i)
              .build());
    }
    // Updates move rows into new fragments; the page's rows must still be the listed ones.
    for (WorkItem w : store.allWorkItems().subList(0, 10)) {
      store.updateWorkItem(w.id(), WorkItemPatch.of(Map.of("status", "in_progress")));
    }
    for (WorkItemQuery.SortBy by : WorkItemQuery.SortBy.values()) {
      for (boolean asc : List.of(true, false)) {
        for (Filter f : List.of(Filter.matchAll(), Filter.eq("status", "in_progress"))) {
          WorkItemQuery q = new WorkItemQuery(f, by, asc, 7, 0);
          List<WorkItem> everything =
              new ArrayList<>(
                  store.allWorkItems().stream()
                      .filter(w -> f.isMatchAll() || w.status() == Status.IN_PROGRESS)
                      .toList());
          everything.sort(q.comparator());
          for (int offset : List.of(0, 5, 28, 40)) {
            List<WorkItem> expected =
                everything.subList(
                    Math.min(offset, everything.size()), Math.min(everything.size(), offset + 7));
            assertThat(store.listWorkItems(q.page(7, offset)))
                .as("%s %s %s from %d", by, asc ? "asc" : "desc", f, offset)
                .containsExactlyElementsOf(expected);
          }
        }
      }
    }
  }

  @Test
  void hostileFilterValuesMatchLiterally() {
    List<String> titles =
        List.of(
            "O'Brien's task",
            "100% done",
            "snake_case",
            "C:\\path\\x",
            "日本語のタスク 🚀",
            "x' OR '1'='1",
            "'; DROP TABLE WorkItem; --",
            "SELECT * FROM WorkItem",
            "plain");
    for (String t : titles) {
      store.createWorkItem(draft(WorkItemType.TASK, t, null).toBuilder().tags(List.of(t)).build());
    }
    for (String t : titles) {
      assertThat(store.listWorkItems(WorkItemQuery.of(Filter.eq("title", t), 100)))
          .as(t)
          .extracting(WorkItem::title)
          .containsExactly(t);
      assertThat(store.listWorkItems(WorkItemQuery.of(Filter.hasAny("tags", List.of(t)), 100)))
          .as("tags " + t)
          .hasSize(1);
    }
    assertThat(
            store.listWorkItems(
                WorkItemQuery.of(
                    new Filter.Condition(
                        "title", dev.jive.core.search.Operator.CONTAINS_TEXT, List.of("%")),
                    100)))
        .extracting(WorkItem::title)
        .containsExactly("100% done");
    assertThat(
            store.listWorkItems(
                WorkItemQuery.of(
                    new Filter.Condition(
                        "title", dev.jive.core.search.Operator.CONTAINS_TEXT, List.of("_")),
                    100)))
        .extracting(WorkItem::title)
        .containsExactly("snake_case");
    assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(titles.size());
  }

  @Test
  void referencesResolveByIdTitleAndKeywords() {
    WorkItem auth =
        store.createWorkItem(draft(WorkItemType.FEATURE, "Implement user authentication", null));
    store.createWorkItem(draft(WorkItemType.TASK, "Fix build", null));
    WorkItem newer = store.createWorkItem(draft(WorkItemType.TASK, "Fix build", null));
    assertThat(store.getWorkItem(auth.id())).contains(store.findById(auth.id()).orElseThrow());
    assertThat(store.getWorkItem("Fix build").orElseThrow().id()).isEqualTo(newer.id());
    assertThat(store.getWorkItem("user authentication").orElseThrow().id()).isEqualTo(auth.id());
    assertThat(store.getWorkItem("kubernetes migration")).isEmpty();
    assertThatThrownBy(() -> store.requireWorkItem("00000000-0000-0000-0000-000000000000"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aMoveNumbersTheItemUnderItsNewParentSoARegenerationChangesNothing() {
    WorkItem e1 = store.createWorkItem(draft(WorkItemType.EPIC, "E1", null));
    WorkItem e2 = store.createWorkItem(draft(WorkItemType.EPIC, "E2", null));
    WorkItem t = store.createWorkItem(draft(WorkItemType.TASK, "T", e1.id()));
    store.updateWorkItem(t.id(), WorkItemPatch.empty().set("parent_id", e2.id()));
    assertThat(store.findById(t.id()).orElseThrow().sequenceNumber()).isEqualTo("2.1");
    assertThat(store.regenerateSequenceNumbers()).isEmpty();
  }

  @Test
  void executionLogsComeBackNewestFirst() {
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "T", null));
    for (int i = 0; i < 3; i++) {
      store.logExecution(
          new dev.jive.core.ExecutionLog(
              LanceDBManager.newId(),
              null,
              task.id(),
              "step " + i,
              "ok",
              "agent",
              "details",
              null,
              i,
              store.now(),
              null));
    }
    assertThat(store.getExecutionLogs(task.id(), 2))
        .extracting(dev.jive.core.ExecutionLog::action)
        .containsExactly("step 2", "step 1");
    assertThat(store.getExecutionLogs("other", 10)).isEmpty();
  }

  @Test
  void aDependencyOrMoveThatAPlanWouldCallACycleIsRefusedAndNothingChanges() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Feature", epic.id()));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Task", feature.id()));
    WorkItem other = store.createWorkItem(draft(WorkItemType.FEATURE, "Other", epic.id()));
    WorkItem loose = store.createWorkItem(draft(WorkItemType.TASK, "Loose", other.id()));
    // A task waiting for its own grandparent, which waits for it as a child: a cycle.
    assertThatThrownBy(() -> store.addDependency(task.id(), epic.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining(task.id() + " -> " + epic.id())
        .hasMessageContaining("'Task' -> 'Epic'");
    assertThat(store.findById(task.id()).orElseThrow().dependencies()).isEmpty();
    // A parent may wait for its own descendant: that is what it does anyway.
    store.addDependency(epic.id(), task.id());
    // A task that waits for a feature cannot become that feature's child.
    store.addDependency(loose.id(), feature.id());
    assertThatThrownBy(
            () ->
                store.updateWorkItem(
                    loose.id(), WorkItemPatch.empty().set("parent_id", feature.id())))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("parent_id");
    assertThat(store.findById(loose.id()).orElseThrow().parentId()).isEqualTo(other.id());
  }

  @Test
  void aMovedItemIsNumberedAfterItsNewSiblingsWithItsSubtreeInTheSameCommit() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem a = store.createWorkItem(draft(WorkItemType.FEATURE, "A", epic.id()));
    WorkItem b = store.createWorkItem(draft(WorkItemType.FEATURE, "B", epic.id()));
    store.createWorkItem(draft(WorkItemType.STORY, "B's story", b.id()));
    WorkItem story = store.createWorkItem(draft(WorkItemType.STORY, "Moving story", a.id()));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Its task", story.id()));
    assertThat(story.sequenceNumber()).isEqualTo("1.1.1");
    store.updateWorkItem(story.id(), WorkItemPatch.empty().set("parent_id", b.id()));
    assertThat(store.findById(story.id()).orElseThrow().sequenceNumber()).isEqualTo("1.2.2");
    assertThat(store.findById(task.id()).orElseThrow().sequenceNumber()).isEqualTo("1.2.2.1");
    // Created after the move, under the old parent: numbered after the highest the parent's
    // children have had, so the moved story's old number is not handed out again.
    WorkItem next = store.createWorkItem(draft(WorkItemType.STORY, "A's new story", a.id()));
    assertThat(next.sequenceNumber()).isEqualTo("1.1.2");
    List<String> numbers = store.allWorkItems().stream().map(WorkItem::sequenceNumber).toList();
    assertThat(numbers).doesNotHaveDuplicates();
  }

  @Test
  void aReorderSetsTheOrderAndTheNumbersItChangesInOneCommit() {
    WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Epic", null));
    WorkItem a = store.createWorkItem(draft(WorkItemType.FEATURE, "A", epic.id()));
    WorkItem b = store.createWorkItem(draft(WorkItemType.FEATURE, "B", epic.id()));
    WorkItem c = store.createWorkItem(draft(WorkItemType.FEATURE, "C", epic.id()));
    WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "C's task", c.id()));
    int versions = store.listVersions("WorkItem").size();
    Map<String, String> renumbered = store.reorder(Map.of(c.id(), 0, a.id(), 1, b.id(), 2));
    assertThat(renumbered)
        .containsEntry(c.id(), "1.1")
        .containsEntry(a.id(), "1.2")
        .containsEntry(b.id(), "1.3")
        .containsEntry(task.id(), "1.1.1");
    assertThat(store.listVersions("WorkItem")).hasSize(versions + 1);
    assertThat(store.children(epic.id(), false))
        .extracting(WorkItem::title)
        .containsExactly("C", "A", "B");
    assertThat(store.regenerateSequenceNumbers()).isEmpty();
  }
}
