package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.StorageException;
import dev.jive.core.search.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverJournalsTest {
  @TempDir Path dir;

  @Test
  void aJournalStillHoldingRowsFromAnEarlierBuildIsRefusedByName() throws Exception {
    Path journals = Files.createDirectories(dir.resolve(".jive-journal"));
    Files.write(journals.resolve("WorkItem-1234.journal"), new byte[200]);

    assertThatThrownBy(() -> TestStores.open(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("WorkItem-1234.journal")
        .hasMessageContaining("delete the folder to discard them");
    assertThat(journals.resolve("WorkItem-1234.journal")).exists();
  }

  @Test
  void anEmptyJournalDoesNotStandInTheWay() throws Exception {
    Path journals = Files.createDirectories(dir.resolve(".jive-journal"));
    Files.write(journals.resolve("WorkItem-1234.journal"), "JIVEJRNL\0\0\0\2".getBytes());

    try (LanceDBManager store = TestStores.open(dir)) {
      assertThat(store.countWorkItems(Filter.matchAll())).isZero();
    }
  }

  @Test
  void aFileWhereTheDataFolderShouldBeIsNamedAsTheProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("data"), "not a folder");
    assertThatThrownBy(() -> TestStores.open(file))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot create data folder")
        .hasMessageContaining("a file that is not a folder is in the way at " + file);
  }
}
