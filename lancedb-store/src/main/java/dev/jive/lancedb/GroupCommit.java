package dev.jive.lancedb;

import dev.jive.core.embedding.Embedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * validating an item; so a create's row goes to an {@link AppendJournal} on disk and into memory,
 * the create returns, and the rows are appended in one commit {@link #DELAY_MS} later, or at once
 * when {@link #MAX_ROWS} are waiting.
 *
 * <p>A row may arrive without its vector, with the text to embed instead: the background commit
 * embeds the waiting texts in one batch outside the write lock (a batch of short texts embeds at
 * two to three times the rate of the same texts one at a time, and creates go on meanwhile), then
 * commits the rows whose vectors are ready; rows that arrived during the embedding wait for the
 * next round. A row is never committed without its vector: a commit forced by a read embeds what is
 * still missing first.
 *
 * <p>Nobody in this process sees the table without them: every read or write of the table ({@link
 * LanceTable}) commits the waiting rows of every store on the same table first, so a create is
 * visible to the next call in this process. Another process sees it once it is committed (within
 * {@link #DELAY_MS} plus the embedding); a process killed before that loses nothing, since the next
 * store to open the data path commits what the journal holds, embedding the rows that lack a
 * vector.
 *
 * <p>Rows are added and committed under the store's write lock.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** How long a row may wait for company; {@code -Djive.group_commit.delay_ms=0} turns it off. */
  static final long DELAY_MS = Long.getLong("jive.group_commit.delay_ms", 100);

  static final int MAX_ROWS = 256;

  /** Waiting texts worth embedding at once rather than after {@link #DELAY_MS}. */
  static final int BATCH = 32;

  /**
   * Texts waiting to be embedded past which a create waits for the round in flight: a caller
   * creating faster than batches embed is slowed a round at a time, instead of reaching {@link
   * #MAX_ROWS} and embedding them all itself under the write lock.
   */
  static final int BACKLOG = 2 * BATCH;

  /** The column a row embedded here gets its vector in. */
  static final String VECTOR = "vector";

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
  private final Embedder embedder;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  /** Waiting rows without a vector that no round is embedding, with the text to embed for each. */
  private final Map<Map<String, Object>, String> unembedded = new IdentityHashMap<>();

  /** The background round embedding now, if any; set under the write lock. */
  private volatile Round inFlight;

  /** Waiting rows without a vector, in {@link #unembedded} or the round in flight. */
  private volatile int backlog;

  private Schema schema;
  private AppendJournal journal;
  private ScheduledFuture<?> timer;
  private volatile int waiting;
  private boolean closed;

  GroupCommit(
      LanceTable table,
      WriteLock writeLock,
      Path root,
      BufferAllocator allocator,
      Embedder embedder,
      Listener l) {
    this.table = table;
    this.writeLock = writeLock;
    this.root = root;
    this.allocator = allocator;
    this.embedder = embedder;
    this.listener = l;
    LIVE.computeIfAbsent(table.key(), k -> ConcurrentHashMap.newKeySet()).add(this);
  }

  static boolean enabled() {
    return DELAY_MS > 0;
  }

  /**
   * Accepts a row: journaled now, committed soon. The caller holds the write lock and has checked
   * the row against the table (including this store's waiting rows). A non-null {@code textToEmbed}
   * means the row's {@link #VECTOR} is still to be computed from that text.
   */
  void add(Schema rowSchema, Map<String, Object> row, String textToEmbed) {
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
    if (textToEmbed != null) {
      unembedded.put(row, textToEmbed);
      noteBacklog();
    }
    waiting = rows.size();
    if (rows.size() >= MAX_ROWS) {
      commitLocked();
    } else if (timer == null) {
      schedule(DELAY_MS);
    }
  }

  /**
   * Called before a create whose text this group commit will embed, without the write lock: past
   * {@link #BACKLOG} texts waiting, waits for the round in flight to finish embedding.
   */
  void awaitRoom() {
    Round round = inFlight;
    if (round != null && backlog >= BACKLOG) {
      round.await();
    }
  }

  private void noteBacklog() {
    Round round = inFlight;
    backlog = unembedded.size() + (round == null ? 0 : round.rows.size());
  }

  private void schedule(long delayMs) {
    if (timer != null) {
      timer.cancel(false);
    }
    timer = TIMER.schedule(this::commitInBackground, delayMs, TimeUnit.MILLISECONDS);
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

  /**
   * The timer's round: takes the texts waiting now (up to {@link #BACKLOG}), embeds them without
   * holding the write lock (creates go on meanwhile), then commits the rows whose vectors are
   * ready. Rows that came in during the embedding wait for the next round.
   */
  private void commitInBackground() {
    try {
      Round round =
          writeLock.with(
              () -> {
                timer = null;
                if (closed || unembedded.isEmpty() || inFlight != null) {
                  return null;
                }
                // At most a backlog's worth, so a caller waiting for the round waits for that.
                List<Map<String, Object>> take =
                    unembedded.keySet().stream().limit(BACKLOG).toList();
                inFlight = new Round(take, unembedded);
                take.forEach(unembedded::remove);
                return inFlight;
              });
      if (round != null) {
        round.run(embedder);
      }
      writeLock.run(
          () -> {
            settle();
            if (!closed) {
              commitRows(true);
            }
          });
    } catch (RuntimeException e) {
      // The rows stay journaled and waiting; the next round, read or create tries again.
      LOG.warn(
          "Committing {} waiting rows of {} failed: {}", waiting, table.name(), e.getMessage());
      writeLock.run(
          () -> {
            settle();
            if (!closed && timer == null && !rows.isEmpty()) {
              schedule(DELAY_MS);
            }
          });
    }
  }

  /**
   * Puts the vectors of a finished round into its rows (waiting for a round still embedding); a
   * failed round's rows go back to the unembedded ones. The caller holds the write lock.
   */
  private void settle() {
    Round round = inFlight;
    if (round == null) {
      return;
    }
    List<float[]> vectors = round.await();
    inFlight = null;
    for (int i = 0; i < round.rows.size(); i++) {
      if (vectors == null) {
        unembedded.put(round.rows.get(i), round.texts.get(i));
      } else {
        round.rows.get(i).put(VECTOR, vectors.get(i));
      }
    }
    noteBacklog();
  }

  /** Commits every waiting row, embedding first the texts still without a vector. */
  private void commitLocked() {
    settle();
    if (!unembedded.isEmpty()) {
      Round now = new Round(new ArrayList<>(unembedded.keySet()), unembedded);
      unembedded.clear();
      inFlight = now;
      try {
        now.run(embedder);
      } finally {
        settle(); // on failure the rows wait again, still journaled
      }
    }
    commitRows(false);
  }

  /** Texts taken from the waiting rows to embed in one batch, and the vectors once embedded. */
  private static final class Round {
    final List<Map<String, Object>> rows;
    final List<String> texts;
    private final CompletableFuture<List<float[]>> vectors = new CompletableFuture<>();

    Round(List<Map<String, Object>> rows, Map<Map<String, Object>, String> textOf) {
      this.rows = rows;
      this.texts = rows.stream().map(textOf::get).toList();
    }

    void run(Embedder embedder) {
      try {
        vectors.complete(embedder.embedAll(texts));
      } catch (RuntimeException e) {
        vectors.complete(null);
        throw e;
      }
    }

    /** The vectors, or null when embedding failed. */
    List<float[]> await() {
      return vectors.join();
    }
  }

  /**
   * Appends the waiting rows that have their vectors ({@code readyOnly}) or all of them (the caller
   * has embedded them), in one commit. Rows left waiting move to a new journal before the old one
   * is deleted, so a kill at any point leaves each row in the table or in a journal (or both:
   * recovery skips rows the table has).
   */
  private void commitRows(boolean readyOnly) {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    List<Map<String, Object>> ready =
        readyOnly ? rows.stream().filter(r -> r.get(VECTOR) != null).toList() : rows;
    if (ready.isEmpty()) {
      if (!rows.isEmpty()) {
        schedule(DELAY_MS);
      }
      return;
    }
    COMMITTING.set(true);
    try {
      long before = table.committedVersion();
      try (VectorSchemaRoot batch = ArrowRows.toRoot(schema, ready, allocator)) {
        table.append(schema, batch);
      }
      long after = table.committedVersion();
      int n = ready.size();
      List<Map<String, Object>> left =
          ready == rows ? List.of() : rows.stream().filter(r -> r.get(VECTOR) == null).toList();
      rows.clear();
      rows.addAll(left);
      waiting = rows.size();
      if (left.isEmpty()) {
        journal.clear();
      } else {
        AppendJournal next = AppendJournal.create(root, table.name());
        for (Map<String, Object> row : left) {
          next.append(schema, row, allocator);
        }
        journal.delete();
        journal = next;
      }
      listener.committed(before, after);
      LOG.debug("Committed {} rows to {} as version {}", n, table.name(), after);
      if (!rows.isEmpty()) {
        // A backlog worth a batch is embedded at once; a few rows wait for company.
        schedule(unembedded.size() >= BATCH ? 0 : DELAY_MS);
      }
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
