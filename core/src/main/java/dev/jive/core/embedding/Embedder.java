package dev.jive.core.embedding;

import java.util.List;

/**
 * Turns text into a vector. Implementations are thread-safe, never return a zero vector, and refuse
 * blank text with an {@link dev.jive.core.InvalidInputException}, so a store can never hold a
 * vector that means nothing.
 */
public interface Embedder extends AutoCloseable {

  /** The model's name as recorded in table metadata, e.g. {@code all-MiniLM-L6-v2}. */
  String modelName();

  /** The length of every vector this embedder returns. */
  int dimension();

  /** One vector for one text. */
  default float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }

  /** One vector per text, in order. */
  List<float[]> embedAll(List<String> texts);

  /** Releases native resources; the default has none. */
  @Override
  default void close() {}
}
