package dev.jive.lancedb.embedding;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything needed to run one sentence model: its name, output dimension, pooling, the token limit
 * past which text is truncated, a prefix some models expect before every text, and where its files
 * are.
 */
public record ModelSpec(
    String name, int dimension, Pooling pooling, int maxLength, String textPrefix, Source source) {

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(source, "source");
    textPrefix = textPrefix == null ? "" : textPrefix;
    if (dimension < 1 || maxLength < 1) {
      throw new IllegalArgumentException("dimension and maxLength must be positive");
    }
  }

  /** Where a model's ONNX graph and tokenizer come from. */
  public sealed interface Source {}

  /**
   * Files packaged in a jar on the class path (the langchain4j model artifacts on Maven Central).
   *
   * @param artifact the Maven coordinates to add when the files are missing
   */
  public record Bundled(String onnxResource, String tokenizerResource, String artifact)
      implements Source {}

  /** A folder holding {@code model.onnx} and {@code tokenizer.json}. */
  public record Folder(Path directory) implements Source {}
}
