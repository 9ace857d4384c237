package dev.jive.core.rules;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import java.util.List;

/** The field limits every stored work item obeys (jive_manage_work_item's documented limits). */
public final class WorkItemValidation {
  public static final int MAX_TITLE_LENGTH = 500;
  public static final int MAX_NOTES_LENGTH = 500;
  public static final int MAX_CONTEXT_TAGS = 3;
  public static final int MAX_ACCEPTANCE_CRITERIA = 5;

  /**
   * Limits the old server left open, set well above real use so a runaway agent (a 2 MB text,
   * 10,000 tags) is refused by name instead of filling the store and every search answer.
   */
  public static final int MAX_DESCRIPTION_LENGTH = 100_000;

  public static final int MAX_TAGS = 100;
  public static final int MAX_ENTRY_LENGTH = 1_000;
  public static final int MAX_DEPENDENCIES = 1_000;

  private WorkItemValidation() {}

  /**
   * Checks one item's own fields; the hierarchy and dependencies need the other items and are
   * checked by {@link HierarchyRules} and {@link DependencyGraph}.
   *
   * @throws InvalidInputException naming the first field that breaks a limit
   */
  public static void validate(WorkItem item) {
    if (item.title().isBlank()) {
      throw new InvalidInputException("title", "must not be empty");
    }
    requireShorterThan("title", item.title(), MAX_TITLE_LENGTH);
    requireShorterThan("notes", item.notes(), MAX_NOTES_LENGTH);
    requireShorterThan("description", item.description(), MAX_DESCRIPTION_LENGTH);
    requireAtMost("tags", item.tags(), MAX_TAGS);
    requireAtMost("dependencies", item.dependencies(), MAX_DEPENDENCIES);
    requireShortEntries("tags", item.tags());
    requireShortEntries("context_tags", item.contextTags());
    requireShortEntries("acceptance_criteria", item.acceptanceCriteria());
    requireAtMost("context_tags", item.contextTags(), MAX_CONTEXT_TAGS);
    requireAtMost("acceptance_criteria", item.acceptanceCriteria(), MAX_ACCEPTANCE_CRITERIA);
    requireNoBlank("tags", item.tags());
    requireNoBlank("context_tags", item.contextTags());
    requireNoBlank("acceptance_criteria", item.acceptanceCriteria());
    requireNoBlank("dependencies", item.dependencies());
    if (!(item.progress() >= 0 && item.progress() <= 100)) {
      throw new InvalidInputException(
          "progress", "must be between 0 and 100, got " + item.progress());
    }
    requireNonNegative("estimated_hours", item.estimatedHours());
    requireNonNegative("actual_hours", item.actualHours());
    if (item.parentId() != null && item.parentId().equals(item.id())) {
      throw new InvalidInputException("parent_id", "a work item cannot be its own parent");
    }
    if (item.dependencies().contains(item.id())) {
      throw new InvalidInputException("dependencies", "a work item cannot depend on itself");
    }
  }

  private static void requireAtMost(String field, List<String> values, int max) {
    if (values.size() > max) {
      throw new InvalidInputException(
          field, "at most " + max + " entries are allowed, got " + values.size());
    }
  }

  /** {@code value} (may be null) of at most {@code max} characters. */
  private static void requireShorterThan(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw new InvalidInputException(
          field, "must be at most " + max + " characters, got " + value.length());
    }
  }

  private static void requireShortEntries(String field, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v != null && v.length() > MAX_ENTRY_LENGTH) {
        throw new InvalidInputException(
            field,
            "entry "
                + i
                + " must be at most "
                + MAX_ENTRY_LENGTH
                + " characters, got "
                + v.length());
      }
    }
  }

  private static void requireNoBlank(String field, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null || values.get(i).isBlank()) {
        throw new InvalidInputException(field, "entry " + i + " is empty");
      }
    }
  }

  private static void requireNonNegative(String field, Double value) {
    if (value != null && !(value >= 0)) {
      throw new InvalidInputException(field, "must be zero or more, got " + value);
    }
  }
}
