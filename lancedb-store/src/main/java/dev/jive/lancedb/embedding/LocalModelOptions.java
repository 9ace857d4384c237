package dev.jive.lancedb.embedding;

/**
 * Settings for a model folder that lacks the sentence-transformers files saying them. Null means
 * "read it from the folder"; a value given here must agree with the folder's files when both exist.
 */
public record LocalModelOptions(Pooling pooling, Integer dimension, Integer maxLength) {
  public static final LocalModelOptions NONE = new LocalModelOptions(null, null, null);
}
