package dev.jive.lancedb;

import dev.jive.core.InvalidInputException;
import java.time.Duration;

/**
 * The store's tuning: when to build the vector index, when to compact, how long old versions are
 * kept, whether full-text indexes are built, and whether maintenance runs in the background.
 */
public record StoreOptions(
    long vectorIndexThreshold,
    int compactionFragmentThreshold,
    Duration versionRetention,
    boolean enableFts,
    boolean backgroundMaintenance) {

  public static final long DEFAULT_VECTOR_INDEX_THRESHOLD = 10_000;
  public static final int DEFAULT_COMPACTION_FRAGMENTS = 32;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  public StoreOptions {
    if (vectorIndexThreshold < 1) {
      throw new InvalidInputException(
          "vector_index_threshold", "must be at least 1, got " + vectorIndexThreshold);
    }
    if (compactionFragmentThreshold < 2) {
      throw new InvalidInputException(
          "compaction_fragment_threshold",
          "must be at least 2, got " + compactionFragmentThreshold);
    }
    if (versionRetention == null || versionRetention.isNegative()) {
      throw new InvalidInputException("version_retention", "must be zero or more");
    }
  }

  public static StoreOptions defaults() {
    return new StoreOptions(
        DEFAULT_VECTOR_INDEX_THRESHOLD,
        DEFAULT_COMPACTION_FRAGMENTS,
        DEFAULT_RETENTION,
        true,
        true);
  }

  public StoreOptions withVectorIndexThreshold(long rows) {
    return new StoreOptions(
        rows, compactionFragmentThreshold, versionRetention, enableFts, backgroundMaintenance);
  }

  public StoreOptions withCompactionFragmentThreshold(int fragments) {
    return new StoreOptions(
        vectorIndexThreshold, fragments, versionRetention, enableFts, backgroundMaintenance);
  }

  public StoreOptions withVersionRetention(Duration retention) {
    return new StoreOptions(
        vectorIndexThreshold,
        compactionFragmentThreshold,
        retention,
        enableFts,
        backgroundMaintenance);
  }

  public StoreOptions withEnableFts(boolean fts) {
    return new StoreOptions(
        vectorIndexThreshold,
        compactionFragmentThreshold,
        versionRetention,
        fts,
        backgroundMaintenance);
  }

  public StoreOptions withBackgroundMaintenance(boolean background) {
    return new StoreOptions(
        vectorIndexThreshold, compactionFragmentThreshold, versionRetention, enableFts, background);
  }
}
