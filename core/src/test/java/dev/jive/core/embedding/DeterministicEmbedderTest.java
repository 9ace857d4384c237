package dev.jive.core.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jive.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterministicEmbedderTest {
  private final Embedder embedder = new DeterministicEmbedder(384);

  @Test
  void sameTextGivesTheSameUnitVectorAcrossInstances() {
    float[] a = embedder.embed("Implement user authentication");
    float[] b = new DeterministicEmbedder(384).embed("Implement user authentication");
    assertThat(a).hasSize(384).containsExactly(b);
    assertThat(norm(a)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void differentTextsGiveDifferentVectorsEvenWithTheSameWords() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      texts.add("task number " + i);
    }
    texts.add("auth login");
    texts.add("login auth");
    texts.add("Login auth");
    Set<String> distinct = new HashSet<>();
    for (float[] v : embedder.embedAll(texts)) {
      distinct.add(Arrays.toString(v));
    }
    assertThat(distinct).hasSize(texts.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void blankTextIsRefusedNeverAZeroVector(String text) {
    assertThatThrownBy(() -> embedder.embed(text))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("text"));
  }

  @Test
  void blankEntryInABatchIsNamedByPosition() {
    assertThatThrownBy(() -> embedder.embedAll(List.of("ok", ""))).hasMessageContaining("entry 1");
  }

  @Test
  void punctuationOnlyTextStillGetsANonZeroVector() {
    assertThat(norm(embedder.embed("?!"))).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void cosineOfAVectorWithItselfIsOne() {
    float[] v = embedder.embed("x");
    assertThat(EmbeddingTexts.cosine(v, v)).isCloseTo(1.0, within(1e-6));
    assertThatThrownBy(() -> EmbeddingTexts.cosine(v, new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingTexts.normalize(new float[4]))
        .isInstanceOf(IllegalStateException.class);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
