package dev.jive.core.rules;

import static dev.jive.core.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

  private static WorkItem at(WorkItem item, int orderIndex) {
    return item.toBuilder().orderIndex(orderIndex).build();
  }

  private static List<WorkItem> tree() {
    return new ArrayList<>(
        List.of(
            at(item("I", WorkItemType.INITIATIVE, null), 0),
            at(item("E2", WorkItemType.EPIC, "I"), 1),
            at(item("E1", WorkItemType.EPIC, "I"), 0),
            at(item("F", WorkItemType.FEATURE, "E1"), 0),
            at(item("T", WorkItemType.TASK, "F"), 0),
            at(item("R", WorkItemType.TASK, null), 1)));
  }

  @Test
  void numbersFollowTheTreeAndSiblingOrder() {
    Map<String, String> n = SequenceNumbers.regenerate(tree());
    assertThat(n)
        .containsEntry("I", "1")
        .containsEntry("E1", "1.1")
        .containsEntry("F", "1.1.1")
        .containsEntry("T", "1.1.1.1")
        .containsEntry("E2", "1.2")
        .containsEntry("R", "2");
  }

  @Test
  void regenerationAfterAMoveRenumbersOldAndNewSiblings() {
    List<WorkItem> items = tree();
    // Move F from E1 to E2, after nothing: E1 loses its only child, E2 gains one.
    items.replaceAll(i -> i.id().equals("F") ? i.toBuilder().parentId("E2").build() : i);
    // And swap the epics' order.
    items.replaceAll(
        i ->
            switch (i.id()) {
              case "E1" -> at(i, 1);
              case "E2" -> at(i, 0);
              default -> i;
            });
    Map<String, String> n = SequenceNumbers.regenerate(items);
    assertThat(n)
        .containsEntry("E2", "1.1")
        .containsEntry("F", "1.1.1")
        .containsEntry("T", "1.1.1.1")
        .containsEntry("E1", "1.2")
        .containsEntry("R", "2");
  }

  @Test
  void orphansAndParentCyclesStillGetNumbers() {
    List<WorkItem> items =
        List.of(
            item("A", WorkItemType.TASK, null),
            item("O", WorkItemType.TASK, "missing"),
            item("X", WorkItemType.TASK, "Y"),
            item("Y", WorkItemType.TASK, "X"));
    Map<String, String> n = SequenceNumbers.regenerate(items);
    assertThat(n).containsOnlyKeys("A", "O", "X", "Y");
    assertThat(n.values()).doesNotHaveDuplicates();
    assertThat(n).containsEntry("A", "1").containsEntry("O", "2");
  }

  @Test
  void tiesInOrderIndexFallBackToCreationTimeThenId() {
    WorkItem late = item("a", WorkItemType.TASK, null);
    late = late.toBuilder().createdAt(late.createdAt().plusSeconds(5)).build();
    WorkItem early = item("b", WorkItemType.TASK, null);
    assertThat(SequenceNumbers.regenerate(List.of(late, early)))
        .containsEntry("b", "1")
        .containsEntry("a", "2");
  }

  @Test
  void compareOrdersPartsNumerically() {
    List<String> numbers = new ArrayList<>(List.of("1.10", "1.9", "2", "1", "1.9.1", "10"));
    numbers.sort(SequenceNumbers::compare);
    assertThat(numbers).containsExactly("1", "1.9", "1.9.1", "1.10", "2", "10");
    assertThat(
            new ArrayList<>(List.of("2", "1"))
                .stream().sorted(Comparator.nullsLast(SequenceNumbers::compare)).toList())
        .containsExactly("1", "2");
  }
}
