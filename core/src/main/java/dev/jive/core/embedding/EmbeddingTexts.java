package dev.jive.core.embedding;

import dev.jive.core.InvalidInputException;
import java.util.List;

/** The input and output checks every {@link Embedder} applies. */
public final class EmbeddingTexts {
  private EmbeddingTexts() {}

  /**
   * Refuses null, empty or whitespace-only text; a vector of nothing would match everything.
   *
   * @throws InvalidInputException naming {@code text} and the position in the batch
   */
  public static void requireText(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new InvalidInputException(
            "text",
            (texts.size() == 1 ? "" : "entry " + i + ": ")
                + "cannot embed empty or whitespace-only text");
      }
    }
  }

  /** Scales {@code v} to unit length in place; refuses a zero or non-finite vector. */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (!(sum > 0) || !Double.isFinite(sum)) {
      throw new IllegalStateException("the model produced a zero or non-finite vector");
    }
    float inv = (float) (1.0 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  /** Cosine similarity of two vectors of the same length. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
