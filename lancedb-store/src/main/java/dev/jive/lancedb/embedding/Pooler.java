package dev.jive.lancedb.embedding;

import dev.jive.core.embedding.EmbeddingTexts;

/** Turns a batch of token vectors into one vector per text. */
final class Pooler {
  private Pooler() {}

  /**
   * @param hidden row-major {@code [batch, length, width]}
   * @param mask row-major {@code [batch, length]}, 1 for real tokens, 0 for padding
   */
  static float[][] pool(
      float[] hidden,
      long[] mask,
      int batch,
      int length,
      int width,
      Pooling pooling,
      boolean normalize) {
    float[][] out = new float[batch][width];
    for (int b = 0; b < batch; b++) {
      float[] v = out[b];
      int base = b * length * width;
      if (pooling == Pooling.CLS) {
        System.arraycopy(hidden, base, v, 0, width);
      } else {
        int count = 0;
        for (int t = 0; t < length; t++) {
          if (mask[b * length + t] == 0) {
            continue;
          }
          count++;
          int offset = base + t * width;
          for (int d = 0; d < width; d++) {
            v[d] += hidden[offset + d];
          }
        }
        float inv = 1f / Math.max(count, 1);
        for (int d = 0; d < width; d++) {
          v[d] *= inv;
        }
      }
      if (normalize) {
        EmbeddingTexts.normalize(v);
      }
    }
    return out;
  }
}
