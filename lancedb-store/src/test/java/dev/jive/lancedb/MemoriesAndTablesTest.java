package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoriesAndTablesTest {
  @TempDir Path dir;

  @Test
  void memoriesAreUpsertedBySlugAndSearchable() {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.putArchitectureMemory(
          TestStores.arch("auth-design", "Use OAuth 2 with PKCE for every client"));
      store.putArchitectureMemory(
          TestStores.arch("caching", "Cache at the edge and purge on writes"));
      store.putArchitectureMemory(
          TestStores.arch("auth-design", "Use OAuth 2.1 with PKCE and short-lived tokens"));
      assertThat(store.listArchitectureMemories(Filter.matchAll(), 10)).hasSize(2);
      assertThat(store.getArchitectureMemory("auth-design").orElseThrow().aiRequirements())
          .contains("2.1");
      assertThat(
              store.searchArchitectureMemories(
                  SearchRequest.of("OAuth tokens", SearchType.KEYWORD, 5)))
          .extracting(h -> h.item().uniqueSlug())
          .first()
          .isEqualTo("auth-design");

      store.putTroubleshootMemory(
          trouble("oom", List.of("tests fail with OutOfMemoryError"), "raise -Xmx", 10, 9));
      assertThat(
              store.searchTroubleshootMemories(
                  SearchRequest.of("OutOfMemoryError", SearchType.HYBRID, 3)))
          .extracting(h -> h.item().uniqueSlug())
          .containsExactly("oom");
      assertThat(store.deleteMemory("TroubleshootMemory", "oom")).isTrue();
      assertThat(store.getTroubleshootMemory("oom")).isEmpty();
      assertThatThrownBy(() -> store.deleteMemory("WorkItem", "x"))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void genericTablesTakeAnySchemaAndUpsertDeleteScanCount() {
    try (LanceDBManager store = TestStores.open(dir)) {
      List<Map<String, Object>> rows =
          List.of(row("a", 1L, "one"), row("b", 2L, "two"), row("c", 3L, "three's"));
      store.addData("Article", rows);
      assertThat(store.countRows("Article", Filter.matchAll())).isEqualTo(3);
      store.upsertRows(
          "Article",
          store.tableSchema("Article"),
          "key",
          List.of(row("b", 20L, "TWO"), row("d", 4L, "four")));
      assertThat(store.scanRows("Article", Filter.eq("key", "b"), 0))
          .singleElement()
          .satisfies(r -> assertThat(r).containsEntry("n", 20L).containsEntry("label", "TWO"));
      assertThat(store.searchData("Article", Map.of("label", "three's"), 10)).hasSize(1);
      assertThat(store.deleteData("Article", Map.of("key", List.of("a", "d")))).isEqualTo(2);
      assertThat(store.getCollection("Article").count()).isEqualTo(2);
      assertThatThrownBy(() -> store.deleteData("Article", Map.of()))
          .hasMessageContaining("refusing to delete every row");
      assertThatThrownBy(() -> store.scanRows("Nope", Filter.matchAll(), 0))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> store.addData("Article", List.of(row("e", "not a number", "x"))))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("n"));
      assertThatThrownBy(() -> store.getTable("bad name; drop"))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  private static Map<String, Object> row(String key, Object n, String label) {
    Map<String, Object> r = new HashMap<>();
    r.put("key", key);
    r.put("n", n);
    r.put("label", label);
    r.put("tags", List.of(label));
    return r;
  }

  private static TroubleshootMemory trouble(
      String slug, List<String> cases, String solution, int uses, int ok) {
    return new TroubleshootMemory(
        LanceDBManager.newId(),
        slug,
        slug,
        cases,
        solution,
        null,
        null,
        List.of(),
        List.of(),
        uses,
        ok,
        Instant.EPOCH,
        null,
        null);
  }
}
