package dev.jive.lancedb.upkeep;

import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.WriteLock;
import java.util.ArrayList;
import java.util.List;
import org.lance.Dataset;
import org.lance.cleanup.CleanupPolicy;
import org.lance.compaction.Compaction;
import org.lance.compaction.CompactionOptions;
import org.lance.compaction.CompactionTask;
import org.lance.compaction.RewriteResult;
import org.lance.index.DistanceType;
import org.lance.index.Index;
import org.lance.index.IndexDescription;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.OptimizeOptions;
import org.lance.index.scalar.ScalarIndexParams;
import org.lance.index.vector.HnswBuildParams;
import org.lance.index.vector.IvfBuildParams;
import org.lance.index.vector.SQBuildParams;
import org.lance.index.vector.VectorIndexParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a table fast: full-text indexes on its text columns, an IVF_HNSW_SQ vector index once it
 * passes a row threshold, new rows folded into the indexes, small fragments compacted, and old
 * versions cleaned up after the retention period.
 *
 * <p>Upkeep runs on a dataset handle of its own and without the write lock, so writers and readers
 * go on meanwhile: index builds and folds commit like any writer (a store write that conflicts with
 * one is planned again on fresh state). Compaction rewrites its fragments outside the lock and
 * commits under it; when a write touched those fragments meanwhile, it is redone under the lock,
 * which stalls writers once instead of losing the compaction.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  public static final String VECTOR_INDEX = "vector_idx";
  // The documented base settings for English text (the builder in 7.0.0 is broken: stack.md).
  private static final String FTS_PARAMS =
      "{\"base_tokenizer\":\"simple\",\"language\":\"English\",\"with_position\":false,"
          + "\"stem\":true,\"remove_stop_words\":true,\"lower_case\":true}";

  /**
   * Rows a full-text index may miss before it is rebuilt, as a share of the table: missed rows are
   * found by a flat scan, which made hybrid search 3.7x slower after 10,000 updates at 100,000 rows
   * with a tenth missed; rebuilding all six indexes there takes about half a second.
   */
  static final double FTS_REBUILD_SHARE = 0.02;

  static final long FTS_MIN_ROWS = 500;

  /**
   * New rows are folded into the vector index in batches, not after every write: each fold is a
   * commit that costs more than a single create, and rows outside the index are still searched
   * (exactly, by a flat scan) until the next fold.
   */
  static final double VECTOR_FOLD_SHARE = 0.02;

  static final long VECTOR_MIN_ROWS = 256;

  static final int MAX_VECTOR_SEGMENTS = 4;

  /**
   * Compaction merges fragments up to this many rows and leaves bigger ones alone, so folding the
   * one-row fragments of single creates rewrites a few thousand rows, not the whole table.
   */
  static final long COMPACTION_TARGET_ROWS = 1024;

  /**
   * A fragment below half the compaction target is worth merging. Lance's planner would also pair
   * two fragments of 1,000 rows (each under the 1,024 target) into 1,024 + 976: the same number of
   * fragments, with every index over them remapped. That remap costs what the indexes hold, not
   * what was rewritten (10.5 s under the write lock for 2,000 rows of a 50,000-row table), and a
   * migration's 1,000-row batches met it on every pass.
   */
  static final long SMALL_FRAGMENT_ROWS = COMPACTION_TARGET_ROWS / 2;

  /** Fragments compaction would merge. */
  static long smallFragments(Dataset ds) {
    return ds.getFragments().stream()
        .filter(f -> f.metadata().getPhysicalRows() < SMALL_FRAGMENT_ROWS)
        .count();
  }

  static final String TRAINED_ROWS = "jive.vector_index.trained_rows";

  static final long CLEANUP_INTERVAL_NANOS = 5L * 60 * 1_000_000_000;

  private final StoreOptions options;

  /**
   * A version beyond the newest {@code keepVersions} is still kept this long, so a read pinned at
   * it (a listing, a search, another process's snapshot) does not lose its files under it.
   */
  static final long PINNED_READ_GRACE_MILLIS = 10_000;

  private final java.util.Map<String, Long> lastCleanup =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<String, Long> lastCountCleanup =
      new java.util.concurrent.ConcurrentHashMap<>();

  Maintenance(StoreOptions options) {
    this.options = options;
  }

  static String ftsIndexName(String column) {
    return column + "_fts";
  }

  /** Text columns that have a full-text index. */
  public static List<String> indexedTextColumns(LanceTable table, List<String> textColumns) {
    List<String> names = table.latest().listIndexes();
    List<String> out = new ArrayList<>();
    for (String c : textColumns) {
      if (names.contains(ftsIndexName(c))) {
        out.add(c);
      }
    }
    return out;
  }

  public static boolean hasVectorIndex(LanceTable table) {
    return table.exists() && table.latest().listIndexes().contains(VECTOR_INDEX);
  }

  /** Everything a table needs after writes; cheap when nothing is due. */
  void afterWrites(LanceTable table, List<String> textColumns, boolean hasVector, WriteLock lock) {
    afterWrites(table, textColumns, hasVector, false, lock);
  }

  /**
   * As {@link #afterWrites(LanceTable, List, boolean, WriteLock)}; {@code forceCleanup} removes
   * expired versions now instead of at most every {@link #CLEANUP_INTERVAL_NANOS} (listing a
   * table's files costs more than a small write, so it is not done after each one).
   */
  void afterWrites(
      LanceTable table,
      List<String> textColumns,
      boolean hasVector,
      boolean forceCleanup,
      WriteLock lock) {
    if (!table.exists()) {
      return;
    }
    try (Dataset ds = table.openHandle()) {
      afterWrites(table, ds, textColumns, hasVector, forceCleanup, lock);
    }
  }

  private void afterWrites(
      LanceTable table,
      Dataset ds,
      List<String> textColumns,
      boolean hasVector,
      boolean forceCleanup,
      WriteLock lock) {
    long rows = ds.countRows();
    if (rows == 0) {
      return;
    }
    // Compaction first: an index then built covers the merged fragments and needs no remap.
    compactIfDue(table, ds, lock);
    List<String> indexes = ds.listIndexes();
    boolean built = false;
    if (options.enableFts()) {
      for (String column : textColumns) {
        if (!indexes.contains(ftsIndexName(column))) {
          createFts(ds, column);
          built = true;
        }
      }
    }
    if (hasVector && rows >= options.vectorIndexThreshold() && !indexes.contains(VECTOR_INDEX)) {
      createVectorIndex(ds, rows);
      built = true;
    }
    // Not skipped after a compaction: under steady writes one is due on almost every pass, and
    // skipping the fold then left 10,000 updated rows to a single 8-minute vector fold after a
    // soak.
    if (!built) {
      refreshIndexes(ds, rows, forceCleanup);
    }
    long now = System.nanoTime();
    Long last = lastCleanup.get(table.uri());
    if (forceCleanup || last == null || now - last > CLEANUP_INTERVAL_NANOS) {
      cleanup(ds);
      lastCleanup.put(table.uri(), now);
    }
    long version = ds.version();
    long cleaned = lastCountCleanup.getOrDefault(table.uri(), 0L);
    if (version > options.keepVersions() && version - cleaned >= options.keepVersions()) {
      cleanupBeyondNewest(ds, version);
      lastCountCleanup.put(table.uri(), version);
    }
  }

  /**
   * Folds new rows into the indexes. The vector index is optimised in place once the rows it misses
   * pass {@link #VECTOR_FOLD_SHARE} of the table (every row on an explicit optimize), and retrained
   * once the table has doubled since it was trained (its partitions were sized for fewer rows).
   * Full-text indexes are rebuilt instead, once the rows they miss pass {@link #FTS_REBUILD_SHARE}
   * of the table: Lance 7.0.0's incremental inverted-index update aborts the JVM with a native
   * panic after merge-insert updates (reproduced here, see docs/search.md). Until a rebuild, rows
   * an index misses are still found, by a flat scan. The rows an index misses are the live rows of
   * the fragments it does not cover: an update moves its row to a new fragment, so updates count
   * too.
   */
  private void refreshIndexes(Dataset ds, long rows, boolean complete) {
    for (IndexDescription d : ds.describeIndices()) {
      long missing = unindexedRows(ds, d, rows);
      if (d.getName().equals(VECTOR_INDEX)) {
        long trained = Long.parseLong(ds.getConfig().getOrDefault(TRAINED_ROWS, "0"));
        if (trained > 0 && rows >= 2 * trained) {
          createVectorIndex(ds, rows);
        } else if (complete
            ? missing > 0
            : missing > Math.max(VECTOR_MIN_ROWS, rows * VECTOR_FOLD_SHARE)) {
          // New rows go into a small delta segment (cheap); once there are MAX_VECTOR_SEGMENTS,
          // all segments are merged into one, since each is one more index a query searches.
          long segments = ds.listIndexes().stream().filter(VECTOR_INDEX::equals).count();
          OptimizeOptions.Builder b = OptimizeOptions.builder().indexNames(List.of(VECTOR_INDEX));
          if (segments >= MAX_VECTOR_SEGMENTS) {
            b.numIndicesToMerge((int) segments);
          }
          long start = System.nanoTime();
          ds.optimizeIndices(b.build());
          LOG.debug(
              "Folded {} rows into the vector index ({} segments{}) in {} ms",
              missing,
              segments,
              segments >= MAX_VECTOR_SEGMENTS ? ", merged" : "",
              (System.nanoTime() - start) / 1_000_000);
        }
      } else if (d.getName().endsWith("_fts")) {
        // An explicit optimize folds in every row; after ordinary writes, a share is tolerated.
        boolean manyMissing =
            complete ? missing > 0 : missing > Math.max(FTS_MIN_ROWS, rows * FTS_REBUILD_SHARE);
        if (manyMissing) {
          createFts(ds, d.getName().substring(0, d.getName().length() - "_fts".length()));
        }
      }
    }
  }

  /**
   * Live rows in fragments no segment of the index covers; when Lance does not say which fragments
   * a segment covers, the table's rows less the rows indexed.
   */
  public static long unindexedRows(Dataset ds, IndexDescription d, long rows) {
    java.util.Set<Integer> covered = new java.util.HashSet<>();
    for (Index segment : d.getMetadata()) {
      if (segment.fragments().isEmpty()) {
        return rows - d.getRowsIndexed();
      }
      covered.addAll(segment.fragments().get());
    }
    long missing = 0;
    for (org.lance.Fragment f : ds.getFragments()) {
      if (!covered.contains(f.getId())) {
        org.lance.FragmentMetadata m = f.metadata();
        missing += m.getPhysicalRows() - m.getNumDeletions();
      }
    }
    return missing;
  }

  /**
   * Drops and recreates every index (after a restore, whose index metadata may be stale). The
   * caller holds the write lock.
   */
  void rebuildIndexes(
      LanceTable table, List<String> textColumns, boolean hasVector, WriteLock lock) {
    if (!table.exists()) {
      return;
    }
    try (Dataset ds = table.openHandle()) {
      for (String name : ds.listIndexes()) {
        ds.dropIndex(name);
      }
      afterWrites(table, ds, textColumns, hasVector, true, lock);
    }
  }

  /**
   * Share of a table's rows deleted (updates delete the rows they rewrite) that is rewritten away.
   */
  static final double DELETED_SHARE = 0.1;

  /**
   * Rows one compaction round rewrites at most: its commit remaps every index entry of those rows
   * under the write lock, so a round that took the whole table held writers back for seconds at
   * 100,000 rows. What is left over is done by the next rounds.
   */
  static final long MAX_REWRITE_ROWS = 8192;

  /**
   * Runs the compaction that is due, if any: rewriting fragments without their deleted rows once a
   * tenth of the table's rows are deleted (judged table-wide, so a few hot fragments do not make
   * every upkeep rewrite), else merging small fragments once there are more than the threshold;
   * either way at most {@link #MAX_REWRITE_ROWS} rows per round.
   */
  private void compactIfDue(LanceTable table, Dataset ds, WriteLock lock) {
    long physical = 0;
    long deleted = 0;
    for (org.lance.Fragment f : ds.getFragments()) {
      org.lance.FragmentMetadata m = f.metadata();
      physical += m.getPhysicalRows();
      deleted += m.getNumDeletions();
    }
    if (physical > 0 && deleted > DELETED_SHARE * physical) {
      compact(table, ds, lock, true);
    } else if (smallFragments(ds) > options.compactionFragmentThreshold()) {
      compact(table, ds, lock, false);
    }
  }

  private static CompactionOptions compactionOptions(boolean materializeDeletions) {
    CompactionOptions.Builder b =
        CompactionOptions.builder().withTargetRowsPerFragment(COMPACTION_TARGET_ROWS);
    return materializeDeletions
        ? b.withMaterializeDeletionsThreshold((float) DELETED_SHARE).build()
        : b.withMaterializeDeletions(false).build();
  }

  /**
   * One round: rewrites outside the write lock and commits under it; when a write touched the
   * rewritten fragments meanwhile, the round is planned and rewritten again under the lock (the
   * same bounded amount of work, so writers wait once, briefly).
   */
  private void compact(LanceTable table, Dataset ds, WriteLock lock, boolean materializeDeletions) {
    long start = System.nanoTime();
    int before = ds.getFragments().size();
    CompactionOptions options = compactionOptions(materializeDeletions);
    List<RewriteResult> results = rewriteRound(ds, options);
    if (results.isEmpty()) {
      return;
    }
    long[] lockedNanos = new long[1];
    boolean redone =
        lock.with(
            () -> {
              long locked = System.nanoTime();
              try (Dataset latest = table.openHandle()) {
                try {
                  Compaction.commitCompaction(latest, results, options);
                  return false;
                } catch (RuntimeException e) {
                  LOG.debug(
                      "Compaction of {} met a write: {}", table.name(), LanceTable.message(e));
                  latest.checkoutLatest();
                  List<RewriteResult> again = rewriteRound(latest, options);
                  if (!again.isEmpty()) {
                    Compaction.commitCompaction(latest, again, options);
                  }
                  return true;
                }
              } finally {
                lockedNanos[0] = System.nanoTime() - locked;
              }
            });
    ds.checkoutLatest();
    LOG.debug(
        "Compacted {} ({}): {} -> {} fragments in {} ms, {} ms of it under the write lock{}",
        table.name(),
        materializeDeletions ? "deleted rows" : "small fragments",
        before,
        ds.getFragments().size(),
        (System.nanoTime() - start) / 1_000_000,
        lockedNanos[0] / 1_000_000,
        redone ? " (redone under it)" : "");
  }

  /** Plans on {@code ds} and runs its first tasks, up to {@link #MAX_REWRITE_ROWS} source rows. */
  private static List<RewriteResult> rewriteRound(Dataset ds, CompactionOptions options) {
    List<RewriteResult> results = new ArrayList<>();
    long rows = 0;
    for (CompactionTask task : Compaction.planCompaction(ds, options).getCompactionTasks()) {
      long taskRows = 0;
      boolean merges = false;
      for (org.lance.FragmentMetadata m : task.getTaskData().getFragments()) {
        taskRows += m.getPhysicalRows();
        merges |= m.getPhysicalRows() < SMALL_FRAGMENT_ROWS;
      }
      if (!merges && !options.getMaterializeDeletions().orElse(true)) {
        continue; // only fragments near the target: rewriting them gains nothing
      }
      if (!results.isEmpty() && rows + taskRows > MAX_REWRITE_ROWS) {
        break;
      }
      results.add(task.execute(ds));
      rows += taskRows;
    }
    return results;
  }

  private void cleanup(Dataset ds) {
    // Lance stamps versions with the wall clock, so retention is measured against it too.
    long before = System.currentTimeMillis() - options.versionRetention().toMillis();
    ds.cleanupWithPolicy(
        CleanupPolicy.builder()
            .withBeforeTimestampMillis(before)
            .withErrorIfTaggedOldVersions(false)
            .build());
  }

  /** Removes versions beyond the newest {@code keepVersions} once past the pinned-read grace. */
  private void cleanupBeyondNewest(Dataset ds, long version) {
    long start = System.nanoTime();
    var stats =
        ds.cleanupWithPolicy(
            CleanupPolicy.builder()
                .withBeforeVersion(version - options.keepVersions() + 1)
                .withBeforeTimestampMillis(
                    System.currentTimeMillis()
                        - Math.min(PINNED_READ_GRACE_MILLIS, options.versionRetention().toMillis()))
                .withErrorIfTaggedOldVersions(false)
                .build());
    LOG.debug(
        "Removed {} versions before {} in {} ms",
        stats.getOldVersions(),
        version - options.keepVersions() + 1,
        (System.nanoTime() - start) / 1_000_000);
  }

  private void createFts(Dataset ds, String column) {
    try {
      ds.createIndex(
          IndexOptions.builder(
                  List.of(column),
                  IndexType.INVERTED,
                  IndexParams.builder()
                      .setScalarIndexParams(ScalarIndexParams.create("inverted", FTS_PARAMS))
                      .build())
              .withIndexName(ftsIndexName(column))
              .replace(true)
              .build());
    } catch (RuntimeException e) {
      LOG.warn("No full-text index on column {}: {}", column, LanceTable.message(e));
    }
  }

  private void createVectorIndex(Dataset ds, long rows) {
    long start = System.nanoTime();
    // ~12.5k rows per partition: 8 partitions at 100k rows (stack.md measured 14-35 s builds).
    int partitions = (int) Math.max(1, Math.min(256, rows / 12_500));
    VectorIndexParams params =
        VectorIndexParams.withIvfHnswSqParams(
            DistanceType.Cosine,
            new IvfBuildParams.Builder().setNumPartitions(partitions).setMaxIters(20).build(),
            new HnswBuildParams.Builder().setM(16).setEfConstruction(100).build(),
            new SQBuildParams.Builder().setNumBits((short) 8).build());
    ds.createIndex(
        IndexOptions.builder(
                List.of("vector"),
                IndexType.IVF_HNSW_SQ,
                IndexParams.builder().setVectorIndexParams(params).build())
            .withIndexName(VECTOR_INDEX)
            .replace(true)
            .build());
    ds.updateConfig(java.util.Map.of(TRAINED_ROWS, Long.toString(rows)));
    LOG.info(
        "Built vector index on {} rows ({} partitions) in {} ms",
        rows,
        partitions,
        (System.nanoTime() - start) / 1_000_000);
  }
}
