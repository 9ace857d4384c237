package dev.jive.lancedb.table;

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
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;
import org.lance.operation.Append;
import org.lance.operation.Operation;
import org.lance.operation.Update;

/**
 * One Lance dataset ({@code <data_path>/<Table>.lance}): writes, merge-inserts, deletes and scans,
 * each closing every handle Lance returns. Readers always see the latest committed version. Callers
 * serialise writes with the store's {@link WriteLock}.
 *
 * <p>A table keyed by a column may keep a {@link RowDirectory}: its rows without vectors in memory,
 * which reads by address and key use before Lance. Row-level writes ({@link #commitRows}) are one
 * Lance transaction each: rows deleted from their fragments and the new rows as one new fragment,
 * committed together or not at all.
 */
public final class LanceTable implements AutoCloseable {
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
  private final RowDirectory directory;
  private Dataset dataset;

  /** The handle that reads of one version share; see {@link #withSnapshot}. Guarded by this. */
  private Snapshot snapshot;

  private volatile boolean closed;

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
    this(name, uri, storageOptions, allocator, null);
  }

  /** A table whose rows a {@link RowDirectory} keyed by {@code keyColumn} holds (when not null). */
  LanceTable(
      String name,
      String uri,
      Map<String, String> storageOptions,
      BufferAllocator allocator,
      String keyColumn) {
    this.name = name;
    this.uri = uri;
    this.storageOptions = storageOptions;
    this.allocator = allocator;
    this.key =
        uri.contains("://")
            ? uri
            : java.nio.file.Path.of(uri).toAbsolutePath().normalize().toString();
    this.directory = keyColumn == null ? null : new RowDirectory(name, keyColumn);
  }

  /** The table's identity in this process: its URI, or its absolute path for a local table. */
  public String key() {
    return key;
  }

  public String name() {
    return name;
  }

  public String uri() {
    return uri;
  }

  /** Whether the dataset exists (it is created by the first write). */
  public synchronized boolean exists() {
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

  /** A handle of the caller's own at the latest version, for upkeep; the caller closes it. */
  public Dataset openHandle() {
    try {
      return openDataset();
    } catch (RuntimeException e) {
      throw failure("cannot open table " + name + " at " + uri + ": " + message(e), e);
    }
  }

  private Dataset openDataset() {
    return Dataset.open().allocator(allocator).uri(uri).readOptions(readOptions()).build();
  }

  /** The dataset at its latest version; a handle is a snapshot, so it is refreshed first. */
  public Dataset latest() {
    return current();
  }

  /** The latest committed version. */
  public synchronized long committedVersion() {
    return current().version();
  }

  /** The dataset at its latest committed version, for upkeep. */
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

  public synchronized Schema schema() {
    return current().getSchema();
  }

  /** Appends rows, creating the dataset with {@code schema} when it does not exist yet. */
  public void append(Schema schema, VectorSchemaRoot rows) {
    appendNow(rows);
  }

  private synchronized void appendNow(VectorSchemaRoot rows) {
    write(rows, exists() ? WriteParams.WriteMode.APPEND : WriteParams.WriteMode.CREATE);
  }

  /** Creates an empty dataset with the schema (no-op when it exists). */
  public synchronized void createEmpty(Schema schema) {
    if (exists()) {
      return;
    }
    try (VectorSchemaRoot empty = VectorSchemaRoot.create(schema, allocator)) {
      empty.setRowCount(0);
      appendNow(empty);
    }
  }

  /** Replaces the whole table with these rows (a new version; older ones stay until cleanup). */
  public void overwrite(VectorSchemaRoot rows) {
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
      throw failure("cannot write to table " + name + ": " + message(e), e);
    }
  }

  /**
   * Merge-insert on {@code keys}: matched rows are updated with the source's columns (columns the
   * source lacks are kept), unmatched rows inserted when {@code insert}, and when {@code
   * failOnMatch} a matched row fails the whole write (nothing is written).
   */
  public MergeCounts merge(
      List<String> keys,
      VectorSchemaRoot rows,
      boolean update,
      boolean insert,
      boolean failOnMatch) {
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
      throw failure("cannot merge into table " + name + ": " + m, e);
    }
  }

  public void delete(String predicate) {
    deleteNow(predicate);
  }

  private synchronized void deleteNow(String predicate) {
    try {
      current().delete(predicate);
    } catch (RuntimeException e) {
      throw failure("cannot delete from table " + name + ": " + message(e), e);
    }
  }

  /** Runs a scan and hands every batch to {@code consumer}; the batch is only valid inside it. */
  public void scan(ScanOptions options, Consumer<VectorSchemaRoot> consumer) {
    scan(latest(), options, consumer);
  }

  /**
   * Runs {@code read} on a handle pinned at the latest version, for reads of several steps: row
   * addresses found in one version are only valid in it. Reads of one version share the handle; it
   * is closed once a newer version has replaced it and its last reader is done.
   */
  public <R> R withSnapshot(java.util.function.Function<Dataset, R> read) {
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
        throw failure("cannot read table " + name + ": " + message(e), e);
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
   * the {@link RowDirectory} where it holds them, the others read from Lance.
   */
  public Map<Long, Map<String, Object>> rowsAt(Dataset ds, List<Long> rowIds) {
    Map<Long, Map<String, Object>> byRowId = new java.util.HashMap<>();
    List<Long> missing = new ArrayList<>();
    for (Long id : rowIds) {
      Map<String, Object> row = directory == null ? null : directory.rowAt(id);
      if (row != null) {
        byRowId.put(id, row);
      } else {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return byRowId;
    }
    List<String> withId = new ArrayList<>(Columns.withoutVectors(ds.getSchema()));
    withId.add("_rowid");
    take(ds, missing, withId, root -> byRowId.putAll(ArrowRows.byRowId(root)));
    return byRowId;
  }

  /** The vectors at these addresses of {@code ds}, by address; rows without one are left out. */
  public Map<Long, float[]> vectorsAt(Dataset ds, List<Long> rowIds) {
    Map<Long, float[]> byRowId = new java.util.HashMap<>();
    if (!rowIds.isEmpty()) {
      take(ds, rowIds, List.of(Columns.VECTOR, "_rowid"), root -> readVectors(root, byRowId));
    }
    return byRowId;
  }

  private static void readVectors(VectorSchemaRoot root, Map<Long, float[]> into) {
    ArrowRows.byRowId(root)
        .forEach(
            (id, row) -> {
              if (row.get(Columns.VECTOR) instanceof float[] v) {
                into.put(id, v);
              }
            });
  }

  /**
   * This table's directory brought to the latest version, or null for a table without one. The
   * first call builds it from one scan.
   */
  public RowDirectory directory() {
    if (directory == null || !exists()) {
      return directory;
    }
    return withSnapshot(this::directoryAt);
  }

  /**
   * The directory brought to {@code ds}'s version, for a caller already reading a pinned handle (a
   * write's plan): one refresh of the latest version instead of two.
   */
  public RowDirectory directoryAt(Dataset ds) {
    try {
      directory.syncTo(ds);
    } catch (StorageException e) {
      throw failure(e.getMessage(), e);
    }
    return directory;
  }

  /**
   * Commits one transaction on {@code readAt}: the rows at {@code deleted} addresses removed from
   * their fragments and {@code rows} (if any) added as one new fragment, both or neither. The
   * directory learns of it. A concurrent commit it cannot be rebased on throws {@link
   * RetryableConflict}: re-read and try again.
   *
   * @return the new version
   */
  public long commitRows(
      Dataset readAt, java.util.Collection<Long> deleted, VectorSchemaRoot rows) {
    List<FragmentMetadata> created =
        rows == null || rows.getRowCount() == 0
            ? List.of()
            : Fragment.write()
                .datasetUri(uri)
                .allocator(allocator)
                .data(rows)
                .storageOptions(storageOptions)
                .execute();
    Operation op;
    if (deleted.isEmpty()) {
      op = Append.builder().fragments(created).build();
    } else {
      Map<Integer, List<Integer>> offsets = new java.util.TreeMap<>();
      for (long address : deleted) {
        offsets
            .computeIfAbsent(RowDirectory.fragmentOf(address), f -> new ArrayList<>())
            .add(RowDirectory.offsetOf(address));
      }
      List<Long> removed = new ArrayList<>();
      List<FragmentMetadata> updated = new ArrayList<>();
      offsets.forEach(
          (fid, rowOffsets) -> {
            org.lance.Fragment f = readAt.getFragment(fid);
            if (f == null) {
              throw new StorageException(
                  "table " + name + " at version " + readAt.version() + " has no fragment " + fid);
            }
            FragmentMetadata m = f.deleteRows(rowOffsets);
            if (m == null) {
              removed.add((long) fid);
            } else {
              updated.add(m);
            }
          });
      op =
          Update.builder()
              .removedFragmentIds(removed)
              .updatedFragments(updated)
              .newFragments(created)
              .updateMode(java.util.Optional.of(Update.UpdateMode.RewriteRows))
              .build();
    }
    try (Dataset after = readAt.newTransactionBuilder().operation(op).build().commit()) {
      if (directory != null) {
        directory.applied(readAt.version(), after, deleted, rows);
      }
      return after.version();
    } catch (RuntimeException e) {
      String m = message(e);
      if (m.contains("Retryable commit conflict") || m.contains("etryable")) {
        throw new RetryableConflict(name + ": " + m, e);
      }
      throw failure("cannot commit to table " + name + ": " + m, e);
    }
  }

  /** A commit another commit got ahead of: the caller re-reads and tries again. */
  public static final class RetryableConflict extends StorageException {
    RetryableConflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads the rows at these addresses of {@code ds}; the batch is only valid inside consumer. */
  private void take(
      Dataset ds, List<Long> rowIds, List<String> columns, Consumer<VectorSchemaRoot> consumer) {
    try (ArrowReader reader = ds.takeRows(rowIds, columns)) {
      while (reader.loadNextBatch()) {
        consumer.accept(reader.getVectorSchemaRoot());
      }
    } catch (IOException | RuntimeException e) {
      throw failure("cannot read rows of table " + name + ": " + message(e), e);
    }
  }

  /** As {@link #scan(ScanOptions, Consumer)}, on the snapshot {@code ds}. */
  public void scan(Dataset ds, ScanOptions options, Consumer<VectorSchemaRoot> consumer) {
    try (LanceScanner scanner = ds.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        consumer.accept(reader.getVectorSchemaRoot());
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException r && !(r instanceof StorageException)) {
        throw failure("cannot read table " + name + ": " + message(e), e);
      }
      if (e instanceof StorageException s) {
        throw s;
      }
      throw failure("cannot read table " + name + ": " + message(e), e);
    }
  }

  public List<Map<String, Object>> rows(ScanOptions options) {
    List<Map<String, Object>> out = new ArrayList<>();
    scan(options, root -> out.addAll(ArrowRows.fromRoot(root)));
    return out;
  }

  public long count(String filter) {
    return countNow(filter);
  }

  private synchronized long countNow(String filter) {
    Dataset ds = current();
    return filter == null ? ds.countRows() : ds.countRows(filter);
  }

  @Override
  public void close() {
    closed = true;
    if (directory != null) {
      directory.release();
    }
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

  /**
   * What a failed Lance call becomes: a closed store's calls fail as closed, not as damaged data,
   * since closing frees what an in-flight call was reading.
   */
  private RuntimeException failure(String text, Exception e) {
    if (closed) {
      return new IllegalStateException("table " + name + " was closed during the call", e);
    }
    return new StorageException(text, e);
  }

  public static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = m.indexOf('\n');
    return newline > 0 ? m.substring(0, newline) : m;
  }

  /** Rows a merge inserted and updated. */
  public record MergeCounts(long inserted, long updated) {}
}
