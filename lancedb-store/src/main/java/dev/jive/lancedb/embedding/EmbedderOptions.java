package dev.jive.lancedb.embedding;

import dev.jive.core.InvalidInputException;

/**
 * How an embedder spends the machine: {@code threads} predictors work on batches in parallel, each
 * letting ONNX Runtime use {@code intraOpThreads} cores; texts are grouped {@code batchSize} at a
 * time, by length. {@code normalize} scales every vector to unit length (the stores compare by
 * cosine, so leave it on).
 */
public record EmbedderOptions(int threads, int intraOpThreads, int batchSize, boolean normalize) {
  public EmbedderOptions {
    if (threads < 1 || threads > 256) {
      throw new InvalidInputException("embedding_threads", "must be 1..256, got " + threads);
    }
    if (intraOpThreads < 1 || intraOpThreads > 256) {
      throw new InvalidInputException("intra_op_threads", "must be 1..256, got " + intraOpThreads);
    }
    if (batchSize < 1 || batchSize > 4096) {
      throw new InvalidInputException("embedding_batch_size", "must be 1..4096, got " + batchSize);
    }
  }

  /**
   * Each predictor lets ONNX Runtime use two cores, with one predictor per two cores: a single text
   * (a search query, a single create) then runs in 3.7 ms instead of 5.2 ms on a 2-core machine,
   * while batches run as fast as with single-threaded predictors (docs/embeddings.md).
   */
  public static EmbedderOptions defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    int intraOp = Math.min(2, Math.max(1, cores));
    return new EmbedderOptions(Math.max(1, cores / intraOp), intraOp, 32, true);
  }

  public EmbedderOptions withThreads(int newThreads, int newIntraOp) {
    return new EmbedderOptions(newThreads, newIntraOp, batchSize, normalize);
  }

  public EmbedderOptions withBatchSize(int newBatchSize) {
    return new EmbedderOptions(threads, intraOpThreads, newBatchSize, normalize);
  }
}
