package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.StorageException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.TableHealth;
import dev.jive.lancedb.versions.ReembedResult;
import dev.jive.lancedb.versions.ReembedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding-model upgrade of every vector table as one operation: 384-d MiniLM vectors to 512-d
 * bge-small-zh, one tag on all, checked, undone as one.
 */
class ReembedTest {
  static final String AUTH = "Implement user authentication";

  @TempDir Path dir;

  private DatabaseConfig config() {
    return DatabaseConfig.defaults().withDataPath(dir.resolve("db").toString());
  }

  static void seed(LanceDBManager store) {
    List<WorkItem> items = new ArrayList<>();
    items.add(
        WorkItem.builder()
            .id(LanceDBManager.newId())
            .title(AUTH)
            .description("Login form, password hashing and sessions")
            .itemType(WorkItemType.TASK)
            .build());
    for (String text : BenchmarkSentences.generate(59, 3)) {
      int cut = Math.max(1, text.indexOf(' ', Math.min(text.length() - 1, 20)));
      items.add(
          WorkItem.builder()
              .id(LanceDBManager.newId())
              .title(text.substring(0, cut))
              .description(text.substring(cut).strip())
              .itemType(WorkItemType.TASK)
              .build());
    }
    store.insertWorkItems(items);
    store.putArchitectureMemory(TestStores.arch("auth-design", "Use OAuth 2 with PKCE"));
    store.putArchitectureMemory(TestStores.arch("caching", "Cache at the edge, purge on write"));
  }

  static int dimension(LanceDBManager store, String table) {
    return store.health().tables().stream()
        .filter(t -> t.table().equals(table))
        .map(TableHealth::vectorDimension)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void reembeddingMovesEveryVectorTableToTheModelUnderOneTagAndTheStoreFollowsIt() {
    try (LanceDBManager store = LanceDBManager.builder(config()).options(TestStores.SYNC).build();
        Embedder zh = SentenceEmbedders.load("bge-small-zh-v1.5")) {
      seed(store);
      ReembedRun dry = store.reembed(null, zh, null, true, (t, d, n) -> {});
      assertThat(dry.dryRun()).isTrue();
      assertThat(dry.tables())
          .extracting(ReembedResult::table, ReembedResult::rows)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("ArchitectureMemory", 2L),
              org.assertj.core.groups.Tuple.tuple("WorkItem", 60L));
      assertThat(dimension(store, "WorkItem")).isEqualTo(384);

      List<String> progress = new ArrayList<>();
      ReembedRun run =
          store.reembed(null, zh, null, false, (t, d, n) -> progress.add(t + " " + d + "/" + n));
      assertThat(run.tag()).startsWith("pre-reembed-");
      assertThat(run.tables()).allSatisfy(r -> assertThat(r.tag()).isEqualTo(run.tag()));
      ReembedResult work = run.tables().get(1);
      assertThat(work.oldModel()).isEqualTo("all-MiniLM-L6-v2");
      assertThat(work.oldDimension()).isEqualTo(384);
      assertThat(work.newDimension()).isEqualTo(512);
      assertThat(work.selfRetrievalShare()).isGreaterThanOrEqualTo(0.95);
      assertThat(progress).contains("ArchitectureMemory 2/2", "WorkItem 60/60");
      for (String table : List.of("WorkItem", "ArchitectureMemory")) {
        assertThat(store.listVersions(table))
            .filteredOn(v -> v.tags().contains(run.tag()))
            .hasSize(1);
      }
      assertThat(store.reembedUnderWay()).isEmpty();
      assertThat(store.health().healthy()).isFalse(); // this store still uses MiniLM
      // The old model may no longer query the tables: a clear error, not wrong answers.
      assertThatThrownBy(() -> store.search(SearchRequest.of("login", SearchType.SEMANTIC, 3)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("bge-small-zh-v1.5");
    }
    DatabaseConfig adopted = LanceDBManager.adoptRecordedModel(config(), false);
    assertThat(adopted.embeddingModel()).isEqualTo("bge-small-zh-v1.5");
    assertThat(LanceDBManager.adoptRecordedModel(config(), true).embeddingModel())
        .isEqualTo("all-MiniLM-L6-v2");
    try (LanceDBManager store = LanceDBManager.builder(adopted).options(TestStores.SYNC).build()) {
      assertThat(store.health().healthy()).isTrue();
      assertThat(store.health().warnings()).isEmpty();
      assertThat(store.search(SearchRequest.of(AUTH, SearchType.SEMANTIC, 3)).get(0).item().title())
          .isEqualTo(AUTH);
      assertThat(
              store
                  .searchArchitectureMemories(SearchRequest.of("PKCE", SearchType.SEMANTIC, 1))
                  .get(0)
                  .item()
                  .uniqueSlug())
          .isEqualTo("auth-design");
      var rows = store.scanRows("WorkItem", null, 1);
      assertThat(rows.get(0))
          .containsEntry("embedding_model", "bge-small-zh-v1.5")
          .containsKey("migrated_at");
      assertThat(((float[]) rows.get(0).get("vector"))).hasSize(512);
      assertThat(store.findById(rows.get(0).get("id").toString())).isPresent();

      // One step undoes it on every table, whatever model they hold now.
      var restored = store.rollbackReembed(null);
      assertThat(restored).containsOnlyKeys("ArchitectureMemory", "WorkItem");
      assertThat(dimension(store, "WorkItem")).isEqualTo(384);
      assertThat(dimension(store, "ArchitectureMemory")).isEqualTo(384);
      // And again: it restores the same versions, nothing is stuck.
      assertThat(store.rollbackReembed(null)).containsOnlyKeys("ArchitectureMemory", "WorkItem");
    }
    assertThat(LanceDBManager.adoptRecordedModel(config(), false).embeddingModel())
        .isEqualTo("all-MiniLM-L6-v2");
  }

  @Test
  void aCheckThatFailsOnTheSecondTableRollsTheFirstBackToo() {
    try (LanceDBManager store = LanceDBManager.builder(config()).options(TestStores.SYNC).build()) {
      seed(store);
      // ArchitectureMemory comes first and passes (2 rows: each is in its own top 3 whatever the
      // vectors); WorkItem's 60 equal vectors fail the self-retrieval check.
      Embedder constant =
          new Embedder() {
            @Override
            public String modelName() {
              return "constant-test-model";
            }

            @Override
            public int dimension() {
              return 8;
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
              float[] v = new float[8];
              Arrays.fill(v, 0.35355339f);
              return texts.stream().map(t -> v.clone()).toList();
            }
          };
      assertThatThrownBy(() -> store.reembed(null, constant, null, false, (t, d, n) -> {}))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("every table was rolled back to pre-reembed-");
      assertThat(dimension(store, "WorkItem")).isEqualTo(384);
      assertThat(dimension(store, "ArchitectureMemory")).isEqualTo(384);
      assertThat(store.reembedUnderWay()).isEmpty();
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(60);
      assertThat(store.search(SearchRequest.of(AUTH, SearchType.SEMANTIC, 1)).get(0).item().title())
          .isEqualTo(AUTH);
      assertThat(store.health().healthy()).isTrue();
    }
  }
}
