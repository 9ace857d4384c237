package dev.jive.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchModelTest {

  @ParameterizedTest
  @CsvSource({
    "semantic, SEMANTIC",
    "vector, SEMANTIC",
    "Keyword, KEYWORD",
    "text, KEYWORD",
    "HYBRID, HYBRID"
  })
  void searchTypeParsesOldAndNewNames(String text, SearchType expected) {
    assertThat(SearchType.parse(text)).isEqualTo(expected);
  }

  @Test
  void unknownSearchTypeNamesTheField() {
    assertThatThrownBy(() -> SearchType.parse("fuzzy"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("search_type"))
        .hasMessageContaining("unknown value 'fuzzy'; expected one of semantic, keyword, hybrid");
  }

  @Test
  void requestRefusesLimitsOutOfRangeAndListsOnStarOrEmpty() {
    assertThatThrownBy(() -> SearchRequest.of("q", SearchType.HYBRID, 0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> new SearchRequest("q", SearchType.HYBRID, null, 5, Double.NaN))
        .hasMessageContaining("min_score");
    assertThat(SearchRequest.of(" * ", SearchType.HYBRID, 5).listsEverything()).isTrue();
    assertThat(SearchRequest.of(null, SearchType.HYBRID, 5).listsEverything()).isTrue();
    assertThat(SearchRequest.of("login", SearchType.HYBRID, 5).listsEverything()).isFalse();
  }

  @Test
  void hitRecordsWhichRetrieversFoundIt() {
    SearchHit<String> hit =
        new SearchHit<>("item", 0.9, Set.of(Retriever.KEYWORD, Retriever.SEMANTIC));
    assertThat(hit.foundBy()).containsExactlyInAnyOrder(Retriever.SEMANTIC, Retriever.KEYWORD);
    assertThat(hit.withItem(42).item()).isEqualTo(42);
    assertThat(new SearchHit<>("x", 1, Set.of()).foundBy()).isEmpty();
  }
}
