package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationJournalTest {
  @TempDir Path data;

  @Test
  void aMigrationWhoseProcessStillRunsIsNamedAsRunningNotAsInterrupted() {
    MigrationJournal journal = new MigrationJournal(data);
    journal.running("backup-a", Instant.parse("2026-12-07T10:00:00Z"));
    assertThat(journal.interrupted()).isEmpty();
    assertThatThrownBy(() -> journal.requireNoneRunning(true, false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("another migration is writing into " + data + " now")
        .hasMessageContaining("process " + ProcessHandle.current().pid())
        .hasMessageNotContaining("did not finish");
  }

  @Test
  void aMigrationWhoseProcessIsGoneIsInterruptedAndItsAdviceFollowsTheTag() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        data.resolve(".jive-migration.json"),
        "{\"format\":\"jive-migration-journal\",\"version\":1,\"source\":\"backup-a\","
            + "\"started_at\":\"2026-12-07T10:00:00Z\",\"status\":\"running\",\"pid\":"
            + gone.pid()
            + ",\"process_started_at\":\"2026-12-07T09:59:59Z\"}");
    MigrationJournal journal = new MigrationJournal(data);
    assertThat(journal.interrupted()).hasValueSatisfying(s -> assertThat(s).contains("backup-a"));
    assertThatThrownBy(() -> journal.requireNoneRunning(false, true))
        .hasMessageContaining("did not finish")
        .hasMessageContaining("--to-tag pre-migration");
    assertThatThrownBy(() -> journal.requireNoneRunning(false, false))
        .hasMessageContaining("there is no pre-migration tag to roll back to")
        .hasMessageNotContaining("--to-tag");
    journal.requireNoneRunning(true, false); // resuming it is allowed
  }

  @Test
  void aFinishedMigrationBlocksNothing() {
    MigrationJournal journal = new MigrationJournal(data);
    journal.done("backup-a", Instant.parse("2026-12-07T10:00:00Z"));
    journal.requireNoneRunning(false, false);
    assertThat(journal.interrupted()).isEmpty();
  }
}
