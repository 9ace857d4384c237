package dev.jive.lancedb;

import dev.jive.core.ConflictException;
import dev.jive.core.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;

/**
 * One Lance dataset ({@code <data_path>/<Table>.lance}): writes, merge-inserts, deletes and scans,
 * each closing every handle Lance returns. Readers always see the latest committed version. Callers
 * serialise writes with the store's {@link WriteLock}.
 *
 * <p>Every read and write first commits the rows {@link GroupCommit}s in this process hold for the
 * table, so none is ever invisible to a caller here. Only {@link #exists()}, {@link #schema()} and
 * {@link #committedVersion()} skip that. No method that holds this object's monitor commits them (a
 * commit takes the write lock, which must never be taken while holding the monitor).
 */
final class LanceTable implements AutoCloseable {
  /**
   * Lance's index and metadata caches keep their defaults unless capped with {@code
   * -Djive.lance.index_cache_mb} / {@code -Djive.lance.metadata_cache_mb}: at 100,000 rows a 128 MB
   * index cache thrashed (semantic p95 147 ms against 14 ms uncapped, docs/performance.md).
   */
  private ReadOptions readOptions() {
    ReadOptions.Builder b = new ReadOptions.Builder().setStorageOptions(storageOptions);
    Long index = Long.getLong("jive.lance.index_cache_mb");
    Long metadata = Long.getLong("jive.lance.metadata_cache_mb");
    if (index != null) {
      b.setIndexCacheSizeBytes(index << 20);
    }
    if (metadata != null) {
      b.setMetadataCacheSizeBytes(metadata << 20);
    }
    return b.build();
  }

  private final String name;
  private final String uri;
  private final Map<String, String> storageOptions;
  private final BufferAllocator allocator;
  private final String key;
  private final RowCache rowCache;
  private Dataset dataset;

  /** The handle that reads of one version share; see {@link #withSnapshot}. Guarded by this. */
  private Snapshot snapshot;

  /**
   * A handle pinned at one version, which nothing moves: the shared {@link #dataset} moves to the
   * latest version under any thread's feet ({@code checkoutLatest}, deletes, index builds), and a
   * take of row addresses found in one version, run against a later one whose fragments were
   * compacted away, panicked inside Lance ({@code take.rs:323}, an unwrap on a missing fragment)
   * and aborted the JVM during HttpConcurrencyIT.
   */
  private static final class Snapshot {
    final Dataset dataset;
    int readers;

    Snapshot(Dataset dataset) {
      this.dataset = dataset;
    }
  }

  LanceTable(
      String name, String uri, Map<String, String> storageOptions, BufferAllocator allocator) {
    this.name = name;
    this.uri = uri;
    this.storageOptions = storageOptions;
    this.allocator = allocator;
    this.key =
        uri.contains("://")
            ? uri
            : java.nio.file.Path.of(uri).toAbsolutePath().normalize().toString();
    this.rowCache = new RowCache(this, scratchDirectory(key));
  }

  /**
   * Where the row cache writes its vector files, for a table of this {@link #key}: {@code
   * -Djive.search.scratch_dir}, else {@code .jive-scratch} beside a local table (the data's own
   * disk, rather than a temporary directory that may be held in memory), else the system's
   * temporary directory.
   */
  private static java.nio.file.Path scratchDirectory(String key) {
    String configured = System.getProperty("jive.search.scratch_dir");
    if (configured != null && !configured.isBlank()) {
      return java.nio.file.Path.of(configured);
    }
    if (key.contains("://")) {
      return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "jive-scratch");
    }
    return java.nio.file.Path.of(key).resolveSibling(".jive-scratch");
  }

  /** The table's identity in this process: its URI, or its absolute path for a local table. */
  String key() {
    return key;
  }

  String name() {
    return name;
  }

  String uri() {
    return uri;
  }

  /** Whether the dataset exists (it is created by the first write). */
  synchronized boolean exists() {
    if (dataset != null) {
      return true;
    }
    try {
      dataset = openDataset();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Dataset openDataset() {
    return Dataset.open().allocator(allocator).uri(uri).readOptions(readOptions()).build();
  }

  /** The dataset at its latest version; a handle is a snapshot, so it is refreshed first. */
  Dataset latest() {
    GroupCommit.commitAll(key);
    return current();
  }

  /** The latest committed version, without committing rows a group commit holds. */
  synchronized long committedVersion() {
    return current().version();
  }

  /**
   * The dataset at its latest committed version, without committing rows a group commit holds: for
   * maintenance, which would otherwise commit them at once after every commit it follows.
   */
  Dataset committed() {
    return current();
  }

  private synchronized Dataset current() {
    if (dataset == null) {
      try {
        dataset = openDataset();
      } catch (RuntimeException e) {
        throw new StorageException(
            "cannot open table " + name + " at " + uri + ": " + message(e), e);
      }
    } else {
      dataset.checkoutLatest();
    }
    return dataset;
  }

  synchronized Schema schema() {
    return current().getSchema();
  }

  /** Appends rows, creating the dataset with {@code schema} when it does not exist yet. */
  void append(Schema schema, VectorSchemaRoot rows) {
    GroupCommit.commitAll(key);
    appendNow(rows);
  }

  private synchronized void appendNow(VectorSchemaRoot rows) {
    write(rows, exists() ? WriteParams.WriteMode.APPEND : WriteParams.WriteMode.CREATE);
  }

  /** Creates an empty dataset with the schema (no-op when it exists). */
  synchronized void createEmpty(Schema schema) {
    if (exists()) {
      return;
    }
    try (VectorSchemaRoot empty = VectorSchemaRoot.create(schema, allocator)) {
      empty.setRowCount(0);
      appendNow(empty);
    }
  }

  /** Replaces the whole table with these rows (a new version; older ones stay until cleanup). */
  void overwrite(VectorSchemaRoot rows) {
    GroupCommit.commitAll(key);
    synchronized (this) {
      write(rows, exists() ? WriteParams.WriteMode.OVERWRITE : WriteParams.WriteMode.CREATE);
    }
  }

  private void write(VectorSchemaRoot rows, WriteParams.WriteMode mode) {
    try (ArrowReader reader = readerOf(rows)) {
      Dataset written =
          Dataset.write()
              .allocator(allocator)
              .reader(reader)
              .uri(uri)
              .storageOptions(storageOptions)
              .mode(mode)
              .execute();
      written.close();
    } catch (IOException | RuntimeException e) {
      throw new StorageException("cannot write to table " + name + ": " + message(e), e);
    }
  }

  /**
   * Merge-insert on {@code keys}: matched rows are updated with the source's columns (columns the
   * source lacks are kept), unmatched rows inserted when {@code insert}, and when {@code
   * failOnMatch} a matched row fails the whole write (nothing is written).
   */
  MergeCounts merge(
      List<String> keys,
      VectorSchemaRoot rows,
      boolean update,
      boolean insert,
      boolean failOnMatch) {
    GroupCommit.commitAll(key);
    return mergeNow(keys, rows, update, insert, failOnMatch);
  }

  private synchronized MergeCounts mergeNow(
      List<String> keys,
      VectorSchemaRoot rows,
      boolean update,
      boolean insert,
      boolean failOnMatch) {
    MergeInsertParams params = new MergeInsertParams(keys);
    params =
        failOnMatch
            ? params.withMatchedFail()
            : update ? params.withMatchedUpdateAll() : params.withMatchedDoNothing();
    params =
        params.withNotMatched(
            insert
                ? MergeInsertParams.WhenNotMatched.InsertAll
                : MergeInsertParams.WhenNotMatched.DoNothing);
    try (ArrowReader reader = readerOf(rows);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, reader, stream);
      MergeInsertResult result = current().mergeInsert(params, stream);
      result.dataset().close();
      var stats = result.stats();
      return new MergeCounts(stats.numInsertedRows(), stats.numUpdatedRows());
    } catch (IOException | RuntimeException e) {
      String m = message(e);
      if (failOnMatch && m.toLowerCase().contains("match")) {
        throw new ConflictException(
            "a row with the same " + String.join(", ", keys) + " already exists in " + name);
      }
      throw new StorageException("cannot merge into table " + name + ": " + m, e);
    }
  }

  void delete(String predicate) {
    GroupCommit.commitAll(key);
    deleteNow(predicate);
  }

  private synchronized void deleteNow(String predicate) {
    try {
      current().delete(predicate);
    } catch (RuntimeException e) {
      throw new StorageException("cannot delete from table " + name + ": " + message(e), e);
    }
  }

  /** Runs a scan and hands every batch to {@code consumer}; the batch is only valid inside it. */
  void scan(ScanOptions options, Consumer<VectorSchemaRoot> consumer) {
    scan(latest(), options, consumer);
  }

  /**
   * Runs {@code read} on a handle pinned at the latest version, for reads of several steps: row
   * addresses found in one version are only valid in it. Reads of one version share the handle; it
   * is closed once a newer version has replaced it and its last reader is done.
   */
  <R> R withSnapshot(java.util.function.Function<Dataset, R> read) {
    GroupCommit.commitAll(key);
    Snapshot pinned = pin();
    try {
      return read.apply(pinned.dataset);
    } finally {
      unpin(pinned);
    }
  }

  private synchronized Snapshot pin() {
    long version = current().version();
    if (snapshot == null || snapshot.dataset.version() != version) {
      Snapshot next;
      try {
        next = new Snapshot(dataset.checkoutVersion(version));
      } catch (RuntimeException e) {
        throw new StorageException("cannot read table " + name + ": " + message(e), e);
      }
      Snapshot replaced = snapshot;
      snapshot = next;
      closeIfRetired(replaced);
    }
    snapshot.readers++;
    return snapshot;
  }

  private synchronized void unpin(Snapshot pinned) {
    pinned.readers--;
    closeIfRetired(pinned);
  }

  /** Closes a handle that is no longer the table's snapshot once its last reader is done. */
  private void closeIfRetired(Snapshot s) {
    if (s != null && s != snapshot && s.readers == 0) {
      s.dataset.close();
    }
  }

  /**
   * The rows at these addresses of {@code ds}, by address, with every column but the vectors: from
   * the {@link RowCache} where it holds them, the others read from Lance.
   */
  Map<Long, Map<String, Object>> rowsAt(Dataset ds, List<Long> rowIds) {
    Map<Long, Map<String, Object>> byRowId = rowCache.rows(ds, rowIds);
    List<Long> missing = notIn(byRowId, rowIds);
    if (missing.isEmpty()) {
      return byRowId;
    }
    List<String> withId = new ArrayList<>(rowCache.columns(ds));
    withId.add("_rowid");
    take(ds, missing, withId, root -> byRowId.putAll(ArrowRows.byRowId(root)));
    return byRowId;
  }

  /**
   * The vectors at these addresses of {@code ds}, by address: from the {@link RowCache}'s vector
   * files where it holds them, the others read from Lance. Rows without a vector are left out.
   */
  Map<Long, float[]> vectorsAt(Dataset ds, List<Long> rowIds) {
    Map<Long, float[]> byRowId = rowCache.vectors(ds, rowIds);
    List<Long> missing = notIn(byRowId, rowIds);
    if (!missing.isEmpty()) {
      take(
          ds,
          missing,
          List.of(Searcher.VECTOR_COLUMN, "_rowid"),
          root -> readVectors(root, byRowId));
    }
    return byRowId;
  }

  /** The addresses the cache did not answer, in their order: the ones to read from Lance. */
  private static List<Long> notIn(Map<Long, ?> found, List<Long> rowIds) {
    List<Long> missing = new ArrayList<>();
    for (Long id : rowIds) {
      if (!found.containsKey(id)) {
        missing.add(id);
      }
    }
    return missing;
  }

  private static void readVectors(VectorSchemaRoot root, Map<Long, float[]> into) {
    ArrowRows.byRowId(root)
        .forEach(
            (id, row) -> {
              if (row.get(Searcher.VECTOR_COLUMN) instanceof float[] v) {
                into.put(id, v);
              }
            });
  }

  /** Loads every row of the latest version into the row cache, within its budget. */
  void warmRowCache() {
    rowCache.loadAll();
  }

  /** The row cache, for tests. */
  RowCache rowCache() {
    return rowCache;
  }

  /** Reads the rows at these addresses of {@code ds}; the batch is only valid inside consumer. */
  private void take(
      Dataset ds, List<Long> rowIds, List<String> columns, Consumer<VectorSchemaRoot> consumer) {
    try (ArrowReader reader = ds.takeRows(rowIds, columns)) {
      while (reader.loadNextBatch()) {
        consumer.accept(reader.getVectorSchemaRoot());
      }
    } catch (IOException | RuntimeException e) {
      throw new StorageException("cannot read rows of table " + name + ": " + message(e), e);
    }
  }

  /** As {@link #scan(ScanOptions, Consumer)}, on the snapshot {@code ds}. */
  void scan(Dataset ds, ScanOptions options, Consumer<VectorSchemaRoot> consumer) {
    try (LanceScanner scanner = ds.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        consumer.accept(reader.getVectorSchemaRoot());
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException r && !(r instanceof StorageException)) {
        throw new StorageException("cannot read table " + name + ": " + message(e), e);
      }
      if (e instanceof StorageException s) {
        throw s;
      }
      throw new StorageException("cannot read table " + name + ": " + message(e), e);
    }
  }

  List<Map<String, Object>> rows(ScanOptions options) {
    List<Map<String, Object>> out = new ArrayList<>();
    scan(options, root -> out.addAll(ArrowRows.fromRoot(root)));
    return out;
  }

  long count(String filter) {
    GroupCommit.commitAll(key);
    return countNow(filter);
  }

  private synchronized long countNow(String filter) {
    Dataset ds = current();
    return filter == null ? ds.countRows() : ds.countRows(filter);
  }

  /** Closes the table; a row-cache load still reading it is waited for first. */
  @Override
  public void close() {
    rowCache.close();
    closeHandles();
  }

  private synchronized void closeHandles() {
    Snapshot last = snapshot;
    snapshot = null;
    closeIfRetired(last);
    if (dataset != null) {
      dataset.close();
      dataset = null;
    }
  }

  /** Writes the batch to Arrow IPC in memory and reads it back: Lance takes a reader. */
  private ArrowReader readerOf(VectorSchemaRoot root) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()), allocator);
  }

  static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = m.indexOf('\n');
    return newline > 0 ? m.substring(0, newline) : m;
  }

  record MergeCounts(long inserted, long updated) {}
}
