package dev.jive.core.search;

import dev.jive.core.InvalidInputException;
import java.util.Objects;

/**
 * What to search for: the query text, how to rank, a typed filter applied before ranking, how many
 * hits at most, and the lowest score kept (null keeps all).
 */
public record SearchRequest(
    String query, SearchType type, Filter filter, int limit, Double minScore) {
  public static final int MAX_LIMIT = 1000;

  public SearchRequest {
    Objects.requireNonNull(type, "type");
    query = query == null ? "" : query.strip();
    filter = filter == null ? Filter.matchAll() : filter;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (minScore != null && !Double.isFinite(minScore)) {
      throw new InvalidInputException("min_score", "must be a finite number, got " + minScore);
    }
  }

  public static SearchRequest of(String query, SearchType type, int limit) {
    return new SearchRequest(query, type, Filter.matchAll(), limit, null);
  }

  /** A query of {@code *} or nothing lists instead of ranking, as the old tool did. */
  public boolean listsEverything() {
    return query.isEmpty() || query.equals("*");
  }

  public SearchRequest withFilter(Filter newFilter) {
    return new SearchRequest(query, type, newFilter, limit, minScore);
  }
}
