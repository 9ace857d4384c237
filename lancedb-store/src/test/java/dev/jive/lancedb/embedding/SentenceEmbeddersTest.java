package dev.jive.lancedb.embedding;

import static dev.jive.core.embedding.EmbeddingTexts.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jive.core.InvalidInputException;
import dev.jive.core.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real default model, offline, from its Maven artifact. */
class SentenceEmbeddersTest {
  static final String FOOD = "A man is eating food.";
  static final String BREAD = "A man is eating a piece of bread.";
  static final String BABY = "The girl is carrying a baby.";

  private static Embedder miniLm;

  @BeforeAll
  static void load() {
    miniLm = SentenceEmbedders.load("all-MiniLM-L6-v2");
  }

  @AfterAll
  static void close() {
    miniLm.close();
  }

  @Test
  void defaultModelGivesTheReferenceSimilarities() {
    List<float[]> v = miniLm.embedAll(List.of(FOOD, BREAD, BABY));
    assertThat(miniLm.dimension()).isEqualTo(384);
    assertThat(v).allSatisfy(x -> assertThat(x).hasSize(384));
    assertThat(v).allSatisfy(x -> assertThat(norm(x)).isCloseTo(1.0, within(1e-4)));
    assertThat(cosine(v.get(0), v.get(1))).isCloseTo(0.755, within(0.01));
    assertThat(cosine(v.get(0), v.get(2))).isLessThan(0.1);
  }

  @Test
  void oneTextAloneAndInsideABatchGetTheSameVector() {
    float[] alone = miniLm.embed(BREAD);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(
          i == 57 ? BREAD : "filler sentence number " + i + " with some words " + "x".repeat(i));
    }
    float[] inBatch = miniLm.embedAll(many).get(57);
    assertThat(cosine(alone, inBatch)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void resultsComeBackInInputOrderAcrossParallelBatches() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      texts.add(
          (i % 2 == 0 ? "short " + i : "a much longer sentence about topic " + i + " and more"));
    }
    List<float[]> all = miniLm.embedAll(texts);
    for (int i : new int[] {0, 1, 77, 150, 199}) {
      assertThat(cosine(all.get(i), miniLm.embed(texts.get(i)))).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void textPastTheTokenLimitIsTruncatedNotRefused() {
    String longText = "word ".repeat(2000);
    String atLimit = "word ".repeat(300);
    // Both truncate to the same 256 tokens, so they embed alike.
    assertThat(cosine(miniLm.embed(longText), miniLm.embed(atLimit))).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void blankTextIsRefusedWithTheFieldNamed() {
    assertThatThrownBy(() -> miniLm.embedAll(List.of("fine", "  ")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("text"))
        .hasMessageContaining("entry 1");
  }

  @Test
  void concurrentCallersGetCorrectVectors() throws Exception {
    float[] expected = miniLm.embed(FOOD);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Double>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> cosine(expected, miniLm.embed(FOOD))));
      }
      for (Future<Double> f : futures) {
        assertThat(f.get()).isCloseTo(1.0, within(1e-5));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void int8ModelAgreesWithFp32() {
    try (Embedder q = SentenceEmbedders.load("all-MiniLM-L6-v2-q")) {
      List<float[]> v = q.embedAll(List.of(FOOD, BREAD, BABY));
      assertThat(cosine(v.get(0), miniLm.embed(FOOD))).isGreaterThan(0.95);
      assertThat(cosine(v.get(0), v.get(1))).isCloseTo(0.755, within(0.05));
      assertThat(cosine(v.get(0), v.get(2))).isLessThan(0.1);
    }
  }

  @Test
  void clsPooledBgeModelRanksRelatedSentencesHigher() {
    try (Embedder bge = SentenceEmbedders.load("BAAI/bge-small-en-v1.5")) {
      assertThat(bge.dimension()).isEqualTo(384);
      List<float[]> v = bge.embedAll(List.of(FOOD, BREAD, BABY));
      assertThat(norm(v.get(0))).isCloseTo(1.0, within(1e-4));
      double related = cosine(v.get(0), v.get(1));
      double unrelated = cosine(v.get(0), v.get(2));
      assertThat(related).isBetween(0.75, 0.95);
      assertThat(unrelated).isLessThan(related - 0.2);
    }
  }

  @Test
  void e5ModelRanksRelatedSentencesHigher() {
    try (Embedder e5 = SentenceEmbedders.load("intfloat/e5-small-v2")) {
      List<float[]> v = e5.embedAll(List.of(FOOD, BREAD, BABY));
      assertThat(v.get(0)).hasSize(384);
      assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.05);
    }
  }

  @Test
  void chinese512DimensionModelRanksRelatedSentencesHigher() {
    try (Embedder zh = SentenceEmbedders.load("bge-small-zh-v1.5")) {
      assertThat(zh.dimension()).isEqualTo(512);
      List<float[]> v = zh.embedAll(List.of("一个男人在吃东西。", "一个男人在吃一块面包。", "女孩抱着一个婴儿。"));
      assertThat(v).allSatisfy(x -> assertThat(x).hasSize(512));
      assertThat(norm(v.get(0))).isCloseTo(1.0, within(1e-4));
      assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.1);
    }
  }

  @Test
  void lazyEmbedderKnowsItsShapeAtOnceAndWaitsForTheModel() {
    ModelSpec spec = ModelCatalog.resolve("all-MiniLM-L6-v2-q");
    try (Embedder lazy = SentenceEmbedders.lazy(spec, EmbedderOptions.defaults())) {
      assertThat(lazy.dimension()).isEqualTo(384);
      assertThat(lazy.modelName()).isEqualTo("all-MiniLM-L6-v2-q");
      // Many writers racing the load: every one gets a real unit vector, none a zero one.
      List<Double> norms = new ArrayList<>(ConcurrentHashMap.newKeySet());
      List<Thread> threads = new ArrayList<>();
      List<Double> synced = java.util.Collections.synchronizedList(norms);
      for (int i = 0; i < 8; i++) {
        int n = i;
        Thread t = new Thread(() -> synced.add(norm(lazy.embed("text " + n))));
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(synced).hasSize(8).allSatisfy(x -> assertThat(x).isCloseTo(1.0, within(1e-4)));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
