package dev.jive.lancedb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.fragment.DataFile;
import org.lance.ipc.ScanOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's rows, every column but the vectors, packed in memory per data fragment, so that a
 * search reads its answers here rather than through a Lance take; and their vectors, in a scratch
 * file per fragment ({@link VectorFile}), so that a search makes the index's distances exact here
 * rather than through Lance's refinement. The take of 10 rows x 25 columns cost 2.7 to 4.5 ms at
 * 100,000 rows, a third of a semantic query, and nearly all of it is paid per column (1 column: 0.5
 * ms), whatever the file format, fragment count or I/O threads (docs/performance.md). Reading 10
 * packed rows here costs microseconds.
 *
 * <p>Entries are keyed by a fragment's data files, which Lance never rewrites: an update, a
 * compaction or an added column makes new files, so a key never names stale rows, and a restore
 * that brings old files back finds their rows still right. Row addresses are mapped to keys through
 * the fragments of the version the caller's search ran on. A fragment not held yet is read from
 * Lance by the caller and loaded here in the background; {@link #loadAll} loads every fragment.
 * Fragments of versions no longer current are dropped as newer ones load.
 *
 * <p>All tables of the process share one budget, {@code -Djive.search.row_cache_mb} (default 64; 0
 * turns the cache off): a fragment that would pass it is not loaded and its rows keep being read
 * from Lance. Tables with stable row ids (whose {@code _rowid} is not an address) or with column
 * types {@link RowCodec} does not pack are never cached. The vector files go to {@code
 * -Djive.search.scratch_dir} (default: {@code .jive-scratch} beside the table, or the system's
 * temporary directory for a remote table); {@code -Djive.search.vector_files=false} keeps vectors
 * out of the cache.
 */
final class RowCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RowCache.class);

  static final long BUDGET_BYTES = Long.getLong("jive.search.row_cache_mb", 64) << 20;

  private static final AtomicLong USED = new AtomicLong();

  static final boolean VECTOR_FILES =
      Boolean.parseBoolean(System.getProperty("jive.search.vector_files", "true"));

  private static final ExecutorService LOADER =
      Executors.newSingleThreadExecutor(DaemonThreads.named("jive-row-cache"));

  /**
   * The rows of one fragment with these columns: row {@code i} starts at {@code starts[i]} of data,
   * -1 if it was deleted when loaded. A dropped column changes no data file, hence the columns.
   * {@code vectors} is null when the table has no vector column or its file could not be written.
   */
  private record Packed(List<String> columns, ByteBuffer data, int[] starts, VectorFile vectors) {
    /** Memory held: the vectors are on disk. */
    long bytes() {
      return data.capacity() + 4L * starts.length + 64;
    }

    boolean holds(int offset) {
      return offset >= 0 && offset < starts.length && starts[offset] >= 0;
    }
  }

  /**
   * A version's fragments: id to the key of its data files and back, its columns but the vectors,
   * and the dimension of its {@code vector} column (0 if none). Kept for one handle at a time: a
   * handle never changes version, and the table's reads of one version share one handle, so a
   * search computes it once per version, not per query.
   */
  private record Layout(
      Dataset dataset,
      Map<Integer, String> keys,
      Map<String, Integer> ids,
      List<String> columns,
      int dimension,
      boolean cacheable) {}

  private final LanceTable table;
  private final Path scratch;
  private final Map<String, Packed> fragments = new ConcurrentHashMap<>();
  private final Set<String> loading = ConcurrentHashMap.newKeySet();
  private final LongAdder served = new LongAdder();
  private final LongAdder servedVectors = new LongAdder();

  /**
   * Held while a fragment loads. Taken before the table's monitor (a load pins a snapshot), never
   * while holding it: the table closes this cache before it takes its own monitor.
   */
  private final Object loads = new Object();

  private volatile Layout layout;

  /** Columns that {@link RowCodec} cannot pack; such a table is read from Lance only. */
  private volatile List<String> unpackable = List.of();

  /** The version whose fragments did not all fit the budget: not tried again until a new one. */
  private volatile Dataset fullAt;

  private volatile boolean closed;

  RowCache(LanceTable table, Path scratch) {
    this.table = table;
    this.scratch = scratch;
  }

  /** Every column but the vectors of the version {@code ds}: what a row here holds. */
  List<String> columns(Dataset ds) {
    return layout(ds).columns();
  }

  /**
   * The rows at {@code rowIds} of the version {@code ds} that this cache holds; the others are left
   * for the caller to read, and their fragments are loaded in the background.
   */
  Map<Long, Map<String, Object>> rows(Dataset ds, List<Long> rowIds) {
    Map<Long, Map<String, Object>> found = new HashMap<>();
    if (BUDGET_BYTES <= 0 || closed) {
      return found;
    }
    Layout l = layout(ds);
    if (!l.cacheable() || unpackable.equals(l.columns())) {
      return found;
    }
    Set<String> absent = new HashSet<>();
    for (long rowId : rowIds) {
      Packed p = packed(l, rowId, absent);
      if (p != null && p.holds((int) rowId)) {
        found.put(rowId, RowCodec.read(p.data(), p.starts()[(int) rowId], p.columns()));
      }
    }
    served.add(found.size());
    loadLater(l, absent);
    return found;
  }

  /**
   * The vectors at {@code rowIds} of the version {@code ds} that this cache holds; the others are
   * left for the caller to read, and their fragments are loaded in the background.
   */
  Map<Long, float[]> vectors(Dataset ds, List<Long> rowIds) {
    Map<Long, float[]> found = new HashMap<>();
    if (BUDGET_BYTES <= 0 || closed || !VECTOR_FILES) {
      return found;
    }
    Layout l = layout(ds);
    if (!l.cacheable() || l.dimension() == 0 || unpackable.equals(l.columns())) {
      return found;
    }
    Set<String> absent = new HashSet<>();
    for (long rowId : rowIds) {
      Packed p = packed(l, rowId, absent);
      float[] v =
          p == null || p.vectors() == null || !p.holds((int) rowId)
              ? null
              : p.vectors().read((int) rowId);
      if (v != null) {
        found.put(rowId, v);
      }
    }
    servedVectors.add(found.size());
    loadLater(l, absent);
    return found;
  }

  /**
   * The entry holding the fragment of {@code rowId} in layout {@code l}, or null; the key of a
   * fragment not held goes to {@code absent}.
   */
  private Packed packed(Layout l, long rowId, Set<String> absent) {
    String key = l.keys().get((int) (rowId >>> 32));
    Packed p = key == null ? null : fragments.get(key);
    if (p != null && !p.columns().equals(l.columns())) {
      p = null;
    }
    if (key != null && p == null) {
      absent.add(key);
    }
    return p;
  }

  private void loadLater(Layout l, Set<String> absent) {
    if (l.dataset() != fullAt) {
      absent.forEach(this::loadLater);
    }
  }

  /** Loads every fragment of the latest version that is not held yet, within the budget. */
  void loadAll() {
    if (BUDGET_BYTES > 0 && table.exists()) {
      withLatest(
          (ds, l) -> {
            RowCodec codec = new RowCodec();
            for (String key : l.ids().keySet()) {
              load(ds, l, key, codec);
            }
          });
    }
  }

  /** Bytes held by every table's cache in this process. */
  static long usedBytes() {
    return USED.get();
  }

  /** Fragments held. */
  int heldFragments() {
    return fragments.size();
  }

  /** Bytes of vectors written to this table's scratch files. */
  long vectorFileBytes() {
    return fragments.values().stream()
        .mapToLong(p -> p.vectors() == null ? 0 : p.vectors().bytes())
        .sum();
  }

  /** Bytes held for this table. */
  long heldBytes() {
    return fragments.values().stream().mapToLong(Packed::bytes).sum();
  }

  /** Rows served from memory since the table was opened. */
  long servedRows() {
    return served.sum();
  }

  /** Vectors served from the vector files since the table was opened. */
  long servedVectors() {
    return servedVectors.sum();
  }

  /**
   * Stops loading and drops every row, after waiting for a load under way: it reads through the
   * table's allocator, which closes next.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (loads) {
      clear();
    }
  }

  private void loadLater(String key) {
    if (!loading.add(key)) {
      return;
    }
    try {
      LOADER.execute(
          () -> {
            try {
              withLatest((ds, l) -> load(ds, l, key, new RowCodec()));
            } catch (RuntimeException e) {
              LOG.debug("could not cache rows of table {}: {}", table.name(), e.toString());
            } finally {
              loading.remove(key);
            }
          });
    } catch (RuntimeException e) {
      loading.remove(key);
    }
  }

  /**
   * Runs {@code work} on the latest version, unless the cache is closed, after dropping the
   * fragments that version no longer has or that were packed with other columns. Holding {@link
   * #loads} throughout, so that {@link #close} waits for it; the table's monitor and the write lock
   * are only ever taken after it (pinning the version), never before.
   */
  private void withLatest(java.util.function.BiConsumer<Dataset, Layout> work) {
    synchronized (loads) {
      if (!closed) {
        table.withSnapshot(
            ds -> {
              Layout l = layout(ds);
              drop((k, p) -> !l.ids().containsKey(k) || !p.columns().equals(l.columns()));
              work.accept(ds, l);
              return null;
            });
      }
    }
  }

  /** Reads one fragment of {@code ds} into the cache. */
  private void load(Dataset ds, Layout l, String key, RowCodec codec) {
    if (!l.cacheable() || unpackable.equals(l.columns())) {
      return;
    }
    Integer id = l.ids().get(key);
    if (id == null || fragments.containsKey(key)) {
      return;
    }
    long physicalRows = new Fragment(ds, id).metadata().getPhysicalRows();
    if (physicalRows > Integer.MAX_VALUE || USED.get() + physicalRows * 8 > BUDGET_BYTES) {
      fullAt = l.dataset();
      return;
    }
    int[] starts = new int[(int) physicalRows];
    Arrays.fill(starts, -1);
    codec.reset();
    List<String> cols = l.columns();
    VectorFile vectorFile = vectorFile(l);
    List<String> read = new ArrayList<>(cols);
    if (vectorFile != null) {
      read.add(Searcher.VECTOR_COLUMN);
    }
    String[] refused = new String[1];
    table.scan(
        ds,
        new ScanOptions.Builder()
            .fragmentIds(List.of(id))
            .columns(read)
            .withRowAddress(true)
            .batchSize(vectorFile == null ? 8192 : 1024)
            .build(),
        root -> {
          UInt8Vector addresses = (UInt8Vector) root.getVector("_rowaddr");
          List<FieldVector> vectors = new ArrayList<>();
          cols.forEach(c -> vectors.add(root.getVector(c)));
          int[] offsets = new int[root.getRowCount()];
          for (int i = 0; i < root.getRowCount() && refused[0] == null; i++) {
            offsets[i] = (int) addresses.getObjectNoOverflow(i).longValue();
            try {
              starts[offsets[i]] = codec.append(vectors, i);
            } catch (IllegalArgumentException e) {
              refused[0] = e.getMessage();
            }
          }
          if (vectorFile != null && refused[0] == null) {
            writeVectors(vectorFile, root, offsets);
          }
        });
    if (refused[0] != null) {
      unpackable = cols;
      LOG.debug("table {} is not cached: {}", table.name(), refused[0]);
      closeQuietly(vectorFile);
      return;
    }
    if (vectorFile != null) {
      vectorFile.loaded();
    }
    Packed packed = new Packed(cols, codec.bytes(), starts, vectorFile);
    if (USED.addAndGet(packed.bytes()) > BUDGET_BYTES) {
      USED.addAndGet(-packed.bytes());
      fullAt = l.dataset();
      closeQuietly(vectorFile);
      return;
    }
    Packed replaced = fragments.put(key, packed);
    if (replaced != null) {
      USED.addAndGet(-replaced.bytes());
      closeQuietly(replaced.vectors());
    }
  }

  /** A new scratch file for one fragment's vectors, or null (no vectors, off, or no room). */
  private VectorFile vectorFile(Layout l) {
    if (!VECTOR_FILES || l.dimension() == 0) {
      return null;
    }
    try {
      return VectorFile.create(scratch, l.dimension());
    } catch (IOException e) {
      LOG.debug("no vector file for table {} in {}: {}", table.name(), scratch, e.toString());
      return null;
    }
  }

  private void writeVectors(VectorFile file, VectorSchemaRoot root, int[] offsets) {
    try {
      file.write((FixedSizeListVector) root.getVector(Searcher.VECTOR_COLUMN), offsets);
    } catch (IOException e) {
      // A full disk, say: the fragment's vectors keep being read from Lance.
      LOG.debug("could not write vectors of table {}: {}", table.name(), e.toString());
      file.close();
    }
  }

  private static void closeQuietly(VectorFile file) {
    if (file != null) {
      file.close();
    }
  }

  private void clear() {
    drop((k, p) -> true);
  }

  /** Removes the fragments {@code which} names, giving their bytes back to the budget. */
  private void drop(java.util.function.BiPredicate<String, Packed> which) {
    for (Map.Entry<String, Packed> e : fragments.entrySet()) {
      if (which.test(e.getKey(), e.getValue()) && fragments.remove(e.getKey(), e.getValue())) {
        USED.addAndGet(-e.getValue().bytes());
        closeQuietly(e.getValue().vectors());
      }
    }
  }

  private Layout layout(Dataset ds) {
    Layout l = layout;
    if (l != null && l.dataset() == ds) {
      return l;
    }
    Map<Integer, String> keys = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    boolean cacheable = true;
    for (Fragment f : ds.getFragments()) {
      FragmentMetadata m = f.metadata();
      cacheable &= m.getRowIdMeta() == null;
      StringBuilder key = new StringBuilder();
      for (DataFile file : m.getFiles()) {
        key.append(file.getPath()).append(Arrays.toString(file.getFields())).append('|');
      }
      keys.put(f.getId(), key.toString());
      ids.put(key.toString(), f.getId());
    }
    l =
        new Layout(
            ds,
            keys,
            ids,
            List.copyOf(Columns.withoutVectors(ds.getSchema())),
            Searcher.vectorDimension(ds.getSchema()),
            cacheable);
    layout = l;
    return l;
  }
}
