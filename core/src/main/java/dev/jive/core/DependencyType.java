package dev.jive.core;

import java.util.Map;
import java.util.Optional;

/** How one work item relates to another it names as a dependency. */
public enum DependencyType {
  BLOCKS("blocks"),
  BLOCKED_BY("blocked_by"),
  RELATED("related"),
  SUBTASK_OF("subtask_of");

  private static final Map<String, DependencyType> ALIASES =
      Map.ofEntries(
          Map.entry("depends_on", BLOCKED_BY),
          Map.entry("dependency", BLOCKED_BY),
          Map.entry("relates_to", RELATED),
          Map.entry("related_to", RELATED),
          Map.entry("subtask", SUBTASK_OF),
          Map.entry("child_of", SUBTASK_OF));

  private final String wireName;

  DependencyType(String wireName) {
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
   * @throws InvalidInputException naming {@code dependency_type} and listing the accepted values
   */
  public static DependencyType parse(String text) {
    return Spellings.parse(
        DependencyType.class, DependencyType::wireName, ALIASES, "dependency_type", text);
  }

  /** Like {@link #parse} but empty for a blank or unknown spelling. */
  public static Optional<DependencyType> tryParse(String text) {
    return Spellings.tryParse(DependencyType.class, DependencyType::wireName, ALIASES, text);
  }
}
