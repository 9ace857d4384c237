package dev.jive.lancedb.embedding;

import dev.jive.core.embedding.Embedder;
import java.nio.file.Path;
import java.util.List;

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

  /**
   * The model's ONNX file on disk (a bundled model is extracted once), for a tool that runs the
   * model without this pipeline, such as the embedding benchmark's bare ONNX Runtime baseline.
   */
  public static Path onnxFile(ModelSpec spec) {
    return ModelFiles.onnxFile(spec);
  }

  /**
   * The texts tokenised and batched as {@link #load}'s embedder feeds them to the model (sorted by
   * length, padded per batch), so a baseline can be timed on exactly the same input.
   */
  public static List<TokenizedBatch> tokenize(ModelSpec spec, List<String> texts, int batchSize) {
    return TokenizedBatch.of(spec, texts, batchSize);
  }

  /** Whether a model's files are available to this process (bundled models may be left out). */
  public static boolean isInstalled(ModelSpec spec) {
    return ModelFiles.available(spec);
  }
}
