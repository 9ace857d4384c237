package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on {@code s3://}, against an S3-compatible server started in this JVM on 127.0.0.1. */
class ObjectStorageTest {
  @TempDir static Path blobs;
  static S3Proxy proxy;

  @BeforeAll
  static void startS3() throws Exception {
    BlobStore store = new FilesystemNio2BlobStore(blobs.toString());
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "jive-access", "jive-secret")
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    store.createContainer("jive-bucket");
  }

  @AfterAll
  static void stopS3() throws Exception {
    proxy.stop();
  }

  /** The way an operator would configure it: path and storage options from the environment. */
  private static DatabaseConfig config() {
    return ConfigResolver.resolve(
        null,
        Map.of(
            "LANCEDB_DATA_PATH", "s3://jive-bucket/prod",
            "LANCEDB_STORAGE_OPTIONS_AWS_ACCESS_KEY_ID", "jive-access",
            "LANCEDB_STORAGE_OPTIONS_AWS_SECRET_ACCESS_KEY", "jive-secret",
            "LANCEDB_STORAGE_OPTIONS_AWS_REGION", "us-east-1",
            "LANCEDB_STORAGE_OPTIONS_AWS_ENDPOINT", "http://127.0.0.1:" + proxy.getPort(),
            "LANCEDB_STORAGE_OPTIONS_ALLOW_HTTP", "true"),
        Map.of());
  }

  @Test
  void workItemsLiveInTheBucketAndSurviveReopening() throws Exception {
    DatabaseConfig config = config();
    assertThat(config.isRemote()).isTrue();
    String id;
    try (LanceDBManager store =
        LanceDBManager.builder(config)
            .embedder(new DeterministicEmbedder(384))
            .options(TestStores.SYNC)
            .build()) {
      WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Remote epic", null));
      WorkItem task =
          store.createWorkItem(draft(WorkItemType.TASK, "Remote task about login", epic.id()));
      store.updateWorkItem(task.id(), WorkItemPatch.empty().set("status", "completed"));
      store.tagAll("pre-migration");
      store.createWorkItem(draft(WorkItemType.TASK, "After the tag", null));
      id = epic.id();
      assertThat(store.search(SearchRequest.of("login", SearchType.KEYWORD, 5)))
          .extracting(h -> h.item().title())
          .containsExactly("Remote task about login");
    }
    try (java.util.stream.Stream<Path> files = Files.walk(blobs)) {
      assertThat(
              files
                  .map(Path::toString)
                  .filter(p -> p.contains("prod") && p.contains("WorkItem.lance")))
          .isNotEmpty();
    }
    try (LanceDBManager reopened =
        LanceDBManager.builder(config)
            .embedder(new DeterministicEmbedder(384))
            .options(TestStores.SYNC)
            .build()) {
      assertThat(reopened.findById(id).orElseThrow().progress()).isEqualTo(100.0);
      assertThat(reopened.countWorkItems(dev.jive.core.search.Filter.matchAll())).isEqualTo(3);
      reopened.restore("WorkItem", "pre-migration");
      assertThat(reopened.countWorkItems(dev.jive.core.search.Filter.matchAll())).isEqualTo(2);
      assertThat(reopened.health().healthy()).isTrue();
    }
  }
}
