package dev.jive.lancedb.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.embedding.DeterministicEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QueryVectorsTest {
  private final DeterministicEmbedder model = new DeterministicEmbedder(8);
  private final List<String> embedded = new ArrayList<>();
  private final Function<String, float[]> embed =
      text -> {
        embedded.add(text);
        return model.embed(text);
      };

  @Test
  void aQuerySearchedAgainIsNotEmbeddedAgainAndGetsTheSameVector() {
    QueryVectors cache = new QueryVectors();
    float[] first = cache.get("slow login", embed);
    float[] second = cache.get("slow login", embed);

    assertThat(embedded).containsExactly("slow login");
    assertThat(second).containsExactly(model.embed("slow login"));
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void aCallerChangingItsVectorDoesNotChangeTheCachedOne() {
    QueryVectors cache = new QueryVectors();
    cache.get("export report", embed)[0] = 42f;

    assertThat(cache.get("export report", embed)).containsExactly(model.embed("export report"));
  }

  @Test
  void theLeastRecentlyUsedQueryIsDroppedPastTheCapacity() {
    QueryVectors cache = new QueryVectors();
    for (int i = 0; i < QueryVectors.CAPACITY; i++) {
      cache.get("query " + i, embed);
    }
    cache.get("query 0", embed); // used again: now the most recent
    cache.get("one more", embed); // evicts "query 1"
    embedded.clear();

    cache.get("query 0", embed);
    cache.get("query 1", embed);

    assertThat(cache.size()).isEqualTo(QueryVectors.CAPACITY);
    assertThat(embedded).containsExactly("query 1");
  }
}
