package dev.jive.lancedb.embedding;

/** How token vectors become one sentence vector. */
public enum Pooling {
  /** The attention-masked mean of every token's vector (sentence-transformers' default). */
  MEAN,
  /** The first token's vector ([CLS]), as BGE models are trained. */
  CLS
}
