package dev.jive.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkItemTest {

  @Test
  void newItemsDefaultToNotStartedMediumWithEmptyListsAndMetadata() {
    WorkItem item = WorkItem.builder().id("a").title("T").itemType(WorkItemType.TASK).build();
    assertThat(item.status()).isEqualTo(Status.NOT_STARTED);
    assertThat(item.priority()).isEqualTo(Priority.MEDIUM);
    assertThat(item.tags()).isEmpty();
    assertThat(item.dependencies()).isEmpty();
    assertThat(item.metadata()).isEqualTo("{}");
    assertThat(item.itemId()).isEqualTo("a");
    assertThat(item.isRoot()).isTrue();
  }

  @Test
  void embeddingTextIsTitleSpaceDescription() {
    WorkItem item =
        WorkItem.builder()
            .id("a")
            .title("Implement login")
            .description("OAuth flow")
            .itemType(WorkItemType.TASK)
            .build();
    assertThat(item.embeddingText()).isEqualTo("Implement login OAuth flow");
    assertThat(WorkItem.embeddingText("Only title", "")).isEqualTo("Only title");
  }

  @Test
  void listsAreCopiedSoLaterChangesToTheSourceDoNotLeakIn() {
    List<String> tags = new ArrayList<>(List.of("x"));
    WorkItem item = WorkItem.builder().id("a").itemType(WorkItemType.TASK).tags(tags).build();
    tags.add("y");
    assertThat(item.tags()).containsExactly("x");
  }

  @Test
  void itemsWithEqualVectorContentsAreEqual() {
    WorkItem a =
        WorkItem.builder().id("a").itemType(WorkItemType.TASK).vector(new float[] {1, 2}).build();
    WorkItem b = a.withVector(new float[] {1, 2});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.withVector(new float[] {1, 3}));
    assertThat(a.toBuilder().build()).isEqualTo(a);
  }
}
