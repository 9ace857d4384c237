package dev.jive.core;

import java.util.Map;
import java.util.Optional;

/** The level of a work item in the hierarchy, from the broadest to the smallest. */
public enum WorkItemType {
  INITIATIVE("initiative"),
  EPIC("epic"),
  FEATURE("feature"),
  STORY("story"),
  TASK("task");

  private static final Map<String, WorkItemType> ALIASES =
      Map.ofEntries(
          Map.entry("user_story", STORY),
          Map.entry("subtask", TASK),
          Map.entry("sub_task", TASK),
          Map.entry("todo", TASK));

  private final String wireName;

  WorkItemType(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling stored in tables and used by the MCP tools. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }

  /**
   * Parses any accepted spelling (any case, hyphens or spaces for underscores, old aliases).
   *
   * @throws InvalidInputException naming {@code item_type} and listing the accepted values
   */
  public static WorkItemType parse(String text) {
    return Spellings.parse(WorkItemType.class, WorkItemType::wireName, ALIASES, "item_type", text);
  }

  /** Like {@link #parse} but empty for a blank or unknown spelling. */
  public static Optional<WorkItemType> tryParse(String text) {
    return Spellings.tryParse(WorkItemType.class, WorkItemType::wireName, ALIASES, text);
  }
}
