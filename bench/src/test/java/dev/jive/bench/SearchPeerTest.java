package dev.jive.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchPeerTest {
  @TempDir Path dir;

  @Test
  void bruteForceRanksByDotProductNearestFirst() {
    List<float[]> vectors =
        List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {0.8f, 0.6f});
    assertThat(SearchSuite.BruteForce.topK(vectors, new float[] {1, 0}, 2)).containsExactly(0, 2);
    assertThat(SearchSuite.BruteForce.topK(vectors, new float[] {0, 1}, 3))
        .containsExactly(1, 2, 0);
  }

  @Test
  void recallCountsTheTrueNeighboursFoundInAnyOrder() {
    assertThat(SearchSuite.BruteForce.recall(new int[] {1, 2, 3, 4}, new int[] {4, 9, 1, 8}))
        .isEqualTo(0.5);
  }

  @Test
  void luceneHnswFindsTheTrueNeighboursOfClusteredVectorsByPosition() throws Exception {
    ClusteredVectors generator = new ClusteredVectors(64, 8, 0.6, 3);
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      vectors.add(generator.next());
    }
    double recall = 0;
    try (LuceneHnsw peer = LuceneHnsw.build(dir, vectors)) {
      for (int q = 0; q < 20; q++) {
        float[] query = generator.next();
        recall +=
            SearchSuite.BruteForce.recall(
                SearchSuite.BruteForce.topK(vectors, query, 10), peer.search(query, 10));
      }
      assertThat(peer.search(vectors.get(17), 10)[0]).isEqualTo(17);
    }
    assertThat(recall / 20).as("ids map back to positions").isGreaterThan(0.8);
  }
}
