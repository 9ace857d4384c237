package dev.jive.core.rules;

import static dev.jive.core.WorkItemType.EPIC;
import static dev.jive.core.WorkItemType.FEATURE;
import static dev.jive.core.WorkItemType.INITIATIVE;
import static dev.jive.core.WorkItemType.STORY;
import static dev.jive.core.WorkItemType.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItemType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HierarchyRulesTest {
  private static final Map<WorkItemType, Set<WorkItemType>> SPEC =
      Map.of(
          INITIATIVE, EnumSet.of(EPIC, TASK),
          EPIC, EnumSet.of(FEATURE, STORY, TASK),
          FEATURE, EnumSet.of(STORY, TASK),
          STORY, EnumSet.of(TASK),
          TASK, EnumSet.noneOf(WorkItemType.class));

  @Test
  void everyParentChildPairFollowsTheSpecMatrix() {
    int checked = 0;
    for (WorkItemType parent : WorkItemType.values()) {
      for (WorkItemType child : WorkItemType.values()) {
        boolean allowed = SPEC.get(parent).contains(child);
        assertThat(HierarchyRules.canParent(parent, child))
            .as("%s -> %s", parent, child)
            .isEqualTo(allowed);
        if (allowed) {
          assertThatCode(() -> HierarchyRules.requireCanParent(parent, child))
              .doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> HierarchyRules.requireCanParent(parent, child))
              .as("%s -> %s", parent, child)
              .isInstanceOfSatisfying(
                  InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parent_id"));
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(25);
  }

  @ParameterizedTest
  @EnumSource(WorkItemType.class)
  void allowedChildrenMatchTheSpec(WorkItemType parent) {
    assertThat(HierarchyRules.allowedChildren(parent)).isEqualTo(SPEC.get(parent));
  }

  @Test
  void refusalSaysWhatIsAllowedInstead() {
    assertThatThrownBy(() -> HierarchyRules.requireCanParent(STORY, EPIC))
        .hasMessage("parent_id: a epic cannot be placed under a story; a story may only hold task");
    assertThatThrownBy(() -> HierarchyRules.requireCanParent(TASK, TASK))
        .hasMessageContaining("a task cannot have children");
  }
}
