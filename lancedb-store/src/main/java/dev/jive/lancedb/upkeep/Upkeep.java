package dev.jive.lancedb.upkeep;

import dev.jive.core.StorageException;
import dev.jive.lancedb.table.DaemonThreads;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@link Maintenance} runs: after writes (on one background thread, one queued pass per table,
 * or in the caller's thread when background upkeep is off), held back during a bulk load, and never
 * two passes at once. The store's writers call {@link #afterWrite} and go on.
 */
public final class Upkeep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);

  private final Tables tables;
  private final StoreOptions options;
  private final Maintenance maintenance;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("jive-maintenance"));
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
  private final AtomicInteger bulkLoads = new AtomicInteger();
  private final ReentrantLock running = new ReentrantLock();

  public Upkeep(Tables tables, StoreOptions options) {
    this.tables = tables;
    this.options = options;
    this.maintenance = new Maintenance(options);
  }

  /** What this store's upkeep is set to do. */
  public StoreOptions options() {
    return options;
  }

  /** Schedules the upkeep a write to {@code table} may have made due. */
  public void afterWrite(String table) {
    if (bulkLoads.get() > 0) {
      heldBack.add(table);
      return;
    }
    if (!options.backgroundMaintenance()) {
      run(table, false);
      return;
    }
    if (queued.add(table)) {
      executor.submit(
          () -> {
            queued.remove(table);
            try {
              run(table, false);
            } catch (RuntimeException e) {
              LOG.warn("Maintenance of {} failed: {}", table, LanceTable.message(e));
            }
          });
    }
  }

  /** Builds due indexes, compacts and cleans up every table now, in the caller's thread. */
  public void optimizeAll() {
    for (String name : tables.list()) {
      run(name, true);
    }
  }

  /**
   * Drops and rebuilds a table's indexes (after a restore or a re-embed, whose index metadata may
   * be stale). The caller holds the write lock and {@link #exclusively}.
   */
  public void rebuildIndexes(LanceTable t, boolean hasVector) {
    maintenance.rebuildIndexes(t, Tables.textColumns(t), hasVector, tables.writeLock());
  }

  /**
   * Runs {@code body} as the only upkeep of this store: two runs at once would build the same index
   * twice and lose to each other's commits. Taken before the write lock, never under it.
   */
  public <R> R exclusively(Supplier<R> body) {
    running.lock();
    try {
      return body.get();
    } finally {
      running.unlock();
    }
  }

  /**
   * Holds upkeep back while a bulk load writes batch after batch: otherwise each batch waits on the
   * index folds and compactions the previous ones started. Closing the last hold runs what was held
   * back once, in the caller's thread. Reads stay correct meanwhile (rows not yet indexed are
   * searched exactly).
   */
  public Runnable holdBack() {
    bulkLoads.incrementAndGet();
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false) && bulkLoads.decrementAndGet() == 0 && !tables.isClosed()) {
        await();
        for (String table : List.copyOf(heldBack)) {
          heldBack.remove(table);
          run(table, false);
        }
      }
    };
  }

  /** Waits for the upkeep queued so far. */
  public void await() {
    try {
      executor.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for maintenance", e);
    } catch (Exception e) {
      throw new StorageException("maintenance failed: " + e.getMessage(), e);
    }
  }

  private void run(String table, boolean forceCleanup) {
    if (tables.isClosed()) {
      return;
    }
    LanceTable t = tables.table(table);
    exclusively(
        () -> {
          maintenance.afterWrites(
              t,
              Tables.textColumns(t),
              Tables.hasVectorColumn(t),
              forceCleanup,
              tables.writeLock());
          return null;
        });
  }

  /** Lets the queued pass finish (up to a minute) and stops the thread. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
