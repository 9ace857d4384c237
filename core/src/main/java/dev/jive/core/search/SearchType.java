package dev.jive.core.search;

import dev.jive.core.InvalidInputException;
import java.util.Locale;

/** How a search ranks: by meaning, by words, or both fused. */
public enum SearchType {
  SEMANTIC("semantic"),
  KEYWORD("keyword"),
  HYBRID("hybrid");

  private final String wireName;

  SearchType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }

  /**
   * Parses {@code semantic}, {@code keyword} or {@code hybrid} in any case; the old API's {@code
   * vector} means semantic and {@code text} / {@code fts} mean keyword.
   *
   * @throws InvalidInputException naming {@code search_type}
   */
  public static SearchType parse(String text) {
    String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "semantic", "vector" -> SEMANTIC;
      case "keyword", "text", "fts", "full_text" -> KEYWORD;
      case "hybrid" -> HYBRID;
      default ->
          throw new InvalidInputException(
              "search_type",
              (key.isEmpty() ? "a value is required" : "unknown value '" + text + "'")
                  + "; expected one of semantic, keyword, hybrid");
    };
  }
}
