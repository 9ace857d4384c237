package dev.jive.bench;

import dev.jive.core.embedding.EmbeddingTexts;
import java.util.Random;

/**
 * Seeded unit vectors shaped like sentence embeddings: points scattered around a few dozen cluster
 * centres rather than uniform noise (on which every ANN index looks worse than it is).
 */
public final class ClusteredVectors {
  private final float[][] centres;
  private final Random random;
  private final double spread;

  public ClusteredVectors(int dimension, int clusters, double spread, long seed) {
    this.random = new Random(seed);
    this.spread = spread;
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = gaussian(dimension, 1.0);
    }
  }

  public float[] next() {
    float[] centre = centres[random.nextInt(centres.length)];
    float[] noise = gaussian(centre.length, spread);
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = centre[i] + noise[i];
    }
    return EmbeddingTexts.normalize(v);
  }

  private float[] gaussian(int dimension, double scale) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return scale == 1.0 ? EmbeddingTexts.normalize(v) : scaleTo(v, scale);
  }

  private static float[] scaleTo(float[] v, double norm) {
    EmbeddingTexts.normalize(v);
    for (int i = 0; i < v.length; i++) {
      v[i] *= (float) norm;
    }
    return v;
  }
}
