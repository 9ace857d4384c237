package dev.jive.lancedb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits single creates together. A Lance append costs about 5 ms whatever its size, more than
 * embedding the item; so a create's row goes to an {@link AppendJournal} on disk and into memory,
 * the create returns, and the rows are appended in one commit {@link #DELAY_MS} later, or at once
 * when {@link #MAX_ROWS} are waiting.
 *
 * <p>Nobody in this process sees the table without them: every read or write of the table ({@link
 * LanceTable}) commits the waiting rows of every store on the same table first, so a create is
 * visible to the next call in this process. Another process sees it once it is committed (within
 * {@link #DELAY_MS}); a process killed before that loses nothing, since the next store to open the
 * data path commits what the journal holds.
 *
 * <p>Rows are added and committed under the store's write lock.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** How long a row may wait for company; {@code -Djive.group_commit.delay_ms=0} turns it off. */
  static final long DELAY_MS = Long.getLong("jive.group_commit.delay_ms", 100);

  static final int MAX_ROWS = 256;

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jive-group-commit"));

  /** Every open group commit, by table URI: a read through any handle commits them all. */
  private static final Map<String, Set<GroupCommit>> LIVE = new ConcurrentHashMap<>();

  private static final ThreadLocal<Boolean> COMMITTING = ThreadLocal.withInitial(() -> false);

  /** Told, under the write lock, which version this store's commit of its own rows made. */
  @FunctionalInterface
  interface Listener {
    void committed(long before, long after);
  }

  private final LanceTable table;
  private final WriteLock writeLock;
  private final Path root;
  private final BufferAllocator allocator;
  private final Listener listener;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private Schema schema;
  private AppendJournal journal;
  private ScheduledFuture<?> timer;
  private volatile int waiting;
  private boolean closed;

  GroupCommit(
      LanceTable table, WriteLock writeLock, Path root, BufferAllocator allocator, Listener l) {
    this.table = table;
    this.writeLock = writeLock;
    this.root = root;
    this.allocator = allocator;
    this.listener = l;
    LIVE.computeIfAbsent(table.key(), k -> ConcurrentHashMap.newKeySet()).add(this);
  }

  static boolean enabled() {
    return DELAY_MS > 0;
  }

  /**
   * Accepts a row: journaled now, committed soon. The caller holds the write lock and has checked
   * the row against the table (including this store's waiting rows).
   */
  void add(Schema rowSchema, Map<String, Object> row) {
    if (closed) {
      throw new IllegalStateException("group commit for " + table.name() + " is closed");
    }
    if (schema != null && !schema.equals(rowSchema)) {
      commitLocked();
    }
    if (journal == null) {
      journal = AppendJournal.create(root, table.name());
    }
    journal.append(rowSchema, row, allocator);
    schema = rowSchema;
    rows.add(row);
    waiting = rows.size();
    if (rows.size() >= MAX_ROWS) {
      commitLocked();
    } else if (timer == null) {
      timer = TIMER.schedule(this::commitInBackground, DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Commits the waiting rows of every store on {@code uri} in this process. */
  static void commitAll(String uri) {
    if (!COMMITTING.get()) {
      commitAllExcept(uri, null);
    }
  }

  /**
   * Commits the waiting rows of every store on the table {@code key} but {@code self} (which may be
   * null): a store's create cache knows its own waiting rows, not theirs.
   */
  static void commitAllExcept(String key, GroupCommit self) {
    for (GroupCommit g : LIVE.getOrDefault(key, Set.of())) {
      if (g != self) {
        g.commit();
      }
    }
  }

  void commit() {
    if (waiting > 0) {
      writeLock.run(this::commitLocked);
    }
  }

  private void commitInBackground() {
    try {
      commit();
    } catch (RuntimeException e) {
      // The rows stay journaled and waiting; the next read or create tries again.
      LOG.warn(
          "Committing {} waiting rows of {} failed: {}", waiting, table.name(), e.getMessage());
    }
  }

  private void commitLocked() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (rows.isEmpty()) {
      return;
    }
    COMMITTING.set(true);
    try {
      long before = table.committedVersion();
      try (VectorSchemaRoot batch = ArrowRows.toRoot(schema, rows, allocator)) {
        table.append(schema, batch);
      }
      long after = table.committedVersion();
      int n = rows.size();
      rows.clear();
      waiting = 0;
      journal.clear();
      listener.committed(before, after);
      LOG.debug("Committed {} rows to {} as version {}", n, table.name(), after);
    } finally {
      COMMITTING.set(false);
    }
  }

  /**
   * Commits what is waiting and deletes the journal. When the commit fails, the journal stays for
   * the next store on this data path to recover, and the failure is thrown.
   */
  @Override
  public void close() {
    writeLock.run(
        () -> {
          if (closed) {
            return;
          }
          closed = true;
          LIVE.computeIfPresent(
              table.key(),
              (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
              });
          try {
            commitLocked();
            if (journal != null) {
              journal.delete();
            }
          } catch (RuntimeException e) {
            if (journal != null) {
              journal.close();
            }
            throw e;
          }
        });
  }
}
