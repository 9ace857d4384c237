package dev.jive.lancedb.table;

import dev.jive.core.StorageException;
import dev.jive.core.rules.SequenceNumbers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.fragment.DataFile;
import org.lance.fragment.DeletionFile;
import org.lance.ipc.ScanOptions;

/**
 * One table's rows in memory: every column but the vectors, packed per data fragment ({@link
 * RowCodec}, ~300 bytes a work item, outside the heap), the key column mapped to row addresses, and
 * for a table with {@code parent_id} and {@code dependencies} columns the children and dependents
 * of every key. Reads by key, the hierarchy's walks and roll-ups read here instead of scanning
 * Lance (a take of one 25-column row costs ~2 ms; a decode here microseconds).
 *
 * <p>Built from one scan at first use; kept current by {@link #applied} after each of the store's
 * own commits (the rows it deleted and the one fragment it wrote), and by {@link #syncTo} when the
 * dataset moved otherwise (compaction, restore, re-embed, another process): fragments whose data or
 * deletion files changed are rescanned, the ones that are gone dropped, the others kept. A row
 * address holds a fragment id and an offset, and Lance never reuses a fragment id, so a held row is
 * right for every version that still has its fragment.
 */
public final class RowDirectory {
  private static final String ADDRESS = "_rowaddr";
  private static final java.util.concurrent.atomic.AtomicLong HELD =
      new java.util.concurrent.atomic.AtomicLong();

  /** One fragment's rows: row {@code i} starts at {@code starts[i]} of data, -1 when deleted. */
  private record Packed(Object signature, ByteBuffer data, int[] starts, String[] keys) {}

  private final String table;
  private final String keyColumn;
  private final Map<Integer, Packed> fragments = new HashMap<>();
  private final Map<String, Long> addresses = new HashMap<>();
  private final Map<String, Set<String>> children = new HashMap<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();

  /**
   * Per parent key ("" for the roots): the highest order index and the highest last part of a
   * sequence number its children ever had in this directory. They only grow (a deleted child may
   * leave them high: a gap is harmless, a duplicate is not), so a new child is placed without
   * reading its siblings: 10,000 roots made each root create read them all (6/s).
   */
  private final Map<String, int[]> childMaxima = new HashMap<>();

  private List<String> columns = List.of();
  private boolean hierarchy;
  private long version = -1;
  private long bytes;

  RowDirectory(String table, String keyColumn) {
    this.table = table;
    this.keyColumn = keyColumn;
  }

  /** The version this directory reflects; -1 before the first sync. */
  public synchronized long version() {
    return version;
  }

  /** Brings the directory to {@code ds}'s version, rescanning only fragments that changed. */
  synchronized void syncTo(Dataset ds) {
    if (ds.version() == version) {
      return;
    }
    List<String> cols = Columns.withoutVectors(ds.getSchema());
    if (!cols.equals(columns)) {
      clear();
      columns = List.copyOf(cols);
      hierarchy = cols.contains("parent_id") && cols.contains("dependencies");
    }
    Map<Integer, Object> now = signatures(ds);
    for (Integer id : List.copyOf(fragments.keySet())) {
      if (!Objects.equals(now.get(id), fragments.get(id).signature())) {
        drop(id);
      }
    }
    List<Long> toLoad = new ArrayList<>();
    now.keySet().stream()
        .filter(id -> !fragments.containsKey(id))
        .forEach(id -> toLoad.add((long) id));
    if (!toLoad.isEmpty()) {
      load(ds, toLoad, now);
    }
    version = ds.version();
  }

  /**
   * Records one of the store's own commits: read at {@code readVersion}, it deleted the rows at
   * {@code deleted} and wrote {@code written} as one new fragment, giving {@code after}. When some
   * other commit came between, the directory syncs instead.
   */
  synchronized void applied(
      long readVersion, Dataset after, Collection<Long> deleted, VectorSchemaRoot written) {
    if (version != readVersion || after.version() != readVersion + 1) {
      syncTo(after);
      return;
    }
    for (long address : deleted) {
      Packed p = fragments.get(fragmentOf(address));
      int offset = offsetOf(address);
      if (p != null && offset < p.starts().length && p.starts()[offset] >= 0) {
        forget(p.keys()[offset], address, rowOf(p, offset));
        p.starts()[offset] = -1;
      }
    }
    Map<Integer, Object> now = signatures(after);
    for (Integer id : List.copyOf(fragments.keySet())) {
      Packed p = fragments.get(id);
      if (!now.containsKey(id)) {
        drop(id);
      } else if (!Objects.equals(now.get(id), p.signature())) {
        fragments.put(id, new Packed(now.get(id), p.data(), p.starts(), p.keys()));
      }
    }
    List<Integer> added = now.keySet().stream().filter(id -> !fragments.containsKey(id)).toList();
    if (written != null && written.getRowCount() > 0) {
      if (added.size() != 1) {
        version = -1;
        syncTo(after);
        return;
      }
      pack(added.get(0), now.get(added.get(0)), written);
    }
    version = after.version();
  }

  /** The address of the row with this key, or null. */
  public synchronized Long address(String key) {
    return addresses.get(key);
  }

  /** The row with this key (every column but vectors, plus {@code _rowid}), or null. */
  public synchronized Map<String, Object> row(String key) {
    Long address = addresses.get(key);
    return address == null ? null : rowAt(address);
  }

  /** The row at this address if this directory holds it (it may be newer than a caller's view). */
  synchronized Map<String, Object> rowAt(long address) {
    Packed p = fragments.get(fragmentOf(address));
    int offset = offsetOf(address);
    if (p == null || offset >= p.starts().length || p.starts()[offset] < 0) {
      return null;
    }
    Map<String, Object> row = rowOf(p, offset);
    row.put("_rowid", address);
    return row;
  }

  /** The keys of the rows whose parent is {@code key} ("" for the roots). */
  public synchronized Set<String> children(String key) {
    return Set.copyOf(children.getOrDefault(key == null ? "" : key, Set.of()));
  }

  /** The keys of the rows that depend on {@code key}. */
  public synchronized Set<String> dependents(String key) {
    return Set.copyOf(dependents.getOrDefault(key, Set.of()));
  }

  /** How many live rows the directory holds. */
  public synchronized int size() {
    return addresses.size();
  }

  /** Memory held outside the heap for packed rows, in bytes. */
  synchronized long bytes() {
    return bytes;
  }

  /** How many fragments the directory's version has. */
  synchronized int fragmentCount() {
    return fragments.size();
  }

  /** Hands every live row to {@code each}, by address; rows are decoded one at a time. */
  public synchronized void forEach(BiConsumer<Long, Map<String, Object>> each) {
    addresses.forEach((key, address) -> each.accept(address, rowAt(address)));
  }

  private Map<String, Object> rowOf(Packed p, int offset) {
    return RowCodec.read(p.data(), p.starts()[offset], columns);
  }

  private void load(Dataset ds, List<Long> ids, Map<Integer, Object> signatures) {
    List<String> cols = new ArrayList<>(columns);
    ScanOptions options =
        new ScanOptions.Builder()
            .columns(cols)
            .fragmentIds(toInts(ids))
            .withRowAddress(true)
            .build();
    Map<Integer, PackedBuilder> builders = new HashMap<>();
    try (var scanner = ds.newScan(options);
        var reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        UInt8Vector addr = (UInt8Vector) root.getVector(ADDRESS);
        List<FieldVector> vectors = cols.stream().map(root::getVector).toList();
        VarCharVector keys = (VarCharVector) root.getVector(keyColumn);
        for (int i = 0; i < root.getRowCount(); i++) {
          long address = addr.get(i);
          int fid = fragmentOf(address);
          builders
              .computeIfAbsent(fid, f -> new PackedBuilder(physicalRows(ds, f)))
              .add(offsetOf(address), vectors, i, keys.getObject(i).toString());
        }
      }
    } catch (Exception e) {
      throw new StorageException(
          "table "
              + table
              + " at version "
              + ds.version()
              + " cannot be read (a data file missing or damaged?): "
              + LanceTable.message(e),
          e);
    }
    for (long id : ids) {
      int fid = (int) id;
      PackedBuilder b = builders.get(fid);
      if (b == null) {
        b = new PackedBuilder(physicalRows(ds, fid));
      }
      install(fid, signatures.get(fid), b);
    }
  }

  /** Packs the rows of {@code root}, written as fragment {@code fid}, in their order. */
  private void pack(int fid, Object signature, VectorSchemaRoot root) {
    PackedBuilder b = new PackedBuilder(root.getRowCount());
    List<FieldVector> vectors = columns.stream().map(root::getVector).toList();
    VarCharVector keys = (VarCharVector) root.getVector(keyColumn);
    for (int i = 0; i < root.getRowCount(); i++) {
      b.add(i, vectors, i, keys.getObject(i).toString());
    }
    install(fid, signature, b);
  }

  private void install(int fid, Object signature, PackedBuilder b) {
    Packed p = new Packed(signature, b.codec.bytes(), b.starts, b.keys);
    fragments.put(fid, p);
    bytes += p.data().capacity();
    HELD.addAndGet(p.data().capacity());
    for (int offset = 0; offset < p.starts().length; offset++) {
      if (p.starts()[offset] >= 0) {
        remember(p.keys()[offset], address(fid, offset), rowOf(p, offset));
      }
    }
  }

  private void drop(int fid) {
    Packed p = fragments.remove(fid);
    if (p == null) {
      return;
    }
    bytes -= p.data().capacity();
    HELD.addAndGet(-p.data().capacity());
    for (int offset = 0; offset < p.starts().length; offset++) {
      if (p.starts()[offset] >= 0) {
        forget(p.keys()[offset], address(fid, offset), rowOf(p, offset));
      }
    }
  }

  private void remember(String key, long address, Map<String, Object> row) {
    Long before = addresses.put(key, address);
    if (before != null && before != address) {
      throw new StorageException(
          "table " + table + " holds two rows with the " + keyColumn + " " + key);
    }
    if (hierarchy) {
      children.computeIfAbsent(parentOf(row), k -> new LinkedHashSet<>()).add(key);
      for (String d : dependenciesOf(row)) {
        dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(key);
      }
      int[] m = childMaxima.computeIfAbsent(parentOf(row), k -> new int[] {-1, 0});
      if (row.get("order_index") instanceof Number n) {
        m[0] = Math.max(m[0], n.intValue());
      }
      if (row.get("sequence_number") instanceof String number) {
        m[1] = Math.max(m[1], SequenceNumbers.lastPart(number));
      }
    }
  }

  /**
   * The highest order index (-1 for none) and sequence number part (0 for none) the children of
   * {@code key} (null: the roots) have had, as {@code {order, number}}.
   */
  public synchronized int[] childMaxima(String key) {
    int[] m = childMaxima.get(key == null ? "" : key);
    return m == null ? new int[] {-1, 0} : m.clone();
  }

  private void forget(String key, long address, Map<String, Object> row) {
    if (!addresses.remove(key, address)) {
      return;
    }
    if (hierarchy) {
      removeFrom(children, parentOf(row), key);
      for (String d : dependenciesOf(row)) {
        removeFrom(dependents, d, key);
      }
    }
  }

  private static void removeFrom(Map<String, Set<String>> index, String at, String key) {
    Set<String> set = index.get(at);
    if (set != null && set.remove(key) && set.isEmpty()) {
      index.remove(at);
    }
  }

  private static String parentOf(Map<String, Object> row) {
    Object p = row.get("parent_id");
    return p == null ? "" : p.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> dependenciesOf(Map<String, Object> row) {
    Object d = row.get("dependencies");
    return d instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** Lets go of every row; the next sync builds the directory again. */
  synchronized void release() {
    clear();
    columns = List.of();
  }

  /** Memory every directory of this process holds outside the heap, in bytes. */
  public static long heldBytes() {
    return HELD.get();
  }

  private void clear() {
    HELD.addAndGet(-bytes);
    fragments.clear();
    addresses.clear();
    children.clear();
    dependents.clear();
    childMaxima.clear();
    bytes = 0;
    version = -1;
  }

  private static Map<Integer, Object> signatures(Dataset ds) {
    Map<Integer, Object> out = new HashMap<>();
    for (Fragment f : ds.getFragments()) {
      FragmentMetadata m = f.metadata();
      List<String> files = new ArrayList<>();
      for (DataFile file : m.getFiles()) {
        files.add(file.getPath() + Arrays.toString(file.getFields()));
      }
      DeletionFile d = m.getDeletionFile();
      out.put(f.getId(), List.of(files, d == null ? "" : d.getId() + "@" + d.getReadVersion()));
    }
    return out;
  }

  private static int physicalRows(Dataset ds, int fid) {
    long rows = ds.getFragment(fid).metadata().getPhysicalRows();
    if (rows > Integer.MAX_VALUE) {
      throw new StorageException("fragment " + fid + " has more rows than a directory can hold");
    }
    return (int) rows;
  }

  private static List<Integer> toInts(List<Long> ids) {
    return ids.stream().map(Long::intValue).toList();
  }

  static int fragmentOf(long address) {
    return (int) (address >>> 32);
  }

  static int offsetOf(long address) {
    return (int) (address & 0xFFFFFFFFL);
  }

  public static long address(int fragment, int offset) {
    return ((long) fragment << 32) | (offset & 0xFFFFFFFFL);
  }

  /** Rows of one fragment as they are packed; offsets not added stay deleted. */
  private static final class PackedBuilder {
    final RowCodec codec = new RowCodec();
    final int[] starts;
    final String[] keys;

    PackedBuilder(int physicalRows) {
      starts = new int[physicalRows];
      Arrays.fill(starts, -1);
      keys = new String[physicalRows];
    }

    void add(int offset, List<FieldVector> vectors, int row, String key) {
      if (offset >= starts.length) {
        throw new StorageException("row offset " + offset + " past its fragment's rows");
      }
      starts[offset] = codec.append(vectors, row);
      keys[offset] = key;
    }
  }
}
