package dev.jive.core.search;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One search result: the item, its score (higher is better; cosine similarity for semantic, BM25
 * for keyword, the fused score for hybrid) and the retrievers that found it.
 */
public record SearchHit<T>(T item, double score, Set<Retriever> foundBy) {
  public SearchHit {
    Objects.requireNonNull(item, "item");
    foundBy = foundBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(foundBy));
  }

  public <U> SearchHit<U> withItem(U other) {
    return new SearchHit<>(other, score, foundBy);
  }
}
