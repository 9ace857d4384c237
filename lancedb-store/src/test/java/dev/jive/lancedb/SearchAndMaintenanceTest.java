package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.Priority;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.Retriever;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.search.Searcher;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.upkeep.HealthReport;
import dev.jive.lancedb.upkeep.Maintenance;
import dev.jive.lancedb.upkeep.StoreOptions;
import dev.jive.lancedb.upkeep.TableHealth;
import dev.jive.lancedb.versions.TableVersion;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchAndMaintenanceTest {
  @TempDir Path dir;

  private static void seed(LanceDBManager store) {
    store.createWorkItem(
        draft(WorkItemType.FEATURE, "Implement user authentication", null).toBuilder()
            .description("Login page with OAuth tokens")
            .priority(Priority.HIGH)
            .build());
    store.createWorkItem(
        draft(WorkItemType.TASK, "Write release notes", null).toBuilder()
            .description("Summarise changes for the release")
            .build());
    store.createWorkItem(
        draft(WorkItemType.TASK, "Optimise vector search", null).toBuilder()
            .description("Build the ANN index and measure recall")
            .priority(Priority.CRITICAL)
            .build());
    store.createWorkItem(
        draft(WorkItemType.TASK, "Fix flaky login test", null).toBuilder()
            .description("The authentication test times out on CI")
            .build());
  }

  @Test
  void semanticSearchFindsTheExactTextFirstWithCosineScores() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      List<SearchHit<WorkItem>> hits =
          store.search(
              SearchRequest.of(
                  "Write release notes Summarise changes for the release", SearchType.SEMANTIC, 3));
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).item().title()).isEqualTo("Write release notes");
      assertThat(hits.get(0).score()).isGreaterThan(0.99).isLessThanOrEqualTo(1.0001);
      assertThat(hits.get(0).foundBy()).containsExactly(Retriever.SEMANTIC);
      assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }
  }

  @Test
  void keywordSearchUsesTheFullTextIndexWithBm25() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      assertThat(
              Maintenance.indexedTextColumns(
                  store.table(JiveTables.WORK_ITEM), List.of("title", "description")))
          .containsExactly("title", "description");
      List<SearchHit<WorkItem>> hits =
          store.search(SearchRequest.of("authentication", SearchType.KEYWORD, 10));
      // One hit in a title (boosted 3x), one in a description: both found, scored by BM25.
      assertThat(hits)
          .extracting(h -> h.item().title())
          .containsExactlyInAnyOrder("Implement user authentication", "Fix flaky login test");
      assertThat(hits).allSatisfy(h -> assertThat(h.score()).isPositive());
      assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
      assertThat(store.search(SearchRequest.of("kubernetes", SearchType.KEYWORD, 10))).isEmpty();
    }
  }

  @Test
  void aQueryWithNoIndexableTokenFindsNothingByKeywordAndHybridFallsBackToSemantic() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      for (String query : List.of("the", "%", "?", "AND OR NOT", "to be or not to be", "--")) {
        assertThat(store.search(SearchRequest.of(query, SearchType.KEYWORD, 5)))
            .as(query)
            .isEmpty();
        List<SearchHit<WorkItem>> hybrid =
            store.search(SearchRequest.of(query, SearchType.HYBRID, 5));
        assertThat(hybrid).as(query).isNotEmpty();
        assertThat(hybrid)
            .as(query)
            .allSatisfy(h -> assertThat(h.foundBy()).containsExactly(Retriever.SEMANTIC));
      }
      // A stop word beside a real token still finds by keyword.
      assertThat(store.search(SearchRequest.of("the authentication", SearchType.KEYWORD, 5)))
          .extracting(h -> h.item().title())
          .contains("Implement user authentication");
    }
  }

  @Test
  void hybridSearchFusesBothAndRecordsWhoFoundEachHit() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      List<SearchHit<WorkItem>> hits =
          store.search(SearchRequest.of("login authentication", SearchType.HYBRID, 4));
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).foundBy()).contains(Retriever.KEYWORD, Retriever.SEMANTIC);
      assertThat(hits.stream().map(h -> h.item().title()).toList())
          .contains("Implement user authentication", "Fix flaky login test");
    }
  }

  @Test
  void filtersApplyBeforeRankingAndMinScoreCuts() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      for (SearchType type : SearchType.values()) {
        List<SearchHit<WorkItem>> hits =
            store.search(
                new SearchRequest(
                    "authentication login", type, Filter.eq("priority", "high"), 10, null));
        assertThat(hits)
            .as(type.toString())
            .extracting(h -> h.item().title())
            .containsExactly("Implement user authentication");
      }
      List<SearchHit<WorkItem>> strict =
          store.search(
              new SearchRequest(
                  "Write release notes Summarise changes for the release",
                  SearchType.SEMANTIC,
                  null,
                  10,
                  0.99));
      assertThat(strict).extracting(h -> h.item().title()).containsExactly("Write release notes");
      assertThat(store.search(SearchRequest.of("*", SearchType.HYBRID, 10))).hasSize(4);
    }
  }

  @Test
  void queryVectorOfTheWrongDimensionIsRefused() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      assertThatThrownBy(() -> store.searchByVector(new float[383], null, 5))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("vector"))
          .hasMessageContaining("dimension 383 but table WorkItem holds 384");
    }
  }

  @Test
  void bulkLoadHoldsIndexUpkeepBackUntilItClosesAndSearchFindsRowsMeanwhile() {
    StoreOptions options = TestStores.SYNC.withVectorIndexThreshold(300);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      LanceTable table;
      try (LanceDBManager.BulkLoad bulk = store.bulkLoad()) {
        for (int batch = 0; batch < 4; batch++) {
          store.insertWorkItems(numberedTasks(batch * 100, batch * 100 + 100));
        }
        table = store.table(JiveTables.WORK_ITEM);
        assertThat(Maintenance.hasVectorIndex(table)).isFalse();
        assertThat(table.latest().countRows()).isEqualTo(400);
        assertThat(
                store
                    .search(
                        SearchRequest.of(
                            "Task number 321 work on topic 15", SearchType.SEMANTIC, 1))
                    .get(0)
                    .item()
                    .id())
            .isEqualTo("item-321");
      }
      assertThat(Maintenance.hasVectorIndex(store.table(JiveTables.WORK_ITEM))).isTrue();
      assertThat(store.table(JiveTables.WORK_ITEM).latest().countRows()).isEqualTo(400);
    }
  }

  @Test
  void warmingUpTheIndexesLeavesEveryAnswerAsItWas() {
    StoreOptions options = TestStores.SYNC.withVectorIndexThreshold(300);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      store.warmUpIndexes(); // no tables yet: nothing to load
      try (LanceDBManager.BulkLoad bulk = store.bulkLoad()) {
        store.insertWorkItems(numberedTasks(0, 400));
      }
      assertThat(Maintenance.hasVectorIndex(store.table(JiveTables.WORK_ITEM))).isTrue();
      List<List<String>> before = new ArrayList<>();
      for (SearchType type : SearchType.values()) {
        before.add(ids(store.search(SearchRequest.of("Task number 42 topic 8", type, 10))));
      }
      store.warmUpIndexes();
      List<List<String>> after = new ArrayList<>();
      for (SearchType type : SearchType.values()) {
        after.add(ids(store.search(SearchRequest.of("Task number 42 topic 8", type, 10))));
      }
      assertThat(after).isEqualTo(before);
      assertThat(after.get(0)).startsWith("item-42");
    }
  }

  @Test
  void updatedRowsCountAsMissedByTheIndexesUntilTheyAreRebuilt() {
    StoreOptions options = TestStores.SYNC.withVectorIndexThreshold(300);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      try (LanceDBManager.BulkLoad bulk = store.bulkLoad()) {
        store.insertWorkItems(numberedTasks(0, 400));
      }
      for (int i = 0; i < 3; i++) {
        store.updateWorkItem("item-" + i, WorkItemPatch.empty().set("status", "completed"));
      }
      try (org.lance.Dataset ds = store.table(JiveTables.WORK_ITEM).openHandle()) {
        long rows = ds.countRows();
        assertThat(rows).isEqualTo(400);
        assertThat(ds.describeIndices())
            .isNotEmpty()
            .allSatisfy(d -> assertThat(Maintenance.unindexedRows(ds, d, rows)).isEqualTo(3));
      }
      assertThat(store.search(SearchRequest.of("Task number 1", SearchType.KEYWORD, 400)))
          .extracting(h -> h.item().id())
          .contains("item-1")
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void indexedSemanticHitsCarryTheExactCosineOfTheirStoredVectors() {
    StoreOptions options = TestStores.SYNC.withVectorIndexThreshold(300);
    DeterministicEmbedder model = new DeterministicEmbedder(384);
    try (LanceDBManager store = TestStores.open(dir, model, options)) {
      try (LanceDBManager.BulkLoad bulk = store.bulkLoad()) {
        store.insertWorkItems(numberedTasks(0, 400));
      }
      LanceTable table = store.table(JiveTables.WORK_ITEM);
      assertThat(Maintenance.hasVectorIndex(table)).isTrue();
      List<float[]> queries = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        queries.add(model.embed("Task number " + (i * 19) + " work on topic " + i));
      }
      // The candidates' rows come from the directory after the warm-up, from Lance before.
      List<List<SearchHit<WorkItem>>> cold = new ArrayList<>();
      queries.forEach(q -> cold.add(store.searchByVector(q, null, 10)));
      store.warmUpIndexes();
      assertThat(table.directory().size()).isEqualTo(400);
      List<List<SearchHit<WorkItem>>> fromFiles = new ArrayList<>();
      queries.forEach(q -> fromFiles.add(store.searchByVector(q, null, 10)));
      assertThat(fromFiles).isEqualTo(cold);

      for (int i = 0; i < queries.size(); i++) {
        float[] q = queries.get(i);
        List<SearchHit<WorkItem>> hits = fromFiles.get(i);
        assertThat(hits).hasSize(10);
        assertThat(hits).isSortedAccordingTo((x, y) -> Double.compare(y.score(), x.score()));
        for (SearchHit<WorkItem> h : hits) {
          float[] stored = model.embed(h.item().title() + " " + h.item().description());
          assertThat(h.score())
              .isCloseTo(
                  dev.jive.core.embedding.EmbeddingTexts.cosine(q, stored),
                  org.assertj.core.data.Offset.offset(1e-9));
        }
        // Lance's exact search, in float32: the same items, scores equal to its precision.
        List<SearchHit<WorkItem>> exact = store.searchByVectorExact(q, 10);
        assertThat(hits).extracting(h -> h.item().id()).isEqualTo(ids(exact));
        for (int k = 0; k < hits.size(); k++) {
          assertThat(hits.get(k).score())
              .isCloseTo(exact.get(k).score(), org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  @Test
  void rowsFoundInOneVersionAreReadFromItEvenWhenTheTableMovesOnMeanwhile() {
    try (LanceDBManager store =
        TestStores.open(dir, new DeterministicEmbedder(384), TestStores.SYNC)) {
      store.insertWorkItems(numberedTasks(0, 40));
      LanceTable table = store.table(JiveTables.WORK_ITEM);
      float[] query = new DeterministicEmbedder(384).embed("Task number 7 work on topic 7");
      List<SearchHit<WorkItem>> hits =
          table.withSnapshot(
              ds -> {
                List<Searcher.Located> found =
                    Searcher.locateSemantic(
                        ds, table, query, Filter.matchAll(), 5, Searcher.Ranking.EXACT);
                // Another caller deletes every row and compacts before this read takes its rows:
                // the addresses found above must still be read from the version they came from.
                for (int i = 0; i < 40; i++) {
                  store.deleteWorkItem("item-" + i);
                }
                store.insertWorkItems(numberedTasks(100, 140));
                store.optimizeTables();
                return Searcher.read(ds, table, found, JiveTables::workItem);
              });
      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).item().id()).isEqualTo("item-7");
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(40);
    }
  }

  /** Tasks {@code item-from} to {@code item-(to-1)}, titled by number, on 17 topics. */
  private static List<WorkItem> numberedTasks(int from, int to) {
    List<WorkItem> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(
          WorkItem.builder()
              .id("item-" + i)
              .title("Task number " + i)
              .description("work on topic " + (i % 17))
              .itemType(WorkItemType.TASK)
              .build());
    }
    return items;
  }

  private static List<String> ids(List<SearchHit<WorkItem>> hits) {
    return hits.stream().map(h -> h.item().id()).toList();
  }

  @Test
  void vectorIndexIsBuiltPastTheThresholdAndSearchStillFindsItems() {
    StoreOptions options = TestStores.SYNC.withVectorIndexThreshold(300);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      List<java.util.Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        store.createWorkItem(
            java.util.Map.of(
                "type",
                "task",
                "title",
                "Task number " + i,
                "description",
                "work on topic " + (i % 17)));
      }
      assertThat(Maintenance.hasVectorIndex(store.table(JiveTables.WORK_ITEM))).isTrue();
      List<SearchHit<WorkItem>> hits =
          store.search(SearchRequest.of("Task number 123 work on topic 4", SearchType.SEMANTIC, 5));
      assertThat(hits.get(0).item().title()).isEqualTo("Task number 123");
      // Rows created after the index was built: folded in batches (one fold past 256 missing
      // rows here, merged into the index instead of stacking delta segments) or, until then,
      // found by a flat scan.
      assertThat(
              store.table(JiveTables.WORK_ITEM).latest().listIndexes().stream()
                  .filter(Maintenance.VECTOR_INDEX::equals)
                  .count())
          .isLessThanOrEqualTo(2);
      assertThat(
              store
                  .search(
                      SearchRequest.of("Task number 590 work on topic 12", SearchType.SEMANTIC, 3))
                  .get(0)
                  .item()
                  .title())
          .isEqualTo("Task number 590");
      // Large limits and hybrid depth ask the index for more candidates than its default ef.
      assertThat(store.search(SearchRequest.of("Task number 7", SearchType.SEMANTIC, 100)))
          .hasSize(100);
      assertThat(store.search(SearchRequest.of("Task number 7", SearchType.HYBRID, 50)))
          .hasSize(50);
      TableHealth health =
          store.health().tables().stream()
              .filter(t -> t.table().equals("WorkItem"))
              .findFirst()
              .orElseThrow();
      assertThat(health.indexes())
          .extracting(TableHealth.IndexState::name)
          .contains("vector_idx", "title_fts");
      assertThat(health.rows()).isEqualTo(600);
      assertThat(rows).isEmpty();
    }
  }

  @Test
  void singleCreatesAreCompactedPastTheFragmentThreshold() {
    StoreOptions options = TestStores.SYNC.withCompactionFragmentThreshold(8);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      for (int i = 0; i < 30; i++) {
        store.createWorkItem(draft(WorkItemType.TASK, "Item " + i, null));
      }
      TableHealth health = store.health().tables().get(0);
      assertThat(health.table()).isEqualTo("WorkItem");
      assertThat(health.rows()).isEqualTo(30);
      assertThat(health.fragments()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void compactionMergesSmallFragmentsAndLeavesThoseNearTheTargetAsTheyAre() throws Exception {
    StoreOptions options = TestStores.SYNC.withCompactionFragmentThreshold(2);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      for (int batch = 0; batch < 3; batch++) {
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
          items.add(draft(WorkItemType.TASK, "Batch " + batch + " item " + i, null));
        }
        store.insertWorkItems(items);
      }
      for (int i = 0; i < 3; i++) {
        store.createWorkItem(draft(WorkItemType.TASK, "Single " + i, null));
      }
      store.optimizeTables();
      // Pairing two 600-row fragments would give 1,024 + 176 rows and remap every index for it.
      assertThat(physicalRows(dir.resolve("WorkItem.lance"))).containsExactly(600L, 600L, 600L, 3L);
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(1803);
    }
  }

  private static List<Long> physicalRows(Path table) {
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
        org.lance.Dataset ds =
            org.lance.Dataset.open().allocator(allocator).uri(table.toString()).build()) {
      return ds.getFragments().stream().map(f -> f.metadata().getPhysicalRows()).toList();
    }
  }

  @Test
  void oldVersionsAreCleanedAfterTheRetentionButTagsPinTheirs() {
    StoreOptions options = TestStores.SYNC.withVersionRetention(Duration.ZERO);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      WorkItem first = store.createWorkItem(draft(WorkItemType.TASK, "First", null));
      store.tagAll("pre-migration");
      for (int i = 0; i < 5; i++) {
        store.createWorkItem(draft(WorkItemType.TASK, "More " + i, null));
      }
      store.optimizeTables();
      List<TableVersion> versions = store.listVersions("WorkItem");
      assertThat(versions).anySatisfy(v -> assertThat(v.tags()).contains("pre-migration"));
      assertThat(versions.size()).isLessThan(12);
      store.restore("WorkItem", "pre-migration");
      assertThat(store.listWorkItems(WorkItemQuery.all()))
          .extracting(WorkItem::id)
          .containsExactly(first.id());
    }
  }

  @Test
  void versionsBeyondTheNewestKeptAreCleanedWithoutWaitingForTheRetentionButTagsStay() {
    StoreOptions options =
        TestStores.SYNC.withVersionRetention(Duration.ofMillis(1)).withKeepVersions(4);
    try (LanceDBManager store = TestStores.open(dir, new DeterministicEmbedder(384), options)) {
      WorkItem first = store.createWorkItem(draft(WorkItemType.TASK, "First", null));
      store.tagAll("pre-migration");
      for (int i = 0; i < 30; i++) {
        store.updateWorkItem(first.id(), WorkItemPatch.empty().set("title", "Renamed " + i));
      }
      List<TableVersion> versions = store.listVersions("WorkItem");
      // The newest four, at most three more written since the last cleanup, and the tagged one.
      assertThat(versions.size()).isBetween(2, 8);
      assertThat(versions).anySatisfy(v -> assertThat(v.tags()).contains("pre-migration"));
      assertThat(store.getWorkItem(first.id()).orElseThrow().title()).isEqualTo("Renamed 29");
      store.restore("WorkItem", "pre-migration");
      assertThat(store.getWorkItem(first.id()).orElseThrow().title()).isEqualTo("First");
    }
  }

  @Test
  void restoreToATagBringsBackTheEarlierRowsExactlyAndRebuildsIndexes() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      List<WorkItem> before = store.allWorkItemsWithVectors();
      store.tagAll("pre-migration");
      WorkItem extra = store.createWorkItem(draft(WorkItemType.TASK, "Added after the tag", null));
      store.updateWorkItem(before.get(0).id(), WorkItemPatch.empty().set("title", "Renamed"));
      long version = store.restore("WorkItem", "pre-migration");
      assertThat(version).isGreaterThan(0);
      assertThat(store.allWorkItemsWithVectors()).containsExactlyInAnyOrderElementsOf(before);
      assertThat(store.findById(extra.id())).isEmpty();
      assertThat(store.search(SearchRequest.of("authentication", SearchType.KEYWORD, 5)))
          .isNotEmpty();
      assertThatThrownBy(() -> store.restore("WorkItem", "no-such-tag"))
          .isInstanceOf(NotFoundException.class);
      assertThat(store.listVersions("WorkItem")).hasSizeGreaterThan(2);
    }
  }

  @Test
  void restoreToAVersionNumberWorks() {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.TASK, "One", null));
      long v =
          store.listVersions("WorkItem").get(store.listVersions("WorkItem").size() - 1).version();
      store.createWorkItem(draft(WorkItemType.TASK, "Two", null));
      store.restore("WorkItem", Long.toString(v));
      assertThat(store.listWorkItems(WorkItemQuery.all()))
          .extracting(WorkItem::title)
          .containsExactly("One");
    }
  }

  @Test
  void healthReportsEveryTableAndTheTotalSize() {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.ensureTablesExist();
      seed(store);
      HealthReport report = store.health();
      assertThat(report.healthy()).isTrue();
      assertThat(report.tables())
          .extracting(TableHealth::table)
          .containsExactly("WorkItem", "ExecutionLog", "ArchitectureMemory", "TroubleshootMemory");
      assertThat(report.tables()).allSatisfy(t -> assertThat(t.exists()).isTrue());
      TableHealth items = report.tables().get(0);
      assertThat(items.rows()).isEqualTo(4);
      assertThat(items.versions()).isGreaterThan(1);
      assertThat(items.embeddingModel()).isEqualTo(DeterministicEmbedder.MODEL_NAME);
      assertThat(items.vectorDimension()).isEqualTo(384);
      assertThat(report.totalBytes()).isEqualTo(store.databaseSize()).isPositive();
      assertThat(store.listTables()).contains("WorkItem", "ExecutionLog");
    }
  }

  @Test
  void openingATableWithAnotherModelIsAClearErrorThatSaysHowToReEmbed() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
    }
    try (LanceDBManager other =
        TestStores.open(
            dir, new DeterministicEmbedder("bge-small-zh-v1.5", 512), TestStores.SYNC)) {
      assertThatThrownBy(() -> other.search(SearchRequest.of("login", SearchType.SEMANTIC, 3)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(
              "holds vectors from the model "
                  + DeterministicEmbedder.MODEL_NAME
                  + " (384 dimensions)")
          .hasMessageContaining("jive-migrate reembed --table WorkItem --model bge-small-zh-v1.5");
    }
  }

  @Test
  void namespacesAreSeparateFoldersUnderNamespaces() {
    try (LanceDBManager store = TestStores.open(dir);
        LanceDBManager team = store.forNamespace("team-a")) {
      store.createWorkItem(draft(WorkItemType.TASK, "Default namespace item", null));
      team.createWorkItem(draft(WorkItemType.TASK, "Team item", null));
      assertThat(Files.isDirectory(dir.resolve("namespaces/team-a/WorkItem.lance"))).isTrue();
      assertThat(store.listWorkItems(WorkItemQuery.all()))
          .extracting(WorkItem::title)
          .containsExactly("Default namespace item");
      assertThat(team.listWorkItems(WorkItemQuery.all()))
          .extracting(WorkItem::title)
          .containsExactly("Team item");
    }
  }
}
