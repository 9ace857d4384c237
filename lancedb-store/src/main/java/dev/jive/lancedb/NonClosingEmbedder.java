package dev.jive.lancedb;

import dev.jive.core.embedding.Embedder;
import java.util.List;

/** Lends an embedder to a store that must not close it (its owner does). */
public record NonClosingEmbedder(Embedder delegate) implements Embedder {
  @Override
  public String modelName() {
    return delegate.modelName();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return delegate.embedAll(texts);
  }

  @Override
  public void close() {}
}
