package dev.jive.lancedb.table;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.StorageException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.embedding.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables of one store location: a handle per table (opened on first use, checked once against
 * the store's model), the write lock that serialises writers on the location, the Arrow allocator
 * and the clock every part shares. The store's parts reach their tables only through it.
 */
public final class Tables implements AutoCloseable {
  private final DatabaseConfig config;
  private final String root;
  private final Embedder embedder;
  private final Clock clock;
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, LanceTable> open = new ConcurrentHashMap<>();
  private final Set<String> modelChecked = ConcurrentHashMap.newKeySet();
  private final WriteLock writeLock;
  private volatile boolean closed;

  /**
   * Opens the location: creates a local folder, refuses one that an older version left a write
   * journal in, and takes the location's write lock handle (not the lock).
   */
  public Tables(DatabaseConfig config, Embedder embedder, Clock clock) {
    this.config = config;
    this.embedder = embedder;
    this.clock = clock;
    this.root = rootOf(config);
    if (config.isRemote()) {
      this.writeLock = WriteLock.forRemote(root);
    } else {
      try {
        Files.createDirectories(Path.of(root));
      } catch (IOException e) {
        throw new StorageException("cannot create data folder " + root + ": " + why(e), e);
      }
      LeftoverJournals.refuseIfAny(Path.of(root));
      this.writeLock = WriteLock.forLocal(Path.of(root));
    }
  }

  /** What went wrong with a folder, in words: some exceptions' message is only the path. */
  static String why(IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return "a file that is not a folder is in the way at " + f.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return "permission denied on " + f.getFile();
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason() + " (" + f.getFile() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Where a configuration's tables live ({@code data_path} or {@code data_path/namespaces/<ns>}).
   */
  public static String rootOf(DatabaseConfig config) {
    String base = config.dataPath();
    while (base.endsWith("/") && base.length() > 1) {
      base = base.substring(0, base.length() - 1);
    }
    return config.namespace() == null ? base : base + "/namespaces/" + config.namespace();
  }

  public String root() {
    return root;
  }

  /** The folder of a local location; empty on object storage. */
  public java.util.Optional<Path> localRoot() {
    return config.isRemote() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(root));
  }

  public DatabaseConfig config() {
    return config;
  }

  public Embedder embedder() {
    return embedder;
  }

  public WriteLock writeLock() {
    return writeLock;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  /** Now, to the microsecond Lance stores. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * A table's handle, checked against the store's model once it exists.
   *
   * @throws ConflictException its vectors came from another model
   */
  public LanceTable table(String name) {
    LanceTable t = unchecked(name);
    if (!modelChecked.contains(name) && t.exists()) {
      checkModel(t);
      modelChecked.add(name);
    }
    return t;
  }

  /** A table's handle without the model check (re-embedding is how a mismatch is mended). */
  public LanceTable unchecked(String name) {
    requireOpen();
    if (!Filter.FIELD_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "table", "invalid table name '" + name + "' (letters, digits and _ only)");
    }
    return open.computeIfAbsent(
        name,
        n ->
            new LanceTable(
                n,
                root + "/" + n + ".lance",
                config.storageOptions(),
                allocator,
                n.equals(JiveTables.WORK_ITEM) ? "id" : null));
  }

  /** A table that must exist. */
  public LanceTable existing(String name) {
    LanceTable t = table(name);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + name + " under " + root);
    }
    return t;
  }

  /** Checks the table against the model again on next use (after a restore or re-embed). */
  public void forgetModelCheck(String name) {
    modelChecked.remove(name);
  }

  /** The schema of one of the four MCP Jive tables for the store's model. */
  public Schema schemaFor(String table) {
    return JiveTables.schema(table, embedder.modelName(), embedder.dimension());
  }

  /** The tables under this location (folders named {@code <Table>.lance}). */
  public List<String> list() {
    if (config.isRemote()) {
      return open.keySet().stream().filter(n -> open.get(n).exists()).sorted().toList();
    }
    try (Stream<Path> entries = Files.list(Path.of(root))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".lance"))
          .map(n -> n.substring(0, n.length() - ".lance".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StorageException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /** Bytes on disk of one table (0 on object storage, which is not walked). */
  public long sizeOf(String table) {
    if (config.isRemote()) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(Path.of(root, table + ".lance"))) {
      return files.filter(Files::isRegularFile).mapToLong(Tables::sizeOrZero).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The table's text columns that the spec names (none for a generic table). */
  public static List<String> textColumns(LanceTable t) {
    return JiveTables.TEXT_COLUMNS.getOrDefault(t.name(), List.of());
  }

  /** Whether the table has a {@code vector} column of float vectors. */
  public static boolean hasVectorColumn(LanceTable t) {
    Field f =
        t.schema().getFields().stream()
            .filter(x -> x.getName().equals(Columns.VECTOR))
            .findFirst()
            .orElse(null);
    return f != null && Columns.isVector(f);
  }

  /**
   * Refuses a table whose vectors came from another model: searching them with this model's query
   * vectors would give silently wrong answers.
   */
  private void checkModel(LanceTable t) {
    Map<String, String> meta = t.schema().getCustomMetadata();
    String model = meta == null ? null : meta.get(JiveTables.modelKey(Columns.VECTOR));
    if (model == null) {
      return;
    }
    String dim = meta.get(JiveTables.dimensionKey(Columns.VECTOR));
    if (!sameModel(model, embedder.modelName())
        || !String.valueOf(embedder.dimension()).equals(dim)) {
      throw new ConflictException(
          "table "
              + t.name()
              + " holds vectors from the model "
              + model
              + " ("
              + dim
              + " dimensions) but this store is configured for "
              + embedder.modelName()
              + " ("
              + embedder.dimension()
              + "). Set embedding_model="
              + model
              + " to use it as it is, or re-embed it: jive-migrate reembed --table "
              + t.name()
              + " --model "
              + embedder.modelName());
    }
  }

  /** Whether two model names are one model (a catalogue alias and its full name, say). */
  public static boolean sameModel(String a, String b) {
    if (ModelCatalog.isCatalogued(a) && ModelCatalog.isCatalogued(b)) {
      return ModelCatalog.resolve(a).name().equals(ModelCatalog.resolve(b).name());
    }
    return a.equals(b);
  }

  /**
   * The model a configuration's WorkItem table records, if any, read from its schema without
   * loading a model or opening a store.
   */
  public static java.util.Optional<String> recordedModel(DatabaseConfig config) {
    String uri = rootOf(config) + "/" + JiveTables.WORK_ITEM + ".lance";
    if (!config.isRemote() && !Files.isDirectory(Path.of(uri))) {
      return java.util.Optional.empty();
    }
    try (BufferAllocator a = new RootAllocator();
        LanceTable t = new LanceTable(JiveTables.WORK_ITEM, uri, config.storageOptions(), a)) {
      if (!t.exists()) {
        return java.util.Optional.empty();
      }
      Map<String, String> meta = t.schema().getCustomMetadata();
      return java.util.Optional.ofNullable(
          meta == null ? null : meta.get(JiveTables.modelKey(Columns.VECTOR)));
    }
  }

  /**
   * A configuration left at the default model takes the model its tables record (after {@code
   * jive-migrate reembed}), so the store and the MCP server embed queries with it; an explicitly
   * chosen model is kept, and a mismatch is then the usual clear error.
   */
  public static DatabaseConfig adoptRecordedModel(DatabaseConfig config, boolean modelChosen) {
    if (modelChosen || !config.embeddingModel().equals(DatabaseConfig.DEFAULT_EMBEDDING_MODEL)) {
      return config;
    }
    return recordedModel(config)
        .filter(ModelCatalog::isCatalogued)
        .filter(m -> !sameModel(m, config.embeddingModel()))
        .map(config::withEmbeddingModel)
        .orElse(config);
  }

  public boolean isClosed() {
    return closed;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the store at " + root + " is closed");
    }
  }

  /** Closes every table handle and the allocator (the embedder is the store's to close). */
  @Override
  public void close() {
    closed = true;
    open.values().forEach(LanceTable::close);
    open.clear();
    allocator.close();
  }
}
