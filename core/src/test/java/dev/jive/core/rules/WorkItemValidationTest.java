package dev.jive.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkItemValidationTest {
  private static final WorkItem VALID =
      WorkItem.builder()
          .id("a")
          .title("Valid")
          .itemType(WorkItemType.TASK)
          .contextTags(List.of("a", "b", "c"))
          .acceptanceCriteria(List.of("1", "2", "3", "4", "5"))
          .notes("n".repeat(500))
          .build();

  @Test
  void itemsAtEveryLimitPass() {
    assertThatCode(() -> WorkItemValidation.validate(VALID)).doesNotThrowAnyException();
  }

  static Stream<Arguments> breaches() {
    return Stream.of(
        breach("title", b -> b.title("   "), "must not be empty"),
        breach("title", b -> b.title("t".repeat(501)), "at most 500"),
        breach("notes", b -> b.notes("n".repeat(501)), "at most 500 characters, got 501"),
        breach("context_tags", b -> b.contextTags(List.of("a", "b", "c", "d")), "at most 3"),
        breach(
            "acceptance_criteria",
            b -> b.acceptanceCriteria(List.of("1", "2", "3", "4", "5", "6")),
            "at most 5"),
        breach("tags", b -> b.tags(List.of("ok", " ")), "entry 1 is empty"),
        breach(
            "tags",
            b -> b.tags(java.util.Collections.nCopies(10_000, "t")),
            "at most 100 entries are allowed, got 10000"),
        breach("tags", b -> b.tags(List.of("x".repeat(1_001))), "entry 0 must be at most 1000"),
        breach(
            "description",
            b -> b.description("d".repeat(2 * 1024 * 1024)),
            "at most 100000 characters, got 2097152"),
        breach(
            "acceptance_criteria",
            b -> b.acceptanceCriteria(List.of("c".repeat(1_001))),
            "entry 0 must be at most 1000"),
        breach("progress", b -> b.progress(101), "between 0 and 100"),
        breach("progress", b -> b.progress(Double.NaN), "between 0 and 100"),
        breach("estimated_hours", b -> b.estimatedHours(-1.0), "zero or more"),
        breach("actual_hours", b -> b.actualHours(-0.5), "zero or more"),
        breach("parent_id", b -> b.parentId("a"), "its own parent"),
        breach("dependencies", b -> b.dependencies(List.of("a")), "depend on itself"));
  }

  private static Arguments breach(
      String field, UnaryOperator<WorkItem.Builder> change, String message) {
    return Arguments.of(field, change, message);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("breaches")
  void eachBreachNamesItsField(
      String field, UnaryOperator<WorkItem.Builder> change, String message) {
    WorkItem bad = change.apply(VALID.toBuilder()).build();
    assertThatThrownBy(() -> WorkItemValidation.validate(bad))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }
}
