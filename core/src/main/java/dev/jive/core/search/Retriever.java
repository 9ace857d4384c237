package dev.jive.core.search;

/** Which retriever found a hit: the vector search, the full-text search, or both (hybrid). */
public enum Retriever {
  SEMANTIC,
  KEYWORD
}
