package dev.jive.mcp;

import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.embedding.Embedder;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A model that is still "loading" until the test opens the gate. */
final class GatedEmbedder implements Embedder {
  final CountDownLatch gate = new CountDownLatch(1);
  private final DeterministicEmbedder inner = new DeterministicEmbedder(384);

  @Override
  public String modelName() {
    return inner.modelName();
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return inner.embedAll(texts);
  }
}
