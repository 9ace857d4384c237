package dev.jive.lancedb.embedding;

import dev.jive.core.embedding.Embedder;

/**
 * The entry point for real embedding models: {@link #load} loads one now, {@link #lazy} returns one
 * that loads in the background and makes callers wait for it.
 *
 * <pre>{@code
 * try (Embedder e = SentenceEmbedders.load("all-MiniLM-L6-v2")) {
 *   float[] v = e.embed("Implement user authentication");
 * }
 * }</pre>
 */
public final class SentenceEmbedders {
  private SentenceEmbedders() {}

  /** Loads a catalogue model or a model folder with the default options. */
  public static Embedder load(String modelOrFolder) {
    return load(ModelCatalog.resolve(modelOrFolder), EmbedderOptions.defaults());
  }

  public static Embedder load(ModelSpec spec, EmbedderOptions options) {
    return OnnxSentenceEmbedder.load(spec, options);
  }

  /** An embedder whose model starts loading now, in the background. */
  public static Embedder lazy(ModelSpec spec, EmbedderOptions options) {
    LazyEmbedder lazy = new LazyEmbedder(spec, () -> OnnxSentenceEmbedder.load(spec, options));
    lazy.start();
    return lazy;
  }

  /** Whether a model's files are available to this process (bundled models may be left out). */
  public static boolean isInstalled(ModelSpec spec) {
    return ModelFiles.available(spec);
  }
}
