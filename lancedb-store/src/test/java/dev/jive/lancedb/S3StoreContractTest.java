package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on {@code s3://}, against s3proxy on 127.0.0.1. */
class S3StoreContractTest extends StoreContract {
  @TempDir static Path blobs;
  static LocalS3 s3;
  private String prefix;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = LocalS3.start(blobs);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void freshPrefix() {
    prefix = "contract-" + UUID.randomUUID();
  }

  @Override
  Map<String, String> environment() {
    return s3.environment(prefix);
  }

  @Test
  void theTablesLiveInTheBucketAndAReopenedStoreIsHealthy() throws Exception {
    String id;
    try (LanceDBManager store = open()) {
      assertThat(s3.config(prefix).isRemote()).isTrue();
      id = store.createWorkItem(draft(WorkItemType.EPIC, "Remote epic", null)).id();
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      assertThat(files.map(Path::toString).filter(p -> p.contains(prefix + "/WorkItem.lance")))
          .isNotEmpty();
    }
    try (LanceDBManager reopened = open()) {
      assertThat(reopened.findById(id)).get().extracting(WorkItem::title).isEqualTo("Remote epic");
      assertThat(reopened.countWorkItems(Filter.matchAll())).isEqualTo(1);
      assertThat(reopened.health().healthy()).isTrue();
    }
  }
}
