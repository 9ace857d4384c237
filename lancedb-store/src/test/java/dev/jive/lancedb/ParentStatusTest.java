package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.rules.ProgressRollup;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parents' status follows their children in the commit of the child's change (domain.md). */
class ParentStatusTest {
  @TempDir Path dir;

  /** initiative > epic > feature > story > tasks t1, t2; and a second story with one task. */
  private record Tree(
      WorkItem initiative,
      WorkItem epic,
      WorkItem feature,
      WorkItem story,
      WorkItem t1,
      WorkItem t2,
      WorkItem otherStory,
      WorkItem t3) {}

  private static Tree tree(LanceDBManager store) {
    WorkItem i = store.createWorkItem(draft(WorkItemType.INITIATIVE, "Payments", null));
    WorkItem e = store.createWorkItem(draft(WorkItemType.EPIC, "Checkout", i.id()));
    WorkItem f = store.createWorkItem(draft(WorkItemType.FEATURE, "Card form", e.id()));
    WorkItem s = store.createWorkItem(draft(WorkItemType.STORY, "Enter card details", f.id()));
    WorkItem t1 = store.createWorkItem(draft(WorkItemType.TASK, "Card number field", s.id()));
    WorkItem t2 = store.createWorkItem(draft(WorkItemType.TASK, "Expiry field", s.id()));
    WorkItem s2 = store.createWorkItem(draft(WorkItemType.STORY, "Save the card", f.id()));
    WorkItem t3 = store.createWorkItem(draft(WorkItemType.TASK, "Vault call", s2.id()));
    return new Tree(i, e, f, s, t1, t2, s2, t3);
  }

  private static void set(LanceDBManager store, WorkItem item, String status) {
    store.updateWorkItem(item.id(), WorkItemPatch.empty().set("status", status));
  }

  private static Status status(LanceDBManager store, WorkItem item) {
    return store.findById(item.id()).orElseThrow().status();
  }

  @Test
  void theFirstStartedTaskPutsEveryAncestorInProgress() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      set(store, t.t1(), "in_progress");
      for (WorkItem w : List.of(t.story(), t.feature(), t.epic(), t.initiative())) {
        assertThat(status(store, w)).as(w.title()).isEqualTo(Status.IN_PROGRESS);
      }
      assertThat(status(store, t.otherStory())).isEqualTo(Status.NOT_STARTED);
    }
  }

  @Test
  void completingTheLastTaskCompletesEachLevelWhoseChildrenAreAllDone() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      set(store, t.t1(), "completed");
      set(store, t.t2(), "completed");
      assertThat(status(store, t.story())).isEqualTo(Status.COMPLETED);
      assertThat(store.findById(t.story().id()).orElseThrow().progress()).isEqualTo(100.0);
      // The feature still has an open story.
      assertThat(status(store, t.feature())).isEqualTo(Status.IN_PROGRESS);
      set(store, t.t3(), "completed");
      for (WorkItem w : List.of(t.otherStory(), t.feature(), t.epic(), t.initiative())) {
        assertThat(status(store, w)).as(w.title()).isEqualTo(Status.COMPLETED);
      }
    }
  }

  @Test
  void reopeningATaskOrAddingOneReopensItsCompletedAncestors() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      for (WorkItem task : List.of(t.t1(), t.t2(), t.t3())) {
        set(store, task, "completed");
      }
      assertThat(status(store, t.initiative())).isEqualTo(Status.COMPLETED);
      set(store, t.t2(), "in_progress");
      for (WorkItem w : List.of(t.story(), t.feature(), t.epic(), t.initiative())) {
        assertThat(status(store, w)).as(w.title()).isEqualTo(Status.IN_PROGRESS);
      }
      set(store, t.t2(), "completed");
      assertThat(status(store, t.initiative())).isEqualTo(Status.COMPLETED);
      store.createWorkItem(draft(WorkItemType.TASK, "3-D Secure", t.otherStory().id()));
      assertThat(status(store, t.otherStory())).isEqualTo(Status.IN_PROGRESS);
      assertThat(status(store, t.initiative())).isEqualTo(Status.IN_PROGRESS);
    }
  }

  @Test
  void deletingTheOnlyOpenTaskCompletesItsStory() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      set(store, t.t1(), "completed");
      store.deleteWorkItem(t.t2().id(), false);
      assertThat(status(store, t.story())).isEqualTo(Status.COMPLETED);
    }
  }

  @Test
  void aStatusTheCallerSetsOnAParentIsKeptAndABlockedParentIsLeftAlone() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      set(store, t.story(), "completed");
      assertThat(status(store, t.story())).isEqualTo(Status.COMPLETED);
      set(store, t.otherStory(), "blocked");
      set(store, t.t3(), "completed");
      assertThat(status(store, t.otherStory())).isEqualTo(Status.BLOCKED);
    }
  }

  @Test
  void everyRolledUpStatusAndFigureIsWhatTheChildrenGive() {
    try (LanceDBManager store = TestStores.open(dir)) {
      Tree t = tree(store);
      set(store, t.t1(), "completed");
      set(store, t.t3(), "in_progress");
      store.deleteWorkItem(t.t2().id(), false);
      store.createWorkItem(draft(WorkItemType.TASK, "Luhn check", t.story().id()));
      List<WorkItem> all = store.allWorkItems();
      assertThat(ProgressRollup.changes(all)).isEmpty();
      Map<String, Status> expected =
          Map.of(
              t.story().id(), Status.IN_PROGRESS,
              t.otherStory().id(), Status.IN_PROGRESS,
              t.feature().id(), Status.IN_PROGRESS,
              t.initiative().id(), Status.IN_PROGRESS);
      expected.forEach(
          (id, s) -> assertThat(store.findById(id).orElseThrow().status()).isEqualTo(s));
    }
  }

  @Test
  void withManualParentsOnlyProgressRollsUp() {
    DatabaseConfig manual =
        DatabaseConfig.defaults().withDataPath(dir.toString()).withAutomaticParentStatus(false);
    try (LanceDBManager store =
        LanceDBManager.builder(manual)
            .embedder(new DeterministicEmbedder(384))
            .options(TestStores.SYNC)
            .build()) {
      Tree t = tree(store);
      set(store, t.t1(), "completed");
      set(store, t.t2(), "completed");
      WorkItem story = store.findById(t.story().id()).orElseThrow();
      assertThat(story.progress()).isEqualTo(100.0);
      assertThat(story.status()).isEqualTo(Status.NOT_STARTED);
      assertThat(status(store, t.initiative())).isEqualTo(Status.NOT_STARTED);
    }
  }
}
