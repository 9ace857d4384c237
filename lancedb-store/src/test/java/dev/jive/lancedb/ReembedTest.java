package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.StorageException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.versions.ReembedResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding-model upgrade: 384-d MiniLM vectors to 512-d bge-small-zh, checked, undoable. */
class ReembedTest {
  @TempDir Path dir;

  private DatabaseConfig config() {
    return DatabaseConfig.defaults().withDataPath(dir.resolve("db").toString());
  }

  private void seed(LanceDBManager store) {
    List<WorkItem> items = new ArrayList<>();
    items.add(
        WorkItem.builder()
            .id(LanceDBManager.newId())
            .title("Implement user authentication")
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
  }

  @Test
  void reembeddingChangesTheModelAndDimensionAndTheStoreFollowsIt() {
    try (LanceDBManager store = LanceDBManager.builder(config()).options(TestStores.SYNC).build();
        Embedder zh = SentenceEmbedders.load("bge-small-zh-v1.5")) {
      seed(store);
      ReembedResult dry = store.reembed("WorkItem", zh, null, true, (d, t) -> {});
      assertThat(dry.rows()).isEqualTo(60);
      assertThat(dry.dryRun()).isTrue();
      assertThat(store.tableSchema("WorkItem").findField("vector").getType().toString())
          .contains("384");

      List<Long> progress = new ArrayList<>();
      ReembedResult r = store.reembed("WorkItem", zh, null, false, (d, t) -> progress.add(d));
      assertThat(r.oldModel()).isEqualTo("all-MiniLM-L6-v2");
      assertThat(r.oldDimension()).isEqualTo(384);
      assertThat(r.newDimension()).isEqualTo(512);
      assertThat(r.selfRetrievalShare()).isGreaterThanOrEqualTo(0.95);
      assertThat(progress).last().isEqualTo(60L);
      assertThat(r.tag()).startsWith("pre-reembed-");
      // The old model may no longer query this table: a clear error, not wrong answers.
      assertThatThrownBy(() -> store.search(SearchRequest.of("login", SearchType.SEMANTIC, 3)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("bge-small-zh-v1.5");
    }
    DatabaseConfig adopted = LanceDBManager.adoptRecordedModel(config(), false);
    assertThat(adopted.embeddingModel()).isEqualTo("bge-small-zh-v1.5");
    assertThat(LanceDBManager.adoptRecordedModel(config(), true).embeddingModel())
        .isEqualTo("all-MiniLM-L6-v2");
    try (LanceDBManager store = LanceDBManager.builder(adopted).options(TestStores.SYNC).build()) {
      assertThat(
              store
                  .search(SearchRequest.of("Implement user authentication", SearchType.SEMANTIC, 3))
                  .get(0)
                  .item()
                  .title())
          .isEqualTo("Implement user authentication");
      var rows = store.scanRows("WorkItem", null, 1);
      assertThat(rows.get(0))
          .containsEntry("embedding_model", "bge-small-zh-v1.5")
          .containsKey("migrated_at");
      assertThat(((float[]) rows.get(0).get("vector"))).hasSize(512);
      assertThat(store.findById(rows.get(0).get("id").toString())).isPresent();
    }
  }

  @Test
  void aReembeddingThatFailsItsCheckIsRolledBack() {
    try (LanceDBManager store = LanceDBManager.builder(config()).options(TestStores.SYNC).build()) {
      seed(store);
      Embedder useless =
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
      assertThatThrownBy(() -> store.reembed("WorkItem", useless, null, false, (d, t) -> {}))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("rolled back");
      assertThat(store.tableSchema("WorkItem").findField("vector").getType().toString())
          .contains("384");
      assertThat(store.countWorkItems(dev.jive.core.search.Filter.matchAll())).isEqualTo(60);
      assertThat(
              store
                  .search(SearchRequest.of("Implement user authentication", SearchType.SEMANTIC, 1))
                  .get(0)
                  .item()
                  .title())
          .isEqualTo("Implement user authentication");
    }
  }
}
