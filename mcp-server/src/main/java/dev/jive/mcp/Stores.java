package dev.jive.mcp;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.mcp.tools.StoreAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of the configured namespace and, for HTTP's {@code /mcp/<namespace>} endpoints, one
 * store per other namespace, all sharing one embedding model. The store opens, and its model loads,
 * in the background from the start: finding the model the tables record means opening a table,
 * which loads Lance's native library, and the MCP handshake must not wait for that. A tool that
 * needs the store waits for it.
 *
 * <p>A namespace's store holds Lance's caches of its tables (tens to hundreds of MB once searched),
 * so the stores of other namespaces are closed when no call has used them for {@link
 * NamespaceLimits#idle()}, and the least recently used one is closed when more than {@link
 * NamespaceLimits#maxOpen()} are open. A store in use by a call is never closed under it: calls
 * borrow their store ({@link StoreAccess}) and give it back. Closing commits what the store holds
 * back and runs on a thread of its own; a call to a namespace being closed waits for that, then
 * opens it again.
 */
final class Stores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Stores.class);
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /**
   * Made-up searches run in idle time once the indexes are loaded ({@link SearchWarmUp}); {@code
   * -Djive.mcp.warm_up_searches=0} turns them off.
   */
  static final int WARM_UP_SEARCHES =
      Math.max(0, Integer.getInteger("jive.mcp.warm_up_searches", 400));

  /** How the log line that ends the warm-up starts (the benchmark waits for it). */
  static final String WARMED_UP = "search path warmed up";

  private static final long WARM_UP_STOP_MILLIS = 5_000;

  private final String location;
  private final int warmUpSearches;
  private volatile Thread warmUpThread;

  /** The warm-up searches run, once they ended of themselves; -1 before, or when they failed. */
  private volatile int searchesWarmedUp = -1;

  private final CompletableFuture<LanceDBManager> main = new CompletableFuture<>();
  private final NamespaceLimits limits;
  private final Clock clock;
  private final ScheduledExecutorService closer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jive-namespace-closer");
            t.setDaemon(true);
            return t;
          });

  /** Guarded by this. */
  private final Map<String, Open> others = new HashMap<>();

  /** Namespaces whose store is being closed, until it is; guarded by this. */
  private final Map<String, CompletableFuture<Void>> closing = new HashMap<>();

  private boolean closed;

  /** An open namespace store and who uses it; guarded by the enclosing {@link Stores}. */
  private static final class Open {
    final String namespace;
    final LanceDBManager store;
    int users;
    long lastUsedMillis;

    Open(String namespace, LanceDBManager store) {
      this.namespace = namespace;
      this.store = store;
    }
  }

  /**
   * @param modelChosen whether the model was set explicitly; if not, the one the tables record
   *     (after {@code jive-migrate reembed}) is used
   */
  Stores(DatabaseConfig config, boolean modelChosen, NamespaceLimits limits) {
    this.location = LanceDBManager.locationOf(config);
    this.limits = limits;
    this.clock = Clock.systemUTC();
    this.warmUpSearches = WARM_UP_SEARCHES;
    background(
        () -> {
          LanceDBManager store;
          try {
            store = LanceDBManager.open(LanceDBManager.adoptRecordedModel(config, modelChosen));
          } catch (RuntimeException e) {
            LOG.error("the store could not be opened; tools will report why", e);
            main.completeExceptionally(e);
            return;
          }
          main.complete(store);
          warmUp(store);
        });
    scheduleSweeps();
  }

  /**
   * Serves an open store (tests pass one with their own embedder, limits and clock).
   *
   * @param warmUpSearches made-up searches to run once the indexes are loaded
   */
  Stores(LanceDBManager ready, NamespaceLimits limits, Clock clock, int warmUpSearches) {
    this.location = ready.location();
    this.limits = limits;
    this.clock = clock;
    this.warmUpSearches = warmUpSearches;
    main.complete(ready);
    background(() -> warmUp(ready));
    scheduleSweeps();
  }

  Stores(LanceDBManager ready, NamespaceLimits limits, Clock clock) {
    this(ready, limits, clock, 0);
  }

  Stores(LanceDBManager ready) {
    this(ready, NamespaceLimits.DEFAULT, Clock.systemUTC());
  }

  private void scheduleSweeps() {
    long every = Math.max(1_000, Math.min(60_000, limits.idle().toMillis() / 4));
    closer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  private void background(Runnable work) {
    Thread t = new Thread(work, "jive-warm-up");
    t.setDaemon(true);
    warmUpThread = t;
    t.start();
  }

  private void warmUp(LanceDBManager store) {
    try {
      long t0 = System.nanoTime();
      store.warmUpEmbeddingModel();
      store.ensureTablesExist();
      LOG.info(
          "embedding model {} ready in {} ms; tables under {}",
          store.embedder().modelName(),
          (System.nanoTime() - t0) / 1_000_000,
          store.location());
      t0 = System.nanoTime();
      store.warmUpIndexes();
      LOG.info("search indexes loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
      // Logged even when turned off (0 searches): it is the line that says start-up work is over.
      t0 = System.nanoTime();
      int searches = SearchWarmUp.run(store, warmUpSearches, this::shuttingDown);
      searchesWarmedUp = searches;
      LOG.info(
          WARMED_UP + " with {} searches in {} ms", searches, (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (shuttingDown()) {
        // The server stopped before the warm-up finished: the store was closed under it.
        LOG.debug("warm-up stopped by shutdown: {}", e.getMessage());
      } else {
        LOG.error("warm-up failed; tools will report the cause when called", e);
      }
    }
  }

  /** The warm-up sees the shutdown before its next search; a search's end is waited for. */
  private void awaitWarmUp() {
    Thread t = warmUpThread;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(WARM_UP_STOP_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int searchesWarmedUp() {
    return searchesWarmedUp;
  }

  /** Whether the background warm-up (model, indexes, searches) is still running. */
  boolean warmingUp() {
    Thread t = warmUpThread;
    return t != null && t.isAlive();
  }

  private synchronized boolean shuttingDown() {
    return closed;
  }

  /** Where the configured namespace's tables live, known without opening anything. */
  String location() {
    return location;
  }

  /** The store of the configured namespace, once open (waits for it). */
  LanceDBManager main() {
    try {
      return main.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The model's name if the store is open, else null (health must not wait). */
  String modelIfOpen() {
    return main.isDone() && !main.isCompletedExceptionally()
        ? main.join().embedder().modelName()
        : null;
  }

  /** How calls to a namespace's endpoint get its store (null: the configured namespace). */
  StoreAccess access(String ns) {
    if (ns == null) {
      return StoreAccess.of(this::main);
    }
    if (!NAMESPACE.matcher(ns).matches()) {
      throw new InvalidInputException(
          "namespace", "'" + ns + "' is not a namespace name (letters, digits, _ and -, up to 64)");
    }
    return () -> borrow(ns);
  }

  /** The namespaces whose store is open now, by name. */
  synchronized List<String> openNamespaces() {
    return List.copyOf(new TreeSet<>(others.keySet()));
  }

  private StoreAccess.Lease borrow(String ns) {
    LanceDBManager mainStore = main();
    while (true) {
      CompletableFuture<Void> beingClosed;
      Open open;
      List<Open> evicted;
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("the server is shutting down");
        }
        open = others.get(ns);
        beingClosed = open == null ? closing.get(ns) : null;
        if (beingClosed == null) {
          if (open == null) {
            open = new Open(ns, mainStore.forNamespace(ns));
            others.put(ns, open);
            LOG.info("opened the store of namespace {}", ns);
          }
          open.users++;
          open.lastUsedMillis = clock.millis();
        }
        evicted = beingClosed == null ? overCap() : List.of();
      }
      if (beingClosed != null) {
        // Its rows held back for a group commit are committed by the close: wait for them.
        beingClosed.join();
        continue;
      }
      closeInBackground(evicted, overCapReason());
      Open borrowed = open;
      return new StoreAccess.Lease(borrowed.store, () -> giveBack(borrowed));
    }
  }

  private void giveBack(Open open) {
    List<Open> evicted;
    synchronized (this) {
      open.users--;
      open.lastUsedMillis = clock.millis();
      evicted = overCap();
    }
    closeInBackground(evicted, overCapReason());
  }

  /** The least recently used unused stores beyond the cap, taken out of the open ones. */
  private List<Open> overCap() {
    List<Open> out = new ArrayList<>();
    if (others.size() <= limits.maxOpen()) {
      return out;
    }
    List<Open> idle = new ArrayList<>();
    for (Open o : others.values()) {
      if (o.users == 0) {
        idle.add(o);
      }
    }
    idle.sort(Comparator.comparingLong(o -> o.lastUsedMillis));
    for (Open o : idle) {
      if (others.size() - out.size() <= limits.maxOpen()) {
        break;
      }
      out.add(o);
    }
    out.forEach(this::retire);
    return out;
  }

  private String overCapReason() {
    return "more than " + limits.maxOpen() + " namespaces open";
  }

  /** Closes the stores no call has used for the idle time; run every so often. */
  void sweep() {
    List<Open> idle = new ArrayList<>();
    synchronized (this) {
      long now = clock.millis();
      for (Open o : others.values()) {
        if (o.users == 0 && now - o.lastUsedMillis >= limits.idle().toMillis()) {
          idle.add(o);
        }
      }
      idle.forEach(this::retire);
    }
    long seconds = limits.idle().toSeconds();
    closeInBackground(
        idle, "unused for " + (seconds >= 60 ? seconds / 60 + " min" : seconds + " s"));
  }

  /** Takes a store out of the open ones; a later borrow of its namespace waits for its close. */
  private void retire(Open o) {
    others.remove(o.namespace);
    closing.put(o.namespace, new CompletableFuture<>());
  }

  private void closeInBackground(List<Open> stores, String why) {
    for (Open o : stores) {
      try {
        closer.execute(() -> closeRetired(o, why));
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        // A call gave its store back after close() stopped the closer: close it here.
        closeRetired(o, why);
      }
    }
  }

  private void closeRetired(Open o, String why) {
    try {
      o.store.close();
      LOG.info("closed the store of namespace {} ({})", o.namespace, why);
    } catch (RuntimeException e) {
      LOG.warn("closing the store of namespace {} failed", o.namespace, e);
    } finally {
      CompletableFuture<Void> done;
      synchronized (this) {
        done = closing.remove(o.namespace);
      }
      if (done != null) {
        done.complete(null);
      }
    }
  }

  @Override
  public void close() {
    List<Open> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(others.values());
      others.clear();
    }
    closer.shutdown();
    try {
      closer.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitWarmUp();
    open.forEach(o -> o.store.close());
    if (!main.isCompletedExceptionally()) {
      main.join().close();
    }
  }

  /**
   * When the stores of other namespaces are closed.
   *
   * @param maxOpen how many may be open at once (more are while calls use them)
   * @param idle how long an unused one stays open
   */
  record NamespaceLimits(int maxOpen, Duration idle) {
    static final NamespaceLimits DEFAULT = new NamespaceLimits(16, Duration.ofMinutes(10));

    NamespaceLimits {
      if (maxOpen < 1) {
        throw new InvalidInputException(
            "max-open-namespaces", "must be at least 1, got " + maxOpen);
      }
      if (idle.isNegative() || idle.isZero()) {
        throw new InvalidInputException(
            "namespace-idle-minutes", "must be at least 1, got " + idle.toMinutes());
      }
    }
  }
}
