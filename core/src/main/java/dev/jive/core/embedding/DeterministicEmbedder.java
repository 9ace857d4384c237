package dev.jive.core.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model-free embedder for tests and rehearsals: the same text always gives the same unit vector,
 * and different texts give different vectors. Words are hashed into the vector (so texts sharing
 * words tend to be closer, though nothing relies on it), plus a component from the whole text so
 * that texts with the same words in another order still differ. Never a zero vector.
 */
public final class DeterministicEmbedder implements Embedder {
  public static final String MODEL_NAME = "deterministic-test-embedder";
  private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final int dimension;
  private final String modelName;

  public DeterministicEmbedder(int dimension) {
    this(MODEL_NAME, dimension);
  }

  /** A named instance, to stand in for a real model in tests of model bookkeeping. */
  public DeterministicEmbedder(String modelName, int dimension) {
    if (dimension < 2) {
      throw new IllegalArgumentException("dimension must be at least 2, got " + dimension);
    }
    this.modelName = modelName;
    this.dimension = dimension;
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    EmbeddingTexts.requireText(texts);
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(embedOne(text));
    }
    return out;
  }

  private float[] embedOne(String text) {
    float[] v = new float[dimension];
    for (String word : WORDS.split(text.toLowerCase(Locale.ROOT))) {
      if (!word.isEmpty()) {
        long h = mix(word.hashCode() * 0x9E3779B97F4A7C15L + modelName.hashCode());
        v[(int) Long.remainderUnsigned(h, dimension)] += (h & (1L << 40)) == 0 ? 1f : -1f;
      }
    }
    // The whole-text part: small, spread over every dimension, unique per exact text.
    long seed = mix(text.hashCode() ^ ((long) text.length() << 32) ^ modelName.hashCode());
    for (int i = 0; i < dimension; i++) {
      seed = mix(seed + i);
      v[i] += (float) (((seed >>> 11) * 0x1.0p-53) - 0.5) * 0.25f;
    }
    return EmbeddingTexts.normalize(v);
  }

  // SplitMix64's finaliser: a cheap, well-spread 64-bit hash.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
