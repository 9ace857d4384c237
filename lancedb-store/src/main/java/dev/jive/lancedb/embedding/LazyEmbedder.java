package dev.jive.lancedb.embedding;

import dev.jive.core.JiveException;
import dev.jive.core.embedding.Embedder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * An embedder that loads its model in the background and makes every caller wait for it. Name and
 * dimension are known from the spec at once, so a server can start and answer before the model is
 * ready; a write that needs a vector blocks until the model is there, so no zero or missing vector
 * is ever produced. A failed load is reported to every caller, and the next call tries again.
 */
final class LazyEmbedder implements Embedder {
  private final ModelSpec spec;
  private final Supplier<Embedder> loader;
  private CompletableFuture<Embedder> loading;
  private boolean closed;

  LazyEmbedder(ModelSpec spec, Supplier<Embedder> loader) {
    this.spec = spec;
    this.loader = loader;
  }

  /** Starts loading in the background, once; later calls return the same load. */
  synchronized CompletableFuture<Embedder> start() {
    if (closed) {
      throw new IllegalStateException("embedder " + spec.name() + " is closed");
    }
    if (loading == null || loading.isCompletedExceptionally()) {
      loading = new CompletableFuture<>();
      CompletableFuture<Embedder> target = loading;
      Thread t =
          new Thread(
              () -> {
                try {
                  target.complete(loader.get());
                } catch (Throwable e) {
                  target.completeExceptionally(e);
                }
              },
              "jive-model-load");
      t.setDaemon(true);
      t.start();
    }
    return loading;
  }

  boolean isLoaded() {
    CompletableFuture<Embedder> f;
    synchronized (this) {
      f = loading;
    }
    return f != null && f.isDone() && !f.isCompletedExceptionally();
  }

  private Embedder delegate() {
    try {
      return start().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof JiveException j) {
        throw j;
      }
      throw new JiveException(
          "the embedding model " + spec.name() + " failed to load: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public String modelName() {
    return spec.name();
  }

  @Override
  public int dimension() {
    return spec.dimension();
  }

  @Override
  public float[] embed(String text) {
    return delegate().embed(text);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return delegate().embedAll(texts);
  }

  /**
   * Waits for a load in progress and closes the model. Returning earlier would let the process exit
   * while ONNX Runtime is still initialising natively on the loader thread, which crashes the JVM
   * (seen: SIGSEGV in libonnxruntime.so when a command closed the store within a second).
   */
  @Override
  public void close() {
    CompletableFuture<Embedder> f;
    synchronized (this) {
      closed = true;
      f = loading;
    }
    if (f == null) {
      return;
    }
    try {
      f.join().close();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      // The load failed: there is nothing to close.
    }
  }
}
