package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowCacheTest {
  @TempDir Path dir;

  private static final List<SearchRequest> QUERIES =
      List.of(
          SearchRequest.of("login authentication", SearchType.SEMANTIC, 10),
          SearchRequest.of("release notes", SearchType.KEYWORD, 10),
          SearchRequest.of("vector index recall", SearchType.HYBRID, 10),
          SearchRequest.of("item 17", SearchType.HYBRID, 5));

  private static void seed(LanceDBManager store) {
    List<WorkItem> batch = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      batch.add(
          draft(WorkItemType.TASK, "Item " + i + " about release notes", null).toBuilder()
              .description("Work on login authentication and vector index recall, part " + i)
              .tags(List.of("tag" + i % 7, "shared"))
              .estimatedHours(i / 4.0)
              .build());
    }
    store.insertWorkItems(batch);
    for (int i = 0; i < 3; i++) {
      store.createWorkItem(draft(WorkItemType.TASK, "Single release " + i, null));
    }
  }

  private static RowCache cache(LanceDBManager store) {
    return store.table(JiveTables.WORK_ITEM).rowCache();
  }

  private static int fragments(LanceDBManager store) {
    return store.table(JiveTables.WORK_ITEM).withSnapshot(ds -> ds.getFragments().size());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void rowsServedFromMemoryEqualRowsReadFromLance() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      LanceTable table = store.table(JiveTables.WORK_ITEM);
      List<String> columns = new ArrayList<>();
      table.schema().getFields().stream()
          .filter(f -> !Columns.isVector(f))
          .forEach(f -> columns.add(f.getName()));
      List<String> withId = new ArrayList<>(columns);
      withId.add("_rowid");
      Map<Long, Map<String, Object>> fromLance = new java.util.HashMap<>();
      table.scan(
          new org.lance.ipc.ScanOptions.Builder().columns(withId).withRowId(true).build(),
          root -> {
            var ids = (org.apache.arrow.vector.UInt8Vector) root.getVector("_rowid");
            List<Map<String, Object>> rows = ArrowRows.fromRoot(root, "_rowid");
            for (int i = 0; i < rows.size(); i++) {
              fromLance.put(ids.getObjectNoOverflow(i).longValue(), rows.get(i));
            }
          });
      List<Long> addresses = new ArrayList<>(fromLance.keySet());
      assertThat(addresses).hasSize(63);

      store.warmUpIndexes();
      assertThat(cache(store).heldFragments()).isEqualTo(fragments(store));
      long served = cache(store).servedRows();
      Map<Long, Map<String, Object>> fromMemory =
          table.withSnapshot(ds -> table.rowsAt(ds, addresses));

      assertThat(cache(store).servedRows() - served).isEqualTo(63);
      assertThat(fromMemory).isEqualTo(fromLance);
      fromMemory
          .values()
          .forEach(row -> assertThat(row.keySet()).containsExactlyElementsOf(columns));
    }
  }

  /** Every stored vector of the latest version, by row address, read with a Lance scan. */
  private static Map<Long, float[]> vectorsInLance(LanceTable table) {
    Map<Long, float[]> out = new java.util.HashMap<>();
    table.scan(
        new org.lance.ipc.ScanOptions.Builder()
            .columns(List.of(Searcher.VECTOR_COLUMN))
            .withRowId(true)
            .build(),
        root ->
            ArrowRows.byRowId(root).forEach((id, row) -> out.put(id, (float[]) row.get("vector"))));
    return out;
  }

  /** The vectors the cache serves for every row equal the ones Lance stores. */
  private static void assertVectorsServedAreTheStoredOnes(LanceDBManager store) {
    LanceTable table = store.table(JiveTables.WORK_ITEM);
    Map<Long, float[]> stored = vectorsInLance(table);
    long before = cache(store).servedVectors();
    Map<Long, float[]> served =
        table.withSnapshot(ds -> cache(store).vectors(ds, new ArrayList<>(stored.keySet())));
    assertThat(cache(store).servedVectors() - before).isEqualTo(stored.size());
    assertThat(served.keySet()).isEqualTo(stored.keySet());
    stored.forEach((id, v) -> assertThat(served.get(id)).as("row %d", id).containsExactly(v));
  }

  @Test
  void vectorsServedFromTheVectorFilesEqualTheStoredVectors() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      store.warmUpIndexes();
      assertThat(cache(store).vectorFileBytes()).isEqualTo(63L * 384 * 4);
      assertVectorsServedAreTheStoredOnes(store);
      // Unlinked while open: nothing is left in the data folder, even by a killed process.
      try (var scratch = java.nio.file.Files.list(dir.resolve(".jive-scratch"))) {
        assertThat(scratch).isEmpty();
      }
    }
  }

  @Test
  void searchesAnswerTheSameWithRowsInMemory() {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      SearchRequest semantic = QUERIES.get(0);
      List<SearchHit<WorkItem>> fromLance = store.search(semantic);
      store.warmUpIndexes();
      long served = cache(store).servedRows();
      assertThat(store.search(semantic)).isEqualTo(fromLance);
      assertThat(cache(store).servedRows() - served).isEqualTo(fromLance.size());
    }
  }

  @Test
  void updatedDeletedCompactedAndRestoredRowsAreNeverServedStale() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      store.tagAll("before");
      store.warmUpIndexes();
      WorkItem first = store.search(QUERIES.get(1)).get(0).item();
      WorkItem second = store.search(QUERIES.get(1)).get(1).item();

      store.updateWorkItem(first.id(), Map.of("title", "Renamed release notes entry"));
      store.deleteWorkItem(second.id());
      store.warmUpIndexes();
      // The update re-embedded the row: its new vector, in a new fragment, is the one served.
      assertVectorsServedAreTheStoredOnes(store);
      assertThat(store.search(QUERIES.get(1)))
          .extracting(h -> h.item().id())
          .doesNotContain(second.id());
      assertThat(titleOf(store, first.id())).isEqualTo("Renamed release notes entry");

      store.optimizeTables();
      store.awaitMaintenance();
      store.warmUpIndexes();
      // Fragments compacted away are dropped as the new ones load.
      assertThat(cache(store).heldFragments()).isEqualTo(fragments(store));
      assertVectorsServedAreTheStoredOnes(store);
      assertThat(titleOf(store, first.id())).isEqualTo("Renamed release notes entry");
      assertThat(store.search(QUERIES.get(1)))
          .extracting(h -> h.item().id())
          .doesNotContain(second.id());

      store.restore(JiveTables.WORK_ITEM, "before");
      store.warmUpIndexes();
      assertVectorsServedAreTheStoredOnes(store);
      assertThat(titleOf(store, first.id())).isEqualTo(first.title());
      assertThat(store.search(QUERIES.get(1))).extracting(h -> h.item().id()).contains(second.id());
    }
  }

  private static String titleOf(LanceDBManager store, String id) {
    return store.search(SearchRequest.of("release notes", SearchType.KEYWORD, 100)).stream()
        .map(SearchHit::item)
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow()
        .title();
  }

  @Test
  void aFragmentASearchMissedIsLoadedInTheBackground() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      seed(store);
      store.warmUpIndexes();
      int held = cache(store).heldFragments();
      WorkItem created =
          store.createWorkItem(draft(WorkItemType.TASK, "Brand new zebra crossing", null));

      List<SearchHit<WorkItem>> hits =
          store.search(SearchRequest.of("zebra crossing", SearchType.KEYWORD, 5));
      assertThat(hits).extracting(h -> h.item().id()).containsExactly(created.id());

      await(() -> cache(store).heldFragments() == held + 1);
      long served = cache(store).servedRows();
      assertThat(store.search(SearchRequest.of("zebra crossing", SearchType.KEYWORD, 5)))
          .isEqualTo(hits);
      assertThat(cache(store).servedRows()).isEqualTo(served + 1);
    }
  }

  @Test
  void closingTheStoreGivesItsBytesBackToTheSharedBudget() {
    LanceDBManager store = TestStores.open(dir);
    RowCache cache;
    long held;
    long used;
    try (store) {
      seed(store);
      store.warmUpIndexes();
      cache = cache(store);
      held = cache.heldBytes();
      used = RowCache.usedBytes();
      assertThat(held).isPositive();
      assertThat(used).isGreaterThanOrEqualTo(held);
    }
    assertThat(cache.heldBytes()).isZero();
    assertThat(RowCache.usedBytes()).isEqualTo(used - held);
  }
}
