package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.StorageException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
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
import java.util.concurrent.TimeUnit;
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
        assertThat(store.findById(id)).isPresent();
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
            .putInt(2)
            .array());
    assertThatThrownBy(() -> TestStores.open(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("jive-append-journal version 2")
        .hasMessageContaining("reads version 1");
    assertThat(file).exists();
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
