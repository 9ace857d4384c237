package dev.jive.core.rules;

import static dev.jive.core.TestItems.item;
import static dev.jive.core.TestItems.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusRollupTest {

  /** Children's statuses as a space-separated list; the parent's status before and after. */
  @ParameterizedTest(name = "{0} over [{1}] -> {2}")
  @CsvSource({
    "NOT_STARTED, COMPLETED COMPLETED, COMPLETED",
    "IN_PROGRESS, COMPLETED COMPLETED, COMPLETED",
    "NOT_STARTED, IN_PROGRESS NOT_STARTED, IN_PROGRESS",
    "NOT_STARTED, COMPLETED NOT_STARTED, IN_PROGRESS",
    "NOT_STARTED, BLOCKED NOT_STARTED, IN_PROGRESS",
    "NOT_STARTED, NOT_STARTED NOT_STARTED, NOT_STARTED",
    "COMPLETED, COMPLETED IN_PROGRESS, IN_PROGRESS",
    "COMPLETED, COMPLETED NOT_STARTED, IN_PROGRESS",
    "COMPLETED, NOT_STARTED NOT_STARTED, NOT_STARTED",
    "IN_PROGRESS, NOT_STARTED NOT_STARTED, IN_PROGRESS",
    "NOT_STARTED, COMPLETED CANCELLED, COMPLETED",
    "NOT_STARTED, CANCELLED CANCELLED, NOT_STARTED",
    "COMPLETED, CANCELLED CANCELLED, COMPLETED",
    "BLOCKED, COMPLETED COMPLETED, BLOCKED",
    "CANCELLED, COMPLETED IN_PROGRESS, CANCELLED"
  })
  void aParentsStatusFollowsItsChildren(Status before, String children, Status after) {
    WorkItem parent = item("S", WorkItemType.STORY, null).toBuilder().status(before).build();
    String[] statuses = children.split(" ");
    List<WorkItem> kids =
        IntStream.range(0, statuses.length)
            .mapToObj(i -> task("t" + i, "S", Status.valueOf(statuses[i])))
            .toList();
    assertThat(StatusRollup.parentStatus(parent, kids)).isEqualTo(after);
  }

  @ParameterizedTest
  @CsvSource({"NOT_STARTED", "IN_PROGRESS", "COMPLETED", "BLOCKED"})
  void anItemWithoutChildrenKeepsItsStatus(Status own) {
    WorkItem leaf = task("t", null, own);
    assertThat(StatusRollup.parentStatus(leaf, List.of())).isEqualTo(own);
  }
}
