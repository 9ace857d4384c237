package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.mcp.tools.StoreAccess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir Path data;
  private final SetClock clock = new SetClock();
  private Stores stores;

  private Stores stores(int maxOpen, Duration idle) {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", data.toString()));
    stores =
        new Stores(
            LanceDBManager.builder(db).embedder(new DeterministicEmbedder(384)).build(),
            new Stores.NamespaceLimits(maxOpen, idle),
            clock);
    return stores;
  }

  @AfterEach
  void close() {
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void theLeastRecentlyUsedUnusedNamespaceIsClosedPastTheCapAndNothingItHeldIsLost() {
    Stores s = stores(2, Duration.ofMinutes(10));
    LanceDBManager first = create(s, "alpha", "Root item held back for a group commit");
    clock.advance(Duration.ofSeconds(1));
    create(s, "beta", "Beta item");
    clock.advance(Duration.ofSeconds(1));
    create(s, "gamma", "Gamma item");

    assertThat(s.openNamespaces()).containsExactly("beta", "gamma");
    awaitClosed(first);
    assertThat(titles(s, "alpha")).containsExactly("Root item held back for a group commit");
    assertThat(s.openNamespaces()).containsExactly("alpha", "gamma");
  }

  @Test
  void aStoreInUseIsNeverClosedUnderItsCall() {
    Stores s = stores(1, Duration.ofMinutes(10));
    try (StoreAccess.Lease held = s.access("alpha").borrow()) {
      create(s, "beta", "Beta item");
      clock.advance(Duration.ofHours(1));
      s.sweep();

      assertThat(s.openNamespaces()).containsExactly("alpha");
      held.store().createWorkItem(Map.of("type", "initiative", "title", "Written while held"));
    }
    assertThat(titles(s, "alpha")).containsExactly("Written while held");
  }

  @Test
  void aStoreUnusedForTheIdleTimeIsClosedAndReopenedByTheNextCall() {
    Stores s = stores(16, Duration.ofMinutes(10));
    LanceDBManager first = create(s, "alpha", "Alpha item");
    clock.advance(Duration.ofMinutes(9));
    s.sweep();
    assertThat(s.openNamespaces()).containsExactly("alpha");

    clock.advance(Duration.ofMinutes(2));
    s.sweep();

    assertThat(s.openNamespaces()).isEmpty();
    awaitClosed(first);
    assertThat(titles(s, "alpha")).containsExactly("Alpha item");
  }

  @Test
  void fiftyNamespacesAreServedThroughAtMostTheCapOfOpenStoresAndKeepEveryItem() {
    Stores s = stores(8, Duration.ofMinutes(10));
    int most = 0;
    for (int i = 0; i < 50; i++) {
      create(s, "project-" + i, "Item of project " + i);
      clock.advance(Duration.ofMillis(10));
      most = Math.max(most, s.openNamespaces().size());
    }
    assertThat(most).as("open namespace stores at any point").isLessThanOrEqualTo(8);
    for (int i = 0; i < 50; i += 7) {
      assertThat(titles(s, "project-" + i)).containsExactly("Item of project " + i);
      assertThat(s.openNamespaces().size()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void callsToManyNamespacesAtOnceThroughAFewOpenStoresLoseNoWrite() throws Exception {
    Stores s = stores(2, Duration.ofMinutes(10));
    List<String> namespaces = List.of("n0", "n1", "n2", "n3", "n4");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 15; i++) {
                  String ns = namespaces.get((thread + i) % namespaces.size());
                  create(s, ns, "item " + thread + "-" + i);
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    int total = 0;
    for (String ns : namespaces) {
      total += titles(s, ns).size();
    }
    assertThat(total).isEqualTo(60);
  }

  @Test
  void aNamespaceNameThatIsNotOneIsRefused() {
    Stores s = stores(2, Duration.ofMinutes(10));
    assertThatThrownBy(() -> s.access("../escape"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a namespace name");
  }

  @Test
  void limitsBelowOneAreRefusedByName() {
    assertThatThrownBy(() -> new Stores.NamespaceLimits(0, Duration.ofMinutes(1)))
        .hasMessageContaining("max-open-namespaces");
    assertThatThrownBy(() -> new Stores.NamespaceLimits(1, Duration.ZERO))
        .hasMessageContaining("namespace-idle-minutes");
  }

  private static LanceDBManager create(Stores s, String ns, String title) {
    try (StoreAccess.Lease lease = s.access(ns).borrow()) {
      lease.store().createWorkItem(Map.of("type", "initiative", "title", title));
      return lease.store();
    }
  }

  private static List<String> titles(Stores s, String ns) {
    try (StoreAccess.Lease lease = s.access(ns).borrow()) {
      return lease.store().allWorkItems().stream().map(w -> w.title()).sorted().toList();
    }
  }

  private static void awaitClosed(LanceDBManager store) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        store.countWorkItems(Filter.matchAll());
      } catch (IllegalStateException closed) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the evicted store was not closed within 30 s");
  }

  /** A clock the test moves. */
  private static final class SetClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void closingStopsTheSearchWarmUpBeforeTheStoreCloses() throws Exception {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", data.toString()));
    LanceDBManager store =
        LanceDBManager.builder(db).embedder(new DeterministicEmbedder(384)).build();
    store.createWorkItem(Map.of("type", "task", "title", "Login page is slow"));
    Stores s = new Stores(store, Stores.NamespaceLimits.DEFAULT, clock, Integer.MAX_VALUE);
    Thread.sleep(500);
    assertThat(s.warmingUp()).as("endless warm-up searches still running").isTrue();

    s.close();

    // It saw the shutdown and stopped between two searches: the store did not close under one.
    assertThat(s.warmingUp()).isFalse();
    assertThat(s.searchesWarmedUp()).isPositive();
  }
}
