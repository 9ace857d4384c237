package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkInsertTest {
  @TempDir Path dir;

  @Test
  void aWholeTreeGoesInOneWriteWithParentsFromTheSameBatch() {
    try (LanceDBManager store = TestStores.open(dir)) {
      WorkItem epic = draft(WorkItemType.EPIC, "Epic", null);
      WorkItem story = draft(WorkItemType.STORY, "Story", epic.id());
      WorkItem task =
          draft(WorkItemType.TASK, "Task", story.id()).toBuilder().status(Status.COMPLETED).build();
      assertThat(store.insertWorkItems(List.of(epic, story, task))).isEqualTo(3);
      assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(100.0);
      assertThat(store.allWorkItemsWithVectors())
          .allSatisfy(w -> assertThat(w.vector()).hasSize(384));
    }
  }

  @Test
  void oneBadItemRejectsTheWholeBatch() {
    try (LanceDBManager store = TestStores.open(dir)) {
      WorkItem existing = store.createWorkItem(draft(WorkItemType.STORY, "Existing story", null));
      WorkItem ok = draft(WorkItemType.TASK, "Fine", existing.id());
      WorkItem badParent = draft(WorkItemType.EPIC, "Epic under a story", existing.id());
      assertThatThrownBy(() -> store.insertWorkItems(List.of(ok, badParent)))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parent_id"));
      WorkItem duplicate = existing.toBuilder().vector(null).build();
      assertThatThrownBy(() -> store.insertWorkItems(List.of(ok, duplicate)))
          .isInstanceOf(ConflictException.class);
      WorkItem a = draft(WorkItemType.TASK, "A", null);
      WorkItem b =
          draft(WorkItemType.TASK, "B", null).toBuilder().dependencies(List.of(a.id())).build();
      WorkItem a2 = a.toBuilder().dependencies(List.of(b.id())).build();
      assertThatThrownBy(() -> store.insertWorkItems(List.of(a2, b)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("cycle");
      assertThatThrownBy(
              () -> store.insertWorkItems(List.of(ok.toBuilder().vector(new float[12]).build())))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("vector"));
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(1);
    }
  }
}
