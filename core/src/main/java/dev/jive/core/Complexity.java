package dev.jive.core;

import java.util.Map;
import java.util.Optional;

/** The estimated difficulty of a work item. */
public enum Complexity {
  SIMPLE("simple"),
  MODERATE("moderate"),
  COMPLEX("complex");

  private static final Map<String, Complexity> ALIASES =
      Map.ofEntries(
          Map.entry("easy", SIMPLE),
          Map.entry("low", SIMPLE),
          Map.entry("medium", MODERATE),
          Map.entry("hard", COMPLEX),
          Map.entry("high", COMPLEX));

  private final String wireName;

  Complexity(String wireName) {
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
   * @throws InvalidInputException naming {@code complexity} and listing the accepted values
   */
  public static Complexity parse(String text) {
    return Spellings.parse(Complexity.class, Complexity::wireName, ALIASES, "complexity", text);
  }

  /** Like {@link #parse} but empty for a blank or unknown spelling. */
  public static Optional<Complexity> tryParse(String text) {
    return Spellings.tryParse(Complexity.class, Complexity::wireName, ALIASES, text);
  }
}
