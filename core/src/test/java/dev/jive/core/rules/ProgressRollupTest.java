package dev.jive.core.rules;

import static dev.jive.core.TestItems.item;
import static dev.jive.core.TestItems.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressRollupTest {

  @ParameterizedTest
  @CsvSource({"COMPLETED, 100", "IN_PROGRESS, 50", "BLOCKED, 25", "NOT_STARTED, 0", "CANCELLED, 0"})
  void leafProgressFollowsStatus(Status status, double expected) {
    assertThat(ProgressRollup.leafProgress(status)).isEqualTo(expected);
  }

  @Test
  void threeLevelTreeRollsUpMeansOfChildren() {
    // epic E: features F1 (tasks done, in progress) and F2 (tasks blocked, not started, done)
    List<WorkItem> items =
        List.of(
            item("E", WorkItemType.EPIC, null),
            item("F1", WorkItemType.FEATURE, "E"),
            item("F2", WorkItemType.FEATURE, "E"),
            task("t1", "F1", Status.COMPLETED),
            task("t2", "F1", Status.IN_PROGRESS),
            task("t3", "F2", Status.BLOCKED),
            task("t4", "F2", Status.NOT_STARTED),
            task("t5", "F2", Status.COMPLETED));
    Map<String, Double> p = ProgressRollup.compute(items);
    assertThat(p.get("F1")).isEqualTo(75.0);
    assertThat(p.get("F2")).isCloseTo(125.0 / 3, within(1e-9));
    assertThat(p.get("E")).isCloseTo((75.0 + 125.0 / 3) / 2, within(1e-9));
    assertThat(p.get("t3")).isEqualTo(25.0);
  }

  @Test
  void trackedFigureOfAnInProgressLeafIsKept() {
    WorkItem leaf = task("t", null, Status.IN_PROGRESS).toBuilder().progress(30).build();
    assertThat(ProgressRollup.leafProgress(leaf)).isEqualTo(30.0);
    WorkItem done = task("d", null, Status.COMPLETED).toBuilder().progress(30).build();
    assertThat(ProgressRollup.leafProgress(done)).isEqualTo(100.0);
  }

  @Test
  void cancelledChildrenDoNotHoldTheirParentBack() {
    List<WorkItem> items =
        List.of(
            item("S", WorkItemType.STORY, null),
            task("a", "S", Status.COMPLETED),
            task("b", "S", Status.CANCELLED));
    assertThat(ProgressRollup.compute(items).get("S")).isEqualTo(100.0);

    List<WorkItem> allCancelled =
        List.of(item("S", WorkItemType.STORY, null), task("b", "S", Status.CANCELLED));
    assertThat(ProgressRollup.compute(allCancelled).get("S")).isEqualTo(0.0);
  }

  @Test
  void changesListOnlyItemsWhoseStoredProgressIsStale() {
    List<WorkItem> items =
        List.of(
            item("S", WorkItemType.STORY, null).toBuilder().progress(0).build(),
            task("a", "S", Status.COMPLETED).toBuilder().progress(100).build());
    assertThat(ProgressRollup.changes(items)).containsExactly(Map.entry("S", 100.0));
  }

  @Test
  void deepChainAndParentCycleAreHandledWithoutRecursion() {
    List<WorkItem> chain = new ArrayList<>();
    chain.add(item("n0", WorkItemType.TASK, null));
    for (int i = 1; i < 20_000; i++) {
      chain.add(task("n" + i, "n" + (i - 1), Status.COMPLETED));
    }
    assertThat(ProgressRollup.compute(chain).get("n0")).isEqualTo(100.0);

    List<WorkItem> loop =
        List.of(task("a", "b", Status.COMPLETED), task("b", "a", Status.NOT_STARTED));
    assertThat(ProgressRollup.compute(loop)).containsOnlyKeys("a", "b");
  }
}
