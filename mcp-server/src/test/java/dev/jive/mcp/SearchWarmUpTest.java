package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemQuery;
import dev.jive.mcp.tools.JiveTools;
import dev.jive.mcp.tools.StoreAccess;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchWarmUpTest {
  @TempDir Path data;
  private LanceDBManager store;

  @BeforeEach
  void open() {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", data.toString()));
    store = LanceDBManager.builder(db).embedder(new DeterministicEmbedder(384)).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void populate(int n) {
    List<WorkItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(
          WorkItem.builder()
              .id(LanceDBManager.newId())
              .title("Checkout item " + i)
              .description("The login page is slow for customer " + i)
              .itemType(WorkItemType.TASK)
              .build());
    }
    store.insertWorkItems(items);
  }

  private int warmUp(int searches, java.util.function.BooleanSupplier stop) throws Exception {
    return SearchWarmUp.run(store, searches, stop);
  }

  @Test
  void everySearchRunsThroughTheToolAndTheStoreIsLeftAsItWas() throws Exception {
    populate(60);
    List<WorkItem> before = store.listWorkItems(WorkItemQuery.all());

    assertThat(warmUp(90, () -> false)).isEqualTo(90);

    assertThat(store.listWorkItems(WorkItemQuery.all())).isEqualTo(before);
  }

  @Test
  void anEmptyStoreIsNotSearched() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    assertThat(warmUp(50, () -> asked.incrementAndGet() > 1_000)).isZero();
    assertThat(asked).hasValue(0);
  }

  @Test
  void theWarmUpStopsWhenAskedBeforeItsNextSearch() throws Exception {
    populate(10);
    AtomicInteger asked = new AtomicInteger();
    assertThat(warmUp(50, () -> asked.incrementAndGet() > 7)).isEqualTo(7);
  }

  @Test
  void noSearchRunsWhileAClientsCallIsRunning() throws Exception {
    populate(10);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A call whose store is slow to lend: it counts as running from before it borrows.
    StoreAccess slowStore =
        () -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new StoreAccess.Lease(store, () -> {});
        };
    var getWorkItem =
        JiveTools.specifications(
                slowStore, data, Clock.systemUTC(), dev.jive.mcp.tools.ToolDescriptions.BRIEF)
            .stream()
            .filter(t -> t.tool().name().equals("jive_get_work_item"))
            .findFirst()
            .orElseThrow();
    CompletableFuture<McpSchema.CallToolResult> call =
        CompletableFuture.supplyAsync(
            () ->
                getWorkItem
                    .callHandler()
                    .apply(null, new McpSchema.CallToolRequest("jive_get_work_item", Map.of())));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

    // While the call runs the warm-up only waits: it is stopped after 20 looks, none searched.
    AtomicInteger asked = new AtomicInteger();
    assertThat(warmUp(5, () -> asked.incrementAndGet() > 20)).isZero();

    release.countDown();
    assertThat(call.get(30, TimeUnit.SECONDS).isError()).isFalse();
    assertThat(warmUp(5, () -> false)).isEqualTo(5);
  }
}
