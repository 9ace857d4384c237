package dev.jive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnumSpellingTest {

  @ParameterizedTest
  @CsvSource({
    "not_started, NOT_STARTED",
    "Not Started, NOT_STARTED",
    "NOT-STARTED, NOT_STARTED",
    "todo, NOT_STARTED",
    "pending, NOT_STARTED",
    "in_progress, IN_PROGRESS",
    "In-Progress, IN_PROGRESS",
    "completed, COMPLETED",
    "done, COMPLETED",
    "blocked, BLOCKED",
    "cancelled, CANCELLED",
    "canceled, CANCELLED"
  })
  void statusParsesOldSpellings(String text, Status expected) {
    assertThat(Status.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "initiative, INITIATIVE",
    "Epic, EPIC",
    "FEATURE, FEATURE",
    "user_story, STORY",
    "story, STORY",
    "task, TASK",
    "subtask, TASK"
  })
  void workItemTypeParsesOldSpellings(String text, WorkItemType expected) {
    assertThat(WorkItemType.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"low, LOW", "Medium, MEDIUM", "HIGH, HIGH", "critical, CRITICAL", "urgent, CRITICAL"})
  void priorityParsesOldSpellings(String text, Priority expected) {
    assertThat(Priority.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"simple, SIMPLE", "Moderate, MODERATE", "complex, COMPLEX"})
  void complexityParsesOldSpellings(String text, Complexity expected) {
    assertThat(Complexity.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "blocks, BLOCKS",
    "blocked_by, BLOCKED_BY",
    "Blocked-By, BLOCKED_BY",
    "depends_on, BLOCKED_BY",
    "related, RELATED",
    "subtask_of, SUBTASK_OF"
  })
  void dependencyTypeParsesOldSpellings(String text, DependencyType expected) {
    assertThat(DependencyType.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"status, finito", "status, ''"})
  void unknownStatusNamesTheFieldAndTheChoices(String field, String text) {
    assertThatThrownBy(() -> Status.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("status")
        .hasMessageContaining("not_started, in_progress, completed, blocked, cancelled")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  @ParameterizedTest
  @CsvSource({"item_type, bug", "priority, p0", "complexity, trivial", "dependency_type, after"})
  void unknownValuesNameTheirField(String field, String text) {
    Runnable parse =
        switch (field) {
          case "item_type" -> () -> WorkItemType.parse(text);
          case "priority" -> () -> Priority.parse(text);
          case "complexity" -> () -> Complexity.parse(text);
          default -> () -> DependencyType.parse(text);
        };
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining("unknown value '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"NOT_STARTED, not_started", "IN_PROGRESS, in_progress", "CANCELLED, cancelled"})
  void wireNamesRoundTrip(Status status, String wire) {
    assertThat(status.wireName()).isEqualTo(wire);
    assertThat(Status.parse(status.toString())).isEqualTo(status);
  }
}
