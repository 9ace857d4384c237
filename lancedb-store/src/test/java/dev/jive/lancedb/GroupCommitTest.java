package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.StorageException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single root creates commit together, yet are never invisible and never lost. */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void rootCreatesShareCommitsAndAreVisibleToTheNextCall() {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.EPIC, "First", null));
      long versionsBefore = store.listVersions("WorkItem").size();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(store.createWorkItem(draft(WorkItemType.TASK, "Quick task " + i, null)).id());
      }
      // Each read sees every create before it, with no wait.
      assertThat(store.findById(ids.get(39))).isPresent();
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(41);
      assertThat(store.search(SearchRequest.of("Quick task", SearchType.SEMANTIC, 41)))
          .extracting(h -> h.item().id())
          .containsAll(ids);
      long commits = store.listVersions("WorkItem").size() - versionsBefore;
      assertThat(commits).isLessThan(10);
      // Sequence numbers and order follow the creates, as with one commit per create.
      List<WorkItem> roots = store.listAll(Filter.isNull("parent_id"));
      assertThat(roots).extracting(WorkItem::sequenceNumber).doesNotHaveDuplicates().hasSize(41);
      assertThat(roots).extracting(WorkItem::orderIndex).doesNotHaveDuplicates();
    }
  }

  @Test
  void aSecondStoreOnTheSameDataPathSeesRowsTheFirstHoldsBack() {
    try (LanceDBManager a = TestStores.open(dir);
        LanceDBManager b = TestStores.open(dir)) {
      a.createWorkItem(draft(WorkItemType.TASK, "Table maker", null));
      WorkItem waiting = a.createWorkItem(draft(WorkItemType.TASK, "Waiting", null));
      assertThat(b.findById(waiting.id())).isPresent();
      WorkItem fromB = b.createWorkItem(draft(WorkItemType.TASK, "From b", null));
      WorkItem fromA = a.createWorkItem(draft(WorkItemType.TASK, "From a", null));
      assertThat(List.of(fromB.sequenceNumber(), fromA.sequenceNumber())).doesNotHaveDuplicates();
      assertThat(a.countWorkItems(Filter.matchAll())).isEqualTo(4);
    }
  }

  @Test
  void closingCommitsAndRemovesTheJournal() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.TASK, "One", null));
      store.createWorkItem(draft(WorkItemType.TASK, "Two", null));
      assertThat(journals()).hasSize(1);
    }
    assertThat(journals()).isEmpty();
    try (LanceDBManager store = TestStores.open(dir)) {
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(2);
    }
  }

  @Test
  void aProcessHaltedBeforeItsCommitLosesNoCreate() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.TASK, "Already there", null));
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                // Never commit in the child: every create below is only in the journal.
                "-Djive.group_commit.delay_ms=600000",
                "-cp",
                System.getProperty("java.class.path"),
                CreateThenHalt.class.getName(),
                dir.toString(),
                "25")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> created = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      out.lines().filter(l -> l.matches("[0-9a-f-]{36}")).forEach(created::add);
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(created).hasSize(25);
    assertThat(journals()).hasSize(1);

    try (LanceDBManager store = TestStores.open(dir)) {
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(26);
      for (String id : created) {
        // The child left most embeddings to its group commit: recovery embedded them.
        WorkItem w = store.findById(id).orElseThrow();
        assertThat(storedVector(store, id)).containsExactly(REFERENCE.embed(w.embeddingText()));
      }
      assertThat(journals()).isEmpty();
    }
  }

  @Test
  void recoveryIgnoresATornLastFrameAndRowsAlreadyCommitted() throws Exception {
    WorkItem committed;
    Schema schema;
    try (LanceDBManager store = TestStores.open(dir)) {
      committed = store.createWorkItem(draft(WorkItemType.TASK, "Committed", null));
      schema = store.table("WorkItem").schema();
    }
    WorkItem lost = withVector(draft(WorkItemType.TASK, "Only in the journal", null));
    try (BufferAllocator allocator = new RootAllocator()) {
      AppendJournal journal = AppendJournal.create(dir, "WorkItem");
      journal.append(schema, JiveTables.row(withVector(committed)), allocator);
      journal.append(schema, JiveTables.row(lost), allocator);
      journal.close(); // as a dead process leaves it: unlocked, not deleted
      // A frame cut short by the kill.
      Files.write(
          journal.file(),
          ByteBuffer.allocate(12).putInt(4096).putInt(7).putInt(1).array(),
          StandardOpenOption.APPEND);
    }
    try (LanceDBManager store = TestStores.open(dir)) {
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(2);
      assertThat(store.findById(lost.id()).orElseThrow().title()).isEqualTo("Only in the journal");
      assertThat(journals()).isEmpty();
    }
  }

  @Test
  void aJournalOfAnotherFormatVersionIsRefusedByName() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.TASK, "Anything", null));
    }
    Path file = dir.resolve(".jive-journal").resolve("WorkItem-future.journal");
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        ByteBuffer.allocate(12)
            .put("JIVEJRNL".getBytes(StandardCharsets.US_ASCII))
            .putInt(3)
            .array());
    assertThatThrownBy(() -> TestStores.open(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("jive-append-journal version 3")
        .hasMessageContaining("reads versions 1 to 2");
    assertThat(file).exists();
  }

  @Test
  void createsLeaveTheirEmbeddingToTheBatchAndEveryReadSeesTheVectors() {
    GatedEmbedder model = new GatedEmbedder();
    try (LanceDBManager store = TestStores.open(dir, model, TestStores.SYNC)) {
      // The first create embeds in the call: it shows the model loads and runs.
      WorkItem first = store.createWorkItem(draft(WorkItemType.TASK, "Table maker", null));
      assertThat(first.vector()).isNotNull();
      int callsBefore = model.calls.get();
      List<WorkItem> created = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        created.add(store.createWorkItem(draft(WorkItemType.TASK, "Deferred task " + i, null)));
      }
      assertThat(created).allSatisfy(w -> assertThat(w.vector()).isNull());
      assertThat(model.calls.get() - callsBefore).isLessThanOrEqualTo(2);
      for (WorkItem w : created) {
        assertThat(storedVector(store, w.id())).containsExactly(REFERENCE.embed(w.embeddingText()));
      }
      assertThat(store.search(SearchRequest.of("Deferred task 7", SearchType.SEMANTIC, 1)))
          .extracting(h -> h.item().title())
          .containsExactly("Deferred task 7");
    }
  }

  @Test
  void theBackgroundRoundCommitsWithoutAnyRead() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      store.createWorkItem(draft(WorkItemType.TASK, "Table maker", null));
      for (int i = 0; i < 5; i++) {
        store.createWorkItem(draft(WorkItemType.TASK, "Background " + i, null));
      }
      LanceTable t = store.table("WorkItem");
      awaitCommittedRows(t, 6);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!journalRows().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20); // the journal is cleared just after the commit
      }
      assertThat(journalRows()).isEmpty();
    }
  }

  @Test
  void rowsCreatedWhileABatchEmbedsWaitJournaledForTheNextRound() throws Exception {
    GatedEmbedder model = new GatedEmbedder();
    try (LanceDBManager store = TestStores.open(dir, model, TestStores.SYNC)) {
      CountDownLatch first = new CountDownLatch(1);
      WorkItem b = createAndHoldItsBatch(store, model, first);
      // The batch is embedding outside the write lock: creates go on meanwhile.
      WorkItem c = store.createWorkItem(draft(WorkItemType.TASK, "After the batch", null));
      assertThat(journalRows()).extracting(r -> r.get("id")).containsExactly(b.id(), c.id());
      CountDownLatch second = new CountDownLatch(1);
      model.gate = second;
      first.countDown();
      // The next round, for c, is held at the gate: b's round has committed b alone.
      assertThat(model.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(store.table("WorkItem").committed().countRows()).isEqualTo(2);
      assertThat(journalRows()).extracting(r -> r.get("id")).containsExactly(c.id());
      model.gate = null;
      second.countDown();
      assertThat(storedVector(store, c.id())).containsExactly(REFERENCE.embed(c.embeddingText()));
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(3);
    }
  }

  @Test
  void aCallerCreatingFasterThanBatchesEmbedWaitsForTheRoundInFlight() throws Exception {
    GatedEmbedder model = new GatedEmbedder();
    try (LanceDBManager store = TestStores.open(dir, model, TestStores.SYNC)) {
      CountDownLatch gate = new CountDownLatch(1);
      createAndHoldItsBatch(store, model, gate);
      // One text is being embedded; these fill the backlog without waiting.
      for (int i = 1; i < GroupCommit.BACKLOG; i++) {
        store.createWorkItem(draft(WorkItemType.TASK, "Backlog " + i, null));
      }
      CompletableFuture<WorkItem> next =
          CompletableFuture.supplyAsync(
              () -> store.createWorkItem(draft(WorkItemType.TASK, "One too many", null)));
      Thread.sleep(300);
      assertThat(next).isNotDone();
      model.gate = null;
      gate.countDown();
      assertThat(next.get(20, TimeUnit.SECONDS).title()).isEqualTo("One too many");
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(GroupCommit.BACKLOG + 2);
    }
  }

  @Test
  void aFailedBatchLosesNothingAndTheReadSaysWhy() throws Exception {
    GatedEmbedder model = new GatedEmbedder();
    try (LanceDBManager store = TestStores.open(dir, model, TestStores.SYNC)) {
      store.createWorkItem(draft(WorkItemType.TASK, "Table maker", null));
      model.failure = "the model ran out of memory";
      WorkItem waiting = store.createWorkItem(draft(WorkItemType.TASK, "Still waiting", null));
      assertThatThrownBy(() -> store.findById(waiting.id()))
          .hasMessageContaining("the model ran out of memory");
      assertThat(journalRows()).extracting(r -> r.get("id")).containsExactly(waiting.id());
      model.failure = null;
      assertThat(storedVector(store, waiting.id()))
          .containsExactly(REFERENCE.embed(waiting.embeddingText()));
    }
  }

  private static final DeterministicEmbedder REFERENCE = new DeterministicEmbedder(384);

  /** The deterministic embedder, counting calls, and on demand held at a gate or failing. */
  private static final class GatedEmbedder implements Embedder {
    final AtomicInteger calls = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    volatile CountDownLatch gate;
    volatile String failure;

    @Override
    public String modelName() {
      return REFERENCE.modelName();
    }

    @Override
    public int dimension() {
      return REFERENCE.dimension();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      calls.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        entered.release();
        try {
          g.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw new dev.jive.core.JiveException(failure);
      }
      return REFERENCE.embedAll(texts);
    }
  }

  /**
   * Creates the table's first item (the model is then known to work), then one whose text the
   * background round embeds, and returns it once that round is held at {@code gate}.
   */
  private static WorkItem createAndHoldItsBatch(
      LanceDBManager store, GatedEmbedder model, CountDownLatch gate) throws InterruptedException {
    store.createWorkItem(draft(WorkItemType.TASK, "Table maker", null));
    model.gate = gate;
    WorkItem held = store.createWorkItem(draft(WorkItemType.TASK, "In the batch", null));
    assertThat(model.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  /** The vector a work item is stored with (reads of work items leave vectors out). */
  private static float[] storedVector(LanceDBManager store, String id) {
    List<java.util.Map<String, Object>> rows = store.scanRows("WorkItem", Filter.eq("id", id), 1);
    assertThat(rows).hasSize(1);
    return (float[]) rows.get(0).get("vector");
  }

  /** Waits, without reading through the store (a read would commit), for the committed rows. */
  private static void awaitCommittedRows(LanceTable t, long rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (t.committed().countRows() < rows && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(t.committed().countRows()).isEqualTo(rows);
  }

  /** The rows every journal under the data path holds now. */
  private List<java.util.Map<String, Object>> journalRows() throws Exception {
    List<java.util.Map<String, Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Path f : journals()) {
        try (java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(f, StandardOpenOption.READ)) {
          rows.addAll(AppendJournal.read(f, channel, allocator));
        }
      }
    }
    return rows;
  }

  private static WorkItem withVector(WorkItem w) {
    float[] v = new float[384];
    v[Math.abs(w.id().hashCode()) % 384] = 1f;
    return w.toBuilder()
        .createdAt(java.time.Instant.parse("2026-01-01T00:00:00Z"))
        .updatedAt(java.time.Instant.parse("2026-01-01T00:00:00Z"))
        .sequenceNumber("9")
        .build()
        .withVector(v);
  }

  private List<Path> journals() throws Exception {
    Path d = dir.resolve(".jive-journal");
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }
}
