package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.versions.ReembedResult;
import dev.jive.lancedb.versions.ReembedRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-embedding killed between its tables' commits: writes are refused with the commands that end
 * it, and both of them (roll back, run again to resume) leave every table on one model.
 */
class KilledReembedTest {
  @TempDir Path dir;

  private static void killMidway(Path db) throws Exception {
    Process child = TestStores.javaProcess(ReembedUntilKilled.class, db.toString()).start();
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("progress WorkItem")) {
        assertThat(line).isNotEqualTo("finished");
      }
      assertThat(line).as("the child reached the second table").isNotNull();
    } finally {
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aKilledReembeddingRefusesWritesUntilItIsRolledBackOrResumed() throws Exception {
    Path db = dir.resolve("db");
    try (LanceDBManager store = TestStores.open(db)) {
      ReembedTest.seed(store);
    }

    killMidway(db);
    try (LanceDBManager store = TestStores.open(db)) {
      assertThat(store.reembedUnderWay())
          .hasValueSatisfying(m -> assertThat(m.done()).containsExactly("ArchitectureMemory"));
      assertThatThrownBy(
              () -> store.createWorkItem(TestStores.draft(WorkItemType.TASK, "During", null)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("was interrupted")
          .hasMessageContaining("reembed --data-path " + db + " --rollback");
      assertThat(store.health().healthy()).isTrue();
      assertThat(store.health().warnings()).anyMatch(w -> w.contains("a re-embedding of"));

      assertThat(store.rollbackReembed(null)).containsOnlyKeys("ArchitectureMemory", "WorkItem");
      assertThat(store.reembedUnderWay()).isEmpty();
      assertThat(ReembedTest.dimension(store, "ArchitectureMemory")).isEqualTo(384);
      assertThat(ReembedTest.dimension(store, "WorkItem")).isEqualTo(384);
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(60);
      store.createWorkItem(TestStores.draft(WorkItemType.TASK, "After the rollback", null));
    }

    killMidway(db);
    try (LanceDBManager store = TestStores.open(db)) {
      ReembedRun resumed =
          store.reembed(null, ReembedUntilKilled.NEW_MODEL, null, false, (t, d, n) -> {});
      assertThat(resumed.resumedPastDone()).containsExactly("ArchitectureMemory");
      assertThat(resumed.tables()).extracting(ReembedResult::table).containsExactly("WorkItem");
      assertThat(store.reembedUnderWay()).isEmpty();
      assertThat(ReembedTest.dimension(store, "ArchitectureMemory")).isEqualTo(64);
      assertThat(ReembedTest.dimension(store, "WorkItem")).isEqualTo(64);
    }
    try (LanceDBManager store =
        TestStores.open(db, ReembedUntilKilled.NEW_MODEL, TestStores.SYNC)) {
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(61);
      assertThat(store.health().healthy()).isTrue();
      store.createWorkItem(TestStores.draft(WorkItemType.TASK, "After the resume", null));
    }
  }
}
