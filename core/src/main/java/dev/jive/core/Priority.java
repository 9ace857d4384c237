package dev.jive.core;

import java.util.Map;
import java.util.Optional;

/** How urgent a work item is. */
public enum Priority {
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high"),
  CRITICAL("critical");

  private static final Map<String, Priority> ALIASES =
      Map.ofEntries(
          Map.entry("normal", MEDIUM),
          Map.entry("med", MEDIUM),
          Map.entry("urgent", CRITICAL),
          Map.entry("highest", CRITICAL),
          Map.entry("lowest", LOW));

  private final String wireName;

  Priority(String wireName) {
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
   * @throws InvalidInputException naming {@code priority} and listing the accepted values
   */
  public static Priority parse(String text) {
    return Spellings.parse(Priority.class, Priority::wireName, ALIASES, "priority", text);
  }

  /** Like {@link #parse} but empty for a blank or unknown spelling. */
  public static Optional<Priority> tryParse(String text) {
    return Spellings.tryParse(Priority.class, Priority::wireName, ALIASES, text);
  }
}
