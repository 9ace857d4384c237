package dev.jive.lancedb;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.ConflictException;
import dev.jive.core.ExecutionLog;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.StorageException;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.HierarchyRules;
import dev.jive.core.rules.ProgressRollup;
import dev.jive.core.rules.ReferenceResolver;
import dev.jive.core.rules.Resolution;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.core.rules.WorkItemValidation;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.embedding.EmbedderOptions;
import dev.jive.lancedb.embedding.ModelCatalog;
import dev.jive.lancedb.embedding.NativeHeap;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.Tag;
import org.lance.Version;
import org.lance.index.IndexDescription;
import org.lance.ipc.ScanOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: MCP Jive's tables as Lance datasets under {@code data_path} (one {@code
 * <Table>.lance} folder each, LanceDB's layout), with built-in embeddings. Thread-safe; writes from
 * several threads or processes on one data path are serialised, reads run freely.
 *
 * <pre>{@code
 * try (LanceDBManager store = LanceDBManager.open(DatabaseConfig.defaults())) {
 *   WorkItem epic = store.createWorkItem(WorkItem.builder().id(null)...);
 *   List<SearchHit<WorkItem>> hits = store.search(SearchRequest.of("login", SearchType.HYBRID, 10));
 * }
 * }</pre>
 */
public final class LanceDBManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LanceDBManager.class);
  // RealModelSearchTest's labelled set ties the two (MRR 0.983); weighted scores stay on a 0..1
  // scale that min_score can use (docs/search.md).
  static final HybridFusion.Method DEFAULT_FUSION = HybridFusion.Method.WEIGHTED;
  private static final Map<String, Float> WORK_ITEM_BOOSTS = Map.of("title", 3f, "description", 1f);

  private final DatabaseConfig config;
  private final String root;
  private final Embedder embedder;
  private final StoreOptions options;
  private final Clock clock;
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, LanceTable> tables = new ConcurrentHashMap<>();
  private final Set<String> modelChecked = ConcurrentHashMap.newKeySet();
  private final WriteLock writeLock;
  private final CreateCache createCache = new CreateCache();
  private final QueryVectors queryVectors = new QueryVectors();
  private volatile GroupCommit groupCommit;

  /** Whether this store's model has embedded a text: from then on creates may defer theirs. */
  private volatile boolean embedderProven;

  private final Maintenance maintenance;
  private final ExecutorService maintenanceExecutor;
  private final ExecutorService searchExecutor;
  private final Set<String> maintenanceQueued = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger bulkLoads =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Set<String> maintenanceHeldBack = ConcurrentHashMap.newKeySet();
  private volatile HybridFusion.Method fusion = DEFAULT_FUSION;
  private volatile boolean closed;

  private LanceDBManager(Builder b) {
    this.config = b.config;
    this.embedder = b.embedder;
    this.options = b.options.withEnableFts(b.options.enableFts() && b.config.enableFts());
    this.clock = b.clock;
    this.root = rootOf(b.config);
    if (config.isRemote()) {
      this.writeLock = WriteLock.forRemote(root);
    } else {
      try {
        Files.createDirectories(Path.of(root));
      } catch (IOException e) {
        throw new StorageException("cannot create data folder " + root + ": " + e.getMessage(), e);
      }
      this.writeLock = WriteLock.forLocal(Path.of(root));
    }
    if (config.vectorDimension() != null && config.vectorDimension() != embedder.dimension()) {
      throw new InvalidInputException(
          "vector_dimension",
          config.vectorDimension()
              + " does not match the model "
              + embedder.modelName()
              + ", which produces "
              + embedder.dimension());
    }
    this.maintenance = new Maintenance(options);
    this.searchExecutor = Executors.newCachedThreadPool(DaemonThreads.numbered("jive-search"));
    this.maintenanceExecutor =
        Executors.newSingleThreadExecutor(DaemonThreads.named("jive-maintenance"));
    if (!config.isRemote()) {
      recoverJournals();
    }
  }

  /**
   * Commits the rows that a store which died before committing them left in its journal. Rows
   * already in the table (committed before the journal was cleared) are left as they are.
   */
  private void recoverJournals() {
    writeLock.run(
        () -> {
          int n =
              AppendJournal.recover(
                  Path.of(root),
                  JiveTables.WORK_ITEM,
                  allocator,
                  (file, rows) -> {
                    LanceTable t = unchecked(JiveTables.WORK_ITEM);
                    embedMissingVectors(rows);
                    try (VectorSchemaRoot batch = ArrowRows.toRoot(t.schema(), rows, allocator)) {
                      t.merge(List.of("id"), batch, false, true, false);
                    }
                  });
          if (n > 0) {
            LOG.info("Recovered {} work items a stopped store had not committed yet", n);
            createCache.validate(-1);
          }
        });
  }

  /** Whether root creates wait for company: local stores, with a group-commit delay. */
  private boolean groupCommits() {
    return !config.isRemote() && GroupCommit.enabled();
  }

  /** Journaled rows whose create left the embedding to the group commit get their vectors now. */
  private void embedMissingVectors(List<Map<String, Object>> rows) {
    List<Map<String, Object>> missing =
        rows.stream().filter(r -> r.get(GroupCommit.VECTOR) == null).toList();
    if (missing.isEmpty()) {
      return;
    }
    List<float[]> vectors =
        embedder.embedAll(
            missing.stream().map(r -> JiveTables.workItem(r).embeddingText()).toList());
    for (int i = 0; i < missing.size(); i++) {
      missing.get(i).put(GroupCommit.VECTOR, vectors.get(i));
    }
  }

  /** This store's group commit for single creates; the caller holds the write lock. */
  private GroupCommit groupCommit(LanceTable t) {
    if (groupCommit == null) {
      groupCommit =
          new GroupCommit(
              t,
              writeLock,
              Path.of(root),
              allocator,
              embedder,
              (before, after) -> {
                createCache.sameRows(before, after);
                maintain(JiveTables.WORK_ITEM);
              });
    }
    return groupCommit;
  }

  /** A store with the configured embedding model, loading in the background. */
  public static LanceDBManager open(DatabaseConfig config) {
    return builder(config).build();
  }

  public static Builder builder(DatabaseConfig config) {
    return new Builder(config);
  }

  /**
   * Where a configuration's tables live ({@code data_path}, or {@code data_path/namespaces/<ns>}),
   * without opening anything.
   */
  public static String locationOf(DatabaseConfig config) {
    return rootOf(config);
  }

  static String rootOf(DatabaseConfig config) {
    String base = config.dataPath();
    while (base.endsWith("/") && base.length() > 1) {
      base = base.substring(0, base.length() - 1);
    }
    return config.namespace() == null ? base : base + "/namespaces/" + config.namespace();
  }

  /** Where the tables live: {@code data_path}, or {@code data_path/namespaces/<ns>}. */
  public String location() {
    return root;
  }

  public DatabaseConfig config() {
    return config;
  }

  public Embedder embedder() {
    return embedder;
  }

  /** A store on the same data path and model, for another namespace (sharing the model). */
  public LanceDBManager forNamespace(String namespace) {
    return new Builder(config.withNamespace(namespace))
        .embedder(new NonClosingEmbedder(embedder))
        .options(options)
        .clock(clock)
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Tables

  LanceTable table(String name) {
    requireOpen();
    if (!Filter.FIELD_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "table", "invalid table name '" + name + "' (letters, digits and _ only)");
    }
    LanceTable t =
        tables.computeIfAbsent(
            name,
            n -> new LanceTable(n, root + "/" + n + ".lance", config.storageOptions(), allocator));
    if (!modelChecked.contains(name) && t.exists()) {
      checkModel(t);
      modelChecked.add(name);
    }
    return t;
  }

  /**
   * Refuses to use a table whose vectors came from another model: searching them with this model's
   * query vectors would give silently wrong answers.
   */
  private void checkModel(LanceTable t) {
    Map<String, String> meta = t.schema().getCustomMetadata();
    String model = meta == null ? null : meta.get(JiveTables.modelKey("vector"));
    if (model == null) {
      return;
    }
    String dim = meta.get(JiveTables.dimensionKey("vector"));
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

  private static boolean sameModel(String a, String b) {
    if (ModelCatalog.isCatalogued(a) && ModelCatalog.isCatalogued(b)) {
      return ModelCatalog.resolve(a).name().equals(ModelCatalog.resolve(b).name());
    }
    return a.equals(b);
  }

  private Schema schemaFor(String table) {
    return JiveTables.schema(table, embedder.modelName(), embedder.dimension());
  }

  /**
   * Creates the four MCP Jive tables that do not exist yet (they are also created on first use).
   */
  public void ensureTablesExist() {
    writeLock.run(
        () -> {
          for (String name : JiveTables.ALL) {
            table(name).createEmpty(schemaFor(name));
          }
        });
  }

  /** The tables under this store's location (folders named {@code <Table>.lance}). */
  public List<String> listTables() {
    if (config.isRemote()) {
      return tables.keySet().stream().filter(n -> tables.get(n).exists()).sorted().toList();
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

  public boolean tableExists(String name) {
    return table(name).exists();
  }

  // ---------------------------------------------------------------------------------------------
  // Work items

  /**
   * Creates a work item. A null id gets a new UUID; timestamps default to now; the vector is
   * embedded from {@code title + " " + description} unless one is given (migrations keep vectors).
   *
   * <p>A root item's row may wait a moment for company and be embedded in a batch with the rows
   * created meanwhile (see {@link #flush}); the returned item then has no vector yet. Every read in
   * this process sees the item at once, with its vector.
   *
   * @throws InvalidInputException a field breaks a limit, the parent is unknown or may not hold
   *     this type, or a dependency is unknown
   * @throws ConflictException the id is taken
   */
  public WorkItem createWorkItem(WorkItem draft) {
    Instant now = now();
    WorkItem item =
        draft.toBuilder()
            .id(
                draft.id() == null || draft.id().isBlank()
                    ? UUID.randomUUID().toString()
                    : draft.id())
            .createdAt(draft.createdAt() == null ? now : draft.createdAt())
            .updatedAt(draft.updatedAt() == null ? now : draft.updatedAt())
            .build();
    WorkItemValidation.validate(item);
    // A root item's row may wait for the group commit, which embeds waiting texts in batches:
    // once this store's model has embedded a text (so it loads and runs), the create leaves its
    // text to that batch instead of embedding it here.
    boolean deferEmbedding =
        item.vector() == null && item.isRoot() && embedderProven && groupCommits();
    float[] vector =
        item.vector() != null
            ? checkDimension(item.vector())
            : deferEmbedding ? null : embed(item.embeddingText());
    GroupCommit pending = groupCommit;
    if (deferEmbedding && pending != null) {
      pending.awaitRoom();
    }
    WorkItem withVector = item.withVector(vector);
    WorkItem created =
        writeLock.with(
            () -> {
              LanceTable t = workItems();
              boolean exists = t.exists();
              if (exists) {
                // Rows other stores here hold back are in no cache of this one: commit them.
                GroupCommit.commitAllExcept(t.key(), groupCommit);
              }
              createCache.validate(exists ? t.committedVersion() : -1);
              WorkItem parent = item.isRoot() ? null : requireParent(item);
              requireDependenciesExist(item.id(), item.dependencies());
              WorkItem placed =
                  place(
                      withVector,
                      parent,
                      draft.orderIndex() == 0 && draft.sequenceNumber() == null);
              if (parent != null) {
                // A new child is a leaf: its figure follows its status, so only the parent (and
                // the ancestors it moves) need re-deriving.
                placed = placed.toBuilder().progress(ProgressRollup.leafProgress(placed)).build();
              }
              if (idExists(item.id())) {
                throw new ConflictException(
                    "a work item with the id " + item.id() + " already exists");
              }
              Schema schema = exists ? t.schema() : schemaFor(JiveTables.WORK_ITEM);
              // A root item changes no other row, so its row can wait for company; a child's
              // parent takes its progress at once.
              if (exists && parent == null && groupCommits()) {
                groupCommit(t)
                    .add(
                        schema,
                        JiveTables.row(placed),
                        placed.vector() == null ? item.embeddingText() : null);
                createCache.created(placed.id(), "", placed.orderIndex());
                return placed;
              }
              // The table's first row: nothing waits for company yet.
              WorkItem toWrite =
                  placed.vector() == null ? placed.withVector(embed(item.embeddingText())) : placed;
              try (VectorSchemaRoot rows =
                  ArrowRows.toRoot(schema, List.of(JiveTables.row(toWrite)), allocator)) {
                t.append(schema, rows);
              }
              createCache.created(
                  t.latest().version(),
                  placed.id(),
                  parent == null ? "" : parent.id(),
                  placed.orderIndex());
              if (parent != null) {
                rollUpProgressAround(List.of(parent.id()));
              }
              maintain(JiveTables.WORK_ITEM);
              return toWrite;
            });
    return created;
  }

  /** The old manager's create: a dictionary of fields; returns the new id. */
  public String createWorkItem(Map<String, ?> fields) {
    return createWorkItem(workItemFromFields(fields)).id();
  }

  /**
   * A work item built from a dictionary of fields as {@link #createWorkItem(Map)} reads them (a new
   * id when none is given), without storing it: for batch inserts with {@link #insertWorkItems}.
   */
  public static WorkItem workItemFromFields(Map<String, ?> fields) {
    WorkItem.Builder b = WorkItem.builder().id(newId());
    fields.forEach((k, v) -> WorkItemFields.apply(b, k, v));
    if (fields.get("item_type") == null && fields.get("type") == null) {
      throw new InvalidInputException(
          "item_type", "is required (initiative, epic, feature, story or task)");
    }
    return b.build();
  }

  /**
   * Memory that every store in this process holds for search answers' rows, and its budget, in MB
   * ({@code -Djive.search.row_cache_mb}; docs/search.md).
   */
  public static Map<String, Double> rowCacheMb() {
    return Map.of(
        "used", Math.round(RowCache.usedBytes() / 1048576.0 * 10) / 10.0,
        "budget", RowCache.BUDGET_BYTES / 1048576.0);
  }

  /** A fresh id for a new work item. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Inserts many work items in one write, all or nothing: every item is validated, its parent must
   * exist in the store or earlier in the batch and may hold it, ids must be new, and dependencies
   * must name known items. Items without a vector are embedded in batches.
   *
   * @return how many were inserted
   */
  public int insertWorkItems(List<WorkItem> items) {
    if (items.isEmpty()) {
      return 0;
    }
    Instant now = now();
    List<WorkItem> ready = new ArrayList<>(items.size());
    List<String> toEmbed = new ArrayList<>();
    for (WorkItem w : items) {
      WorkItem item =
          w.toBuilder()
              .createdAt(w.createdAt() == null ? now : w.createdAt())
              .updatedAt(w.updatedAt() == null ? now : w.updatedAt())
              .build();
      WorkItemValidation.validate(item);
      if (item.vector() == null) {
        toEmbed.add(item.embeddingText());
      } else {
        checkDimension(item.vector());
      }
      ready.add(item);
    }
    List<float[]> vectors = toEmbed.isEmpty() ? List.of() : embedder.embedAll(toEmbed);
    int next = 0;
    for (int i = 0; i < ready.size(); i++) {
      if (ready.get(i).vector() == null) {
        ready.set(i, ready.get(i).withVector(vectors.get(next++)));
      }
    }
    int inserted =
        writeLock.with(
            () -> {
              LanceTable t = workItems();
              // Read only the rows this batch names (its ids, parents and dependencies), not the
              // table: a migration inserts batch after batch into a growing table.
              Set<String> named = new HashSet<>();
              for (WorkItem w : ready) {
                named.add(w.id());
                if (!w.isRoot()) {
                  named.add(w.parentId());
                }
                named.addAll(w.dependencies());
              }
              Map<String, WorkItem> known = new HashMap<>();
              for (WorkItem w : listIn("id", named)) {
                known.put(w.id(), w);
              }
              for (WorkItem item : ready) {
                if (known.containsKey(item.id())) {
                  throw new ConflictException(
                      "a work item with the id " + item.id() + " already exists");
                }
                if (!item.isRoot()) {
                  WorkItem parent = known.get(item.parentId());
                  if (parent == null) {
                    throw new InvalidInputException(
                        "parent_id",
                        "item " + item.id() + ": no work item has the id " + item.parentId());
                  }
                  HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
                }
                known.put(item.id(), item);
              }
              for (WorkItem item : ready) {
                for (String d : item.dependencies()) {
                  if (!known.containsKey(d)) {
                    throw new InvalidInputException(
                        "dependencies", "item " + item.id() + ": no work item has the id " + d);
                  }
                }
              }
              // A new cycle runs through a new item, so it needs a new item with dependencies.
              List<List<String>> cycles =
                  ready.stream().anyMatch(w -> !w.dependencies().isEmpty())
                      ? dependencyGraphWith(ready).cycles()
                      : List.of();
              if (!cycles.isEmpty()) {
                throw new ConflictException(
                    "dependencies would form a cycle: " + String.join(" -> ", cycles.get(0)));
              }
              Schema schema = t.exists() ? t.schema() : schemaFor(JiveTables.WORK_ITEM);
              int batch = Math.max(1, config.batchSize()) * 100;
              for (int from = 0; from < ready.size(); from += batch) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (WorkItem w : ready.subList(from, Math.min(ready.size(), from + batch))) {
                  rows.add(JiveTables.row(w));
                }
                try (VectorSchemaRoot root = ArrowRows.toRoot(schema, rows, allocator)) {
                  t.append(schema, root);
                }
              }
              // The new children's own figures, and their parents', which gained children.
              rollUpProgressAround(
                  ready.stream()
                      .filter(w -> !w.isRoot())
                      .flatMap(w -> Stream.of(w.id(), w.parentId()))
                      .toList());
              return ready.size();
            });
    maintain(JiveTables.WORK_ITEM);
    return inserted;
  }

  /** Puts a new item last among its siblings, reading only their order column once per version. */
  private WorkItem place(WorkItem item, WorkItem parent, boolean appendAtEnd) {
    String key = parent == null ? "" : parent.id();
    int[] stats = createCache.siblings(key);
    if (stats == null) {
      Filter siblings =
          parent == null ? Filter.isNull("parent_id") : Filter.eq("parent_id", parent.id());
      int count = 0;
      int maxOrder = -1;
      LanceTable t = workItems();
      if (t.exists()) {
        for (Map<String, Object> row :
            t.rows(
                new ScanOptions.Builder()
                    .columns(List.of("order_index"))
                    .filter(SqlFilterRenderer.render(siblings))
                    .build())) {
          count++;
          Object order = row.get("order_index");
          maxOrder = Math.max(maxOrder, order == null ? 0 : (Integer) order);
        }
      }
      createCache.siblings(key, count, maxOrder);
      stats = createCache.siblings(key);
    }
    String seq =
        (parent == null || parent.sequenceNumber() == null ? "" : parent.sequenceNumber() + ".")
            + (stats[0] + 1);
    return item.toBuilder()
        .orderIndex(appendAtEnd ? stats[1] + 1 : item.orderIndex())
        .sequenceNumber(item.sequenceNumber() == null ? seq : item.sequenceNumber())
        .build();
  }

  /** Whether an id is taken: the id column is read once per table version. */
  private boolean idExists(String id) {
    LanceTable t = workItems();
    if (!t.exists()) {
      return false;
    }
    if (createCache.ids() == null) {
      Set<String> ids = new HashSet<>();
      for (Map<String, Object> row :
          t.rows(new ScanOptions.Builder().columns(List.of("id")).build())) {
        ids.add((String) row.get("id"));
      }
      createCache.ids(ids);
    }
    return createCache.ids().contains(id);
  }

  private WorkItem requireParent(WorkItem item) {
    WorkItem parent =
        findById(item.parentId())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "parent_id", "no work item has the id " + item.parentId()));
    HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
    return parent;
  }

  private void requireDependenciesExist(String self, List<String> dependencies) {
    if (dependencies.isEmpty()) {
      return;
    }
    Set<String> found = new HashSet<>();
    for (WorkItem w : listAll(Filter.in("id", dependencies))) {
      found.add(w.id());
    }
    for (String d : dependencies) {
      if (!found.contains(d)) {
        throw new InvalidInputException("dependencies", "no work item has the id " + d);
      }
    }
    DependencyGraph graph = dependencyGraph();
    for (String d : dependencies) {
      graph
          .cycleIfAdded(self, d)
          .ifPresent(
              cycle -> {
                throw new ConflictException(
                    "dependency would close a cycle: " + String.join(" -> ", cycle));
              });
    }
  }

  /** A work item by its UUID or item_id. */
  public Optional<WorkItem> findById(String id) {
    return findById(id, false);
  }

  private Optional<WorkItem> findById(String id, boolean withVector) {
    if (id == null || id.isBlank() || !workItems().exists()) {
      return Optional.empty();
    }
    List<WorkItem> found =
        listAll(Filter.or(Filter.eq("id", id), Filter.eq("item_id", id)), withVector);
    return found.stream()
        .filter(w -> w.id().equals(id))
        .findFirst()
        .or(() -> found.stream().findFirst());
  }

  /**
   * A work item by reference: its UUID or item_id, its exact title (the most recently updated
   * wins), or keywords (title hits outweigh description hits).
   */
  public Optional<WorkItem> getWorkItem(String reference) {
    Resolution r = resolve(reference);
    return r instanceof Resolution.Unresolved ? Optional.empty() : Optional.of(item(r));
  }

  /** How a reference resolves; see {@link ReferenceResolver}. */
  public Resolution resolve(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidInputException(
          "work_item_id", "a UUID, an exact title or keywords is required");
    }
    String ref = reference.strip();
    Optional<WorkItem> byId = findById(ref);
    if (byId.isPresent()) {
      return new Resolution.ById(byId.get());
    }
    if (ReferenceResolver.looksLikeUuid(ref) || !workItems().exists()) {
      return new Resolution.Unresolved("no work item has the id " + ref);
    }
    List<WorkItem> candidates = new ArrayList<>(listAll(Filter.eq("title", ref)));
    if (candidates.isEmpty()) {
      Set<String> seen = new HashSet<>();
      for (SearchHit<WorkItem> hit : keywordCandidates(ref)) {
        if (seen.add(hit.item().id())) {
          candidates.add(hit.item());
        }
      }
    }
    return ReferenceResolver.resolve(ref, candidates);
  }

  private List<SearchHit<WorkItem>> keywordCandidates(String ref) {
    List<String> columns =
        Maintenance.indexedTextColumns(workItems(), List.of("title", "description"));
    if (columns.isEmpty()) {
      // No full-text index yet (a new or tiny table): let the resolver read every title.
      return listAll(Filter.matchAll()).stream().map(w -> new SearchHit<>(w, 0, Set.of())).toList();
    }
    String query = String.join(" ", ReferenceResolver.keywords(ref));
    if (query.isBlank()) {
      return List.of();
    }
    return Searcher.keyword(
        workItems(),
        query,
        columns,
        WORK_ITEM_BOOSTS,
        Filter.matchAll(),
        50,
        null,
        JiveTables::workItem);
  }

  private static WorkItem item(Resolution r) {
    if (r instanceof Resolution.ById b) {
      return b.item();
    } else if (r instanceof Resolution.ByTitle t) {
      return t.item();
    } else if (r instanceof Resolution.ByKeywords k) {
      return k.item();
    }
    throw new IllegalStateException(r.toString());
  }

  /** A work item by reference, or a not-found error saying what was tried. */
  public WorkItem requireWorkItem(String reference) {
    Resolution r = resolve(reference);
    if (r instanceof Resolution.Unresolved u) {
      throw new NotFoundException(u.reason());
    }
    return item(r);
  }

  /**
   * Applies a partial update as a merge-insert (never delete and re-insert), re-embedding only when
   * title or description change, and re-checking the hierarchy and dependencies it touches.
   */
  public WorkItem updateWorkItem(String id, WorkItemPatch patch) {
    float[] vector = null;
    // Embedding a changed text is slow: done before taking the lock, on the item as it is now.
    WorkItem current =
        patch.touches("title") || patch.touches("description")
            ? findById(id).orElseThrow(() -> new NotFoundException("no work item has the id " + id))
            : null;
    if (current != null && patch.changesText(current)) {
      WorkItem preview = patch.applyTo(current);
      vector = embed(preview.embeddingText());
    }
    float[] newVector = vector;
    WorkItem updated =
        writeLock.with(
            () -> {
              // Re-read under the lock: another writer may have changed it since.
              WorkItem fresh =
                  findById(id, true)
                      .orElseThrow(() -> new NotFoundException("no work item has the id " + id));
              WorkItem next =
                  patch.applyTo(fresh).toBuilder().updatedAt(later(fresh.updatedAt())).build();
              if (patch.changesText(fresh)) {
                next = next.withVector(newVector != null ? newVector : embed(next.embeddingText()));
              }
              WorkItemValidation.validate(next);
              boolean moved = !java.util.Objects.equals(fresh.parentId(), next.parentId());
              if ((moved || fresh.itemType() != next.itemType()) && !next.isRoot()) {
                WorkItem parent = requireParent(next);
                requireNotUnderItself(next.id(), parent);
              }
              if (fresh.itemType() != next.itemType()) {
                for (WorkItem child : children(next.id(), false)) {
                  HierarchyRules.requireCanParent(next.itemType(), child.itemType());
                }
              }
              if (!fresh.dependencies().equals(next.dependencies())) {
                List<String> added = new ArrayList<>(next.dependencies());
                added.removeAll(fresh.dependencies());
                requireDependenciesExist(next.id(), added);
              }
              if (!moved
                  && fresh.status() == next.status()
                  && fresh.progress() == next.progress()) {
                writeRow(next);
                return next.withVector(null);
              }
              // Rolled up before anything is written, with the new row in place of the stored
              // one, so the row and its ancestors' figures go in one merge. The parents are named
              // since their children changed, whatever the item's own figure does.
              List<String> around = new ArrayList<>(List.of(next.id()));
              Stream.of(fresh.parentId(), next.parentId())
                  .filter(Objects::nonNull)
                  .distinct()
                  .forEach(around::add);
              Map<String, WorkItem> changed = progressAround(around, next);
              WorkItem own = changed.remove(next.id());
              WorkItem written =
                  own == null ? next : next.toBuilder().progress(own.progress()).build();
              List<WorkItem> rows = new ArrayList<>(List.of(written));
              rows.addAll(changed.values());
              writeRows(rows);
              // What was written, as a read would return it (reads leave the vector out).
              return written.withVector(null);
            });
    maintain(JiveTables.WORK_ITEM);
    return updated;
  }

  /** The old manager's update: true when the item existed and was updated. */
  public boolean updateWorkItem(String id, Map<String, ?> updates) {
    if (findById(id).isEmpty()) {
      return false;
    }
    updateWorkItem(id, WorkItemPatch.of(updates));
    return true;
  }

  private Instant later(Instant previous) {
    Instant now = now();
    // Two updates in the same microsecond must still order: "most recently updated wins".
    return previous != null && !now.isAfter(previous) ? previous.plus(1, ChronoUnit.MICROS) : now;
  }

  private void requireNotUnderItself(String id, WorkItem newParent) {
    Map<String, String> parents = new HashMap<>();
    for (WorkItem w : listAll(Filter.matchAll())) {
      parents.put(w.id(), w.parentId());
    }
    for (String p = newParent.id(); p != null; p = parents.get(p)) {
      if (p.equals(id)) {
        throw new InvalidInputException(
            "parent_id", "a work item cannot be moved under itself or its descendants");
      }
    }
  }

  /**
   * Writes an item over its stored row; when it carries no vector, the stored vector is kept (see
   * {@link #writeRows}).
   */
  private void writeRow(WorkItem item) {
    writeRows(List.of(item));
  }

  /**
   * Rewrites existing rows: those with a vector whole, in one merge; those without in another that
   * keeps their stored vectors (slower: see {@link #listAll(Filter, boolean)}).
   */
  private void writeRows(java.util.Collection<WorkItem> items) {
    List<WorkItem> whole = items.stream().filter(w -> w.vector() != null).toList();
    List<WorkItem> partial = items.stream().filter(w -> w.vector() == null).toList();
    merge(whole, true);
    merge(partial, false);
  }

  private void merge(List<WorkItem> items, boolean withVectors) {
    if (items.isEmpty()) {
      return;
    }
    LanceTable t = workItems();
    Schema full = t.schema();
    Schema schema =
        withVectors
            ? full
            : new Schema(
                full.getFields().stream().filter(f -> !f.getName().equals("vector")).toList(),
                full.getCustomMetadata());
    List<Map<String, Object>> rows = new ArrayList<>();
    items.forEach(w -> rows.add(JiveTables.row(w)));
    try (VectorSchemaRoot root = ArrowRows.toRoot(schema, rows, allocator)) {
      t.merge(List.of("id"), root, true, false, false);
    }
  }

  /**
   * Deletes a work item; with {@code withChildren} its whole subtree too. An item with children is
   * refused without it. Other items' dependencies on the deleted ones are removed.
   *
   * @return the ids deleted
   */
  public List<String> deleteWorkItem(String id, boolean withChildren) {
    List<String> deleted =
        writeLock.with(
            () -> {
              WorkItem item =
                  findById(id)
                      .orElseThrow(() -> new NotFoundException("no work item has the id " + id));
              List<WorkItem> descendants = children(item.id(), true);
              if (!descendants.isEmpty() && !withChildren) {
                throw new ConflictException(
                    "work item "
                        + item.id()
                        + " has "
                        + descendants.size()
                        + " descendant(s); delete them too (delete_children) or move them first");
              }
              List<String> ids = new ArrayList<>();
              ids.add(item.id());
              descendants.forEach(d -> ids.add(d.id()));
              workItems().delete(SqlFilterRenderer.render(Filter.in("id", ids)));
              for (WorkItem dependent : listAll(Filter.hasAny("dependencies", ids), true)) {
                List<String> kept = new ArrayList<>(dependent.dependencies());
                kept.removeAll(ids);
                writeRow(
                    dependent.toBuilder()
                        .dependencies(kept)
                        .updatedAt(later(dependent.updatedAt()))
                        .build());
              }
              if (!item.isRoot()) {
                rollUpProgressAround(List.of(item.parentId()));
              }
              return ids;
            });
    maintain(JiveTables.WORK_ITEM);
    return deleted;
  }

  /** The old manager's delete: true when something was deleted (children go with it). */
  public boolean deleteWorkItem(String id) {
    if (findById(id).isEmpty()) {
      return false;
    }
    deleteWorkItem(id, true);
    return true;
  }

  /** A page of work items, filtered and sorted. */
  public List<WorkItem> listWorkItems(WorkItemQuery query) {
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    // Every matching row is read for its sort keys only; the page's rows are then read whole (from
    // the row cache, mostly): reading all 25 columns of every row cost 45 to 65 ms at 10,000 rows.
    return t.withSnapshot(
        ds -> {
          ScanOptions.Builder b =
              new ScanOptions.Builder().withRowId(true).columns(WorkItemQuery.SORT_COLUMNS);
          if (!query.filter().isMatchAll()) {
            b.filter(SqlFilterRenderer.render(query.filter()));
          }
          List<Map.Entry<Long, WorkItem>> keys = new ArrayList<>();
          t.scan(
              ds,
              b.build(),
              root ->
                  ArrowRows.byRowId(root)
                      .forEach((id, row) -> keys.add(Map.entry(id, JiveTables.workItem(row)))));
          keys.sort(Map.Entry.comparingByValue(query.comparator()));
          int from = Math.min(query.offset(), keys.size());
          int to = Math.min(keys.size(), from + query.limit());
          List<Long> page = keys.subList(from, to).stream().map(Map.Entry::getKey).toList();
          Map<Long, Map<String, Object>> rows = t.rowsAt(ds, page);
          return page.stream().map(id -> JiveTables.workItem(rows.get(id))).toList();
        });
  }

  /** How many work items match the filter. */
  public long countWorkItems(Filter filter) {
    LanceTable t = workItems();
    return !t.exists() ? 0 : t.count(filter.isMatchAll() ? null : SqlFilterRenderer.render(filter));
  }

  /** Every work item, without vectors, in no particular order (for whole-project views). */
  public List<WorkItem> allWorkItems() {
    return listAll(Filter.matchAll());
  }

  /** Every matching work item, without vectors, in no particular order. */
  List<WorkItem> listAll(Filter filter) {
    return listAll(filter, false);
  }

  /**
   * Every matching work item; with their vectors for rows about to be written back whole (a
   * merge-insert of whole rows joins on the key alone, while one missing a column rereads the
   * table's stored rows to fill it in: three times slower at 10,000 rows).
   */
  private List<WorkItem> listAll(Filter filter, boolean withVectors) {
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    ScanOptions.Builder b = new ScanOptions.Builder();
    if (!withVectors) {
      b.columns(Columns.withoutVectors(t.schema()));
    }
    if (!filter.isMatchAll()) {
      b.filter(SqlFilterRenderer.render(filter));
    }
    List<WorkItem> out = new ArrayList<>();
    for (Map<String, Object> row : t.rows(b.build())) {
      out.add(JiveTables.workItem(row));
    }
    return out;
  }

  /** Every work item with its vector (for exports and validation). */
  public List<WorkItem> allWorkItemsWithVectors() {
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    return t.rows(new ScanOptions.Builder().build()).stream().map(JiveTables::workItem).toList();
  }

  /** Direct children, or every descendant when {@code recursive} (breadth first). */
  public List<WorkItem> children(String id, boolean recursive) {
    if (!recursive) {
      List<WorkItem> kids = new ArrayList<>(listAll(Filter.eq("parent_id", id)));
      kids.sort(SequenceNumbers.SIBLING_ORDER);
      return kids;
    }
    Map<String, List<WorkItem>> byParent = new HashMap<>();
    for (WorkItem w : listAll(Filter.matchAll())) {
      if (!w.isRoot()) {
        byParent.computeIfAbsent(w.parentId(), k -> new ArrayList<>()).add(w);
      }
    }
    List<WorkItem> out = new ArrayList<>();
    Deque<String> queue = new ArrayDeque<>(List.of(id));
    Set<String> seen = new HashSet<>(List.of(id));
    while (!queue.isEmpty()) {
      List<WorkItem> kids = new ArrayList<>(byParent.getOrDefault(queue.poll(), List.of()));
      kids.sort(SequenceNumbers.SIBLING_ORDER);
      for (WorkItem kid : kids) {
        if (seen.add(kid.id())) {
          out.add(kid);
          queue.add(kid.id());
        }
      }
    }
    return out;
  }

  /**
   * Adds "{@code from} depends on {@code to}", refusing an unknown item or a cycle. The read and
   * the write happen under the write lock, so concurrent additions to one item are all kept.
   */
  public WorkItem addDependency(String from, String to) {
    return writeLock.with(
        () -> {
          WorkItem item = require(from);
          if (item.dependencies().contains(to)) {
            return item;
          }
          List<String> deps = new ArrayList<>(item.dependencies());
          deps.add(to);
          return updateWorkItem(from, WorkItemPatch.empty().set("dependencies", deps));
        });
  }

  public WorkItem removeDependency(String from, String to) {
    return writeLock.with(
        () -> {
          WorkItem item = require(from);
          List<String> deps = new ArrayList<>(item.dependencies());
          deps.remove(to);
          return updateWorkItem(from, WorkItemPatch.empty().set("dependencies", deps));
        });
  }

  private WorkItem require(String id) {
    return findById(id).orElseThrow(() -> new NotFoundException("no work item has the id " + id));
  }

  /** The dependency graph of every work item. */
  public DependencyGraph dependencyGraph() {
    return dependencyGraphWith(List.of());
  }

  /** The dependency graph of every stored work item and of {@code added}, not stored yet. */
  private DependencyGraph dependencyGraphWith(List<WorkItem> added) {
    Map<String, List<String>> edges = new HashMap<>();
    for (WorkItem w : listAll(Filter.matchAll())) {
      edges.put(w.id(), w.dependencies());
    }
    added.forEach(w -> edges.put(w.id(), w.dependencies()));
    return DependencyGraph.of(edges);
  }

  /**
   * Re-derives the progress of {@code ids} and climbs to their ancestors while figures change: an
   * item with children takes their mean, a leaf its status's figure ({@link ProgressRollup}). Each
   * level is one read (the level's items and their children), and the climb stops where a figure
   * did not move, so a create or an update reads a few rows per level of the hierarchy instead of
   * whole trees. Children outside the climb count with their stored figures, which every write
   * keeps current (rollUpProgress() rewrites them all). Items under a missing parent stop the
   * climb; a parent cycle stops after {@link #MAX_ROLL_UP_VISITS} visits of an item.
   *
   * @param ids the items whose own figure may have moved: a changed leaf, a parent that gained or
   *     lost a child
   */
  private void rollUpProgressAround(java.util.Collection<String> ids) {
    writeRows(progressAround(ids, null).values());
  }

  /**
   * The roll-up of {@link #rollUpProgressAround}, written by the caller: the items whose figure
   * changed, as read (with their vectors) with their new progress; {@code pending}, a row about to
   * be written, stands in for the stored one (its parent, status and figure may differ).
   */
  private Map<String, WorkItem> progressAround(java.util.Collection<String> ids, WorkItem pending) {
    Map<String, WorkItem> changed = new LinkedHashMap<>();
    Map<String, Double> figures = new HashMap<>();
    Map<String, Integer> visits = new HashMap<>();
    Set<String> level = new LinkedHashSet<>();
    ids.stream().filter(Objects::nonNull).forEach(level::add);
    while (!level.isEmpty()) {
      // An item can come round again when a child of it was re-derived later in the same level.
      level.removeIf(id -> visits.merge(id, 1, Integer::sum) > MAX_ROLL_UP_VISITS);
      List<WorkItem> read = new ArrayList<>(withChildren(level));
      if (pending != null) {
        read.removeIf(w -> w.id().equals(pending.id()));
        if (level.contains(pending.id())
            || (!pending.isRoot() && level.contains(pending.parentId()))) {
          read.add(pending);
        }
      }
      Map<String, WorkItem> items = new LinkedHashMap<>();
      Map<String, List<WorkItem>> children = new HashMap<>();
      for (WorkItem w : read) {
        if (level.contains(w.id())) {
          items.put(w.id(), w);
        }
        if (!w.isRoot() && level.contains(w.parentId())) {
          children.computeIfAbsent(w.parentId(), k -> new ArrayList<>()).add(w);
        }
      }
      Set<String> next = new LinkedHashSet<>();
      for (WorkItem w : items.values()) {
        List<WorkItem> kids = children.getOrDefault(w.id(), List.of());
        double figure =
            kids.isEmpty()
                ? ProgressRollup.leafProgress(w)
                : ProgressRollup.parentProgress(kids, figures);
        double before = figures.getOrDefault(w.id(), w.progress());
        if (Math.abs(figure - before) > 1e-9) {
          figures.put(w.id(), figure);
          changed.put(w.id(), w.toBuilder().progress(figure).build());
          if (!w.isRoot()) {
            next.add(w.parentId());
          }
        }
      }
      level = next;
    }
    return changed;
  }

  private static final int MAX_ROLL_UP_VISITS = 64;

  /** The items {@code ids} and their children, with their vectors, to be written back whole. */
  private List<WorkItem> withChildren(Set<String> ids) {
    return listInSlices(
        ids, slice -> Filter.or(Filter.in("id", slice), Filter.in("parent_id", slice)), true);
  }

  /** The work items whose {@code field} is one of {@code values}. */
  private List<WorkItem> listIn(String field, java.util.Collection<String> values) {
    return listInSlices(values, slice -> Filter.in(field, slice), false);
  }

  /** The work items {@code filter} selects for each slice of 1,000 {@code values}. */
  private List<WorkItem> listInSlices(
      java.util.Collection<String> values,
      Function<List<String>, Filter> filter,
      boolean withVectors) {
    List<WorkItem> out = new ArrayList<>();
    List<String> all = new ArrayList<>(values);
    for (int from = 0; from < all.size(); from += 1000) {
      out.addAll(
          listAll(filter.apply(all.subList(from, Math.min(all.size(), from + 1000))), withVectors));
    }
    return out;
  }

  /** Recomputes every item's progress from its children and writes the ones that changed. */
  public Map<String, Double> rollUpProgress() {
    return writeLock.with(
        () -> {
          Map<String, Double> changes = ProgressRollup.changes(listAll(Filter.matchAll()));
          writeColumn("progress", changes);
          return changes;
        });
  }

  /** Renumbers every item ("1.2.1") and writes the numbers that changed. */
  public Map<String, String> regenerateSequenceNumbers() {
    return writeLock.with(
        () -> {
          List<WorkItem> all = listAll(Filter.matchAll());
          Map<String, String> numbers = SequenceNumbers.regenerate(all);
          Map<String, String> changed = new LinkedHashMap<>();
          for (WorkItem w : all) {
            if (!numbers.get(w.id()).equals(w.sequenceNumber())) {
              changed.put(w.id(), numbers.get(w.id()));
            }
          }
          writeColumn("sequence_number", changed);
          return changed;
        });
  }

  /**
   * Sets {@code order_index} of many items in one write (a reorder among siblings); the sequence
   * numbers are not touched, call {@link #regenerateSequenceNumbers} after.
   */
  public void setOrderIndexes(Map<String, Integer> indexes) {
    writeLock.run(() -> writeColumn("order_index", indexes));
    maintain(JiveTables.WORK_ITEM);
  }

  /** Writes one column for many items with a merge-insert holding only the key and that column. */
  private void writeColumn(String column, Map<String, ?> values) {
    if (values.isEmpty()) {
      return;
    }
    LanceTable t = workItems();
    Schema full = t.schema();
    Schema partial = new Schema(List.of(full.findField("id"), full.findField(column)));
    List<Map<String, Object>> rows = new ArrayList<>();
    values.forEach(
        (id, v) -> {
          Map<String, Object> r = new HashMap<>();
          r.put("id", id);
          r.put(column, v);
          rows.add(r);
        });
    try (VectorSchemaRoot root = ArrowRows.toRoot(partial, rows, allocator)) {
      t.merge(List.of("id"), root, true, false, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Search

  /** Semantic, keyword or hybrid search over work items; a query of {@code *} lists. */
  public List<SearchHit<WorkItem>> search(SearchRequest request) {
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    if (request.listsEverything()) {
      return listWorkItems(WorkItemQuery.of(request.filter(), request.limit())).stream()
          .map(w -> new SearchHit<>(w, 1.0, Set.<dev.jive.core.search.Retriever>of()))
          .toList();
    }
    return searchTable(
        t,
        request,
        JiveTables.TEXT_COLUMNS.get(JiveTables.WORK_ITEM),
        WORK_ITEM_BOOSTS,
        JiveTables::workItem);
  }

  /** Exact (flat) semantic search, ignoring the vector index: the recall baseline. */
  public List<SearchHit<WorkItem>> searchByVectorExact(float[] vector, int limit) {
    return Searcher.semantic(
        workItems(), vector, Filter.matchAll(), limit, null, false, JiveTables::workItem);
  }

  /** Semantic search with a caller's vector (its dimension must be the table's). */
  public List<SearchHit<WorkItem>> searchByVector(float[] vector, Filter filter, int limit) {
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    return Searcher.semantic(
        t,
        vector,
        filter == null ? Filter.matchAll() : filter,
        limit,
        null,
        Maintenance.hasVectorIndex(t),
        JiveTables::workItem);
  }

  private <T> List<SearchHit<T>> searchTable(
      LanceTable t,
      SearchRequest request,
      List<String> textColumns,
      Map<String, Float> boosts,
      Function<Map<String, Object>, T> mapper) {
    boolean indexed = Maintenance.hasVectorIndex(t);
    List<String> ftsColumns = Maintenance.indexedTextColumns(t, textColumns);
    return switch (request.type()) {
      case SEMANTIC ->
          Searcher.semantic(
              t,
              embedQuery(request.query()),
              request.filter(),
              request.limit(),
              request.minScore(),
              indexed,
              mapper);
      case KEYWORD ->
          Searcher.keyword(
              t,
              request.query(),
              ftsColumns,
              boosts,
              request.filter(),
              request.limit(),
              request.minScore(),
              mapper);
      case HYBRID -> {
        int depth = Searcher.depth(request);
        yield t.withSnapshot(
            ds -> {
              // The two retrievers are independent: embed and search by vector on another core
              // while this thread runs the full-text query.
              CompletableFuture<List<Searcher.Located>> semantic =
                  CompletableFuture.supplyAsync(
                      () ->
                          Searcher.locateSemantic(
                              ds,
                              t,
                              embedQuery(request.query()),
                              request.filter(),
                              depth,
                              indexed ? Searcher.Ranking.INDEXED : Searcher.Ranking.EXACT),
                      searchExecutor);
              List<Searcher.Located> keyword =
                  ftsColumns.isEmpty()
                      ? List.of()
                      : Searcher.locateKeyword(
                          ds, t, request.query(), ftsColumns, boosts, request.filter(), depth);
              return Searcher.hybrid(
                  ds,
                  t,
                  fusion,
                  join(semantic),
                  keyword,
                  request.limit(),
                  request.minScore(),
                  mapper);
            });
      }
    };
  }

  /** The old manager's search; {@code searchType} is semantic, vector, keyword or hybrid. */
  public List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Filter filters) {
    return search(new SearchRequest(query, SearchType.parse(searchType), filters, limit, null));
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StorageException("search failed: " + e.getCause(), e.getCause());
    }
  }

  void useFusion(HybridFusion.Method method) {
    this.fusion = method;
  }

  // ---------------------------------------------------------------------------------------------
  // Execution logs

  public ExecutionLog logExecution(ExecutionLog log) {
    LanceTable t = table(JiveTables.EXECUTION_LOG);
    writeLock.run(
        () -> {
          try (VectorSchemaRoot rows =
              ArrowRows.toRoot(
                  schemaFor(JiveTables.EXECUTION_LOG), List.of(JiveTables.row(log)), allocator)) {
            t.append(schemaFor(JiveTables.EXECUTION_LOG), rows);
          }
        });
    maintain(JiveTables.EXECUTION_LOG);
    return log;
  }

  /** Appends many logs in one write (a migration's history). */
  public int logExecutions(List<ExecutionLog> logs) {
    if (logs.isEmpty()) {
      return 0;
    }
    LanceTable t = table(JiveTables.EXECUTION_LOG);
    Schema schema = schemaFor(JiveTables.EXECUTION_LOG);
    List<Map<String, Object>> rows = new ArrayList<>(logs.size());
    logs.forEach(l -> rows.add(JiveTables.row(l)));
    writeLock.run(
        () -> {
          try (VectorSchemaRoot root = ArrowRows.toRoot(schema, rows, allocator)) {
            t.append(schema, root);
          }
        });
    maintain(JiveTables.EXECUTION_LOG);
    return logs.size();
  }

  /** The newest logs first; all items' logs when {@code workItemId} is null. */
  public List<ExecutionLog> getExecutionLogs(String workItemId, int limit) {
    LanceTable t = table(JiveTables.EXECUTION_LOG);
    if (!t.exists()) {
      return List.of();
    }
    ScanOptions.Builder b = new ScanOptions.Builder();
    if (workItemId != null) {
      b.filter(SqlFilterRenderer.render(Filter.eq("work_item_id", workItemId)));
    }
    List<ExecutionLog> logs =
        new ArrayList<>(t.rows(b.build()).stream().map(JiveTables::executionLog).toList());
    logs.sort(
        Comparator.comparing(ExecutionLog::timestamp).reversed().thenComparing(ExecutionLog::id));
    return logs.size() > limit ? List.copyOf(logs.subList(0, limit)) : logs;
  }

  // ---------------------------------------------------------------------------------------------
  // Memories

  /** Creates or replaces (by slug) an architecture memory, embedding its requirements. */
  public ArchitectureMemory putArchitectureMemory(ArchitectureMemory memory) {
    ArchitectureMemory stored =
        new ArchitectureMemory(
            memory.id(),
            memory.uniqueSlug(),
            memory.title(),
            memory.aiWhenToUse(),
            memory.aiRequirements(),
            embed(memory.embeddingText()),
            memory.keywords(),
            memory.childrenSlugs(),
            memory.relatedSlugs(),
            memory.linkedEpicIds(),
            memory.tags(),
            memory.createdOn() == null ? now() : memory.createdOn(),
            now(),
            memory.metadata());
    upsertBySlug(JiveTables.ARCHITECTURE, JiveTables.row(stored));
    return stored;
  }

  public TroubleshootMemory putTroubleshootMemory(TroubleshootMemory memory) {
    TroubleshootMemory stored =
        new TroubleshootMemory(
            memory.id(),
            memory.uniqueSlug(),
            memory.title(),
            memory.aiUseCase(),
            memory.aiSolutions(),
            memory.searchText(),
            embed(memory.searchText()),
            memory.keywords(),
            memory.tags(),
            memory.usageCount(),
            memory.successCount(),
            memory.createdOn() == null ? now() : memory.createdOn(),
            now(),
            memory.metadata());
    upsertBySlug(JiveTables.TROUBLESHOOT, JiveTables.row(stored));
    return stored;
  }

  private void upsertBySlug(String table, Map<String, Object> row) {
    LanceTable t = table(table);
    writeLock.run(
        () -> {
          Schema schema = t.exists() ? t.schema() : schemaFor(table);
          try (VectorSchemaRoot rows = ArrowRows.toRoot(schema, List.of(row), allocator)) {
            if (!t.exists()) {
              t.append(schema, rows);
            } else {
              t.merge(List.of("unique_slug"), rows, true, true, false);
            }
          }
        });
    maintain(table);
  }

  public Optional<ArchitectureMemory> getArchitectureMemory(String slug) {
    return memoryRows(JiveTables.ARCHITECTURE, Filter.eq("unique_slug", slug), 1).stream()
        .map(JiveTables::architecture)
        .findFirst();
  }

  public Optional<TroubleshootMemory> getTroubleshootMemory(String slug) {
    return memoryRows(JiveTables.TROUBLESHOOT, Filter.eq("unique_slug", slug), 1).stream()
        .map(JiveTables::troubleshoot)
        .findFirst();
  }

  public List<ArchitectureMemory> listArchitectureMemories(Filter filter, int limit) {
    return memoryRows(JiveTables.ARCHITECTURE, filter, limit).stream()
        .map(JiveTables::architecture)
        .toList();
  }

  public List<TroubleshootMemory> listTroubleshootMemories(Filter filter, int limit) {
    return memoryRows(JiveTables.TROUBLESHOOT, filter, limit).stream()
        .map(JiveTables::troubleshoot)
        .toList();
  }

  public boolean deleteMemory(String table, String slug) {
    return deleteRows(requireMemoryTable(table), Filter.eq("unique_slug", slug)) > 0;
  }

  public List<SearchHit<ArchitectureMemory>> searchArchitectureMemories(SearchRequest request) {
    return searchMemories(JiveTables.ARCHITECTURE, request, JiveTables::architecture);
  }

  public List<SearchHit<TroubleshootMemory>> searchTroubleshootMemories(SearchRequest request) {
    return searchMemories(JiveTables.TROUBLESHOOT, request, JiveTables::troubleshoot);
  }

  private <T> List<SearchHit<T>> searchMemories(
      String table,
      SearchRequest request,
      java.util.function.Function<Map<String, Object>, T> mapper) {
    LanceTable t = table(table);
    if (!t.exists()) {
      return List.of();
    }
    return searchTable(t, request, JiveTables.TEXT_COLUMNS.get(table), Map.of("title", 2f), mapper);
  }

  private List<Map<String, Object>> memoryRows(String table, Filter filter, int limit) {
    LanceTable t = table(table);
    if (!t.exists()) {
      return List.of();
    }
    ScanOptions.Builder b =
        new ScanOptions.Builder().columns(Columns.withoutVectors(t.schema())).limit(limit);
    if (!filter.isMatchAll()) {
      b.filter(SqlFilterRenderer.render(filter));
    }
    return t.rows(b.build());
  }

  private static String requireMemoryTable(String table) {
    if (!table.equals(JiveTables.ARCHITECTURE) && !table.equals(JiveTables.TROUBLESHOOT)) {
      throw new InvalidInputException("memory_type", "unknown memory table " + table);
    }
    return table;
  }

  // ---------------------------------------------------------------------------------------------
  // Generic tables (the migrator writes these)

  /** Appends rows to a table, creating it with {@code schema} when it does not exist. */
  public void addRows(String table, Schema schema, List<Map<String, Object>> rows) {
    LanceTable t = table(table);
    writeLock.run(
        () -> {
          try (VectorSchemaRoot root =
              ArrowRows.toRoot(t.exists() ? t.schema() : schema, rows, allocator)) {
            t.append(schema, root);
          }
        });
    maintain(table);
  }

  /** Inserts rows or updates the rows with the same {@code key}. */
  public void upsertRows(String table, Schema schema, String key, List<Map<String, Object>> rows) {
    upsertRows(table, schema, List.of(key), rows);
  }

  /** Inserts rows or updates the rows with the same values in every {@code keys} column. */
  public void upsertRows(
      String table, Schema schema, List<String> keys, List<Map<String, Object>> rows) {
    LanceTable t = table(table);
    writeLock.run(
        () -> {
          try (VectorSchemaRoot root =
              ArrowRows.toRoot(t.exists() ? t.schema() : schema, rows, allocator)) {
            if (!t.exists()) {
              t.append(schema, root);
            } else {
              t.merge(keys, root, true, true, false);
            }
          }
        });
    maintain(table);
  }

  /** Deletes the rows matching the filter; returns how many. */
  public long deleteRows(String table, Filter filter) {
    LanceTable t = table(table);
    if (!t.exists()) {
      return 0;
    }
    return writeLock.with(
        () -> {
          String predicate = SqlFilterRenderer.render(filter);
          long n = t.count(predicate);
          if (n > 0) {
            t.delete(predicate);
          }
          return n;
        });
  }

  /** Rows matching the filter, up to {@code limit} (0 for all). */
  public List<Map<String, Object>> scanRows(String table, Filter filter, long limit) {
    LanceTable t = table(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + root);
    }
    ScanOptions.Builder b = new ScanOptions.Builder();
    if (filter != null && !filter.isMatchAll()) {
      b.filter(SqlFilterRenderer.render(filter));
    }
    if (limit > 0) {
      b.limit(limit);
    }
    return t.rows(b.build());
  }

  public long countRows(String table, Filter filter) {
    LanceTable t = table(table);
    if (!t.exists()) {
      return 0;
    }
    return t.count(filter == null || filter.isMatchAll() ? null : SqlFilterRenderer.render(filter));
  }

  public Schema tableSchema(String table) {
    LanceTable t = table(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + root);
    }
    return t.schema();
  }

  // ---------------------------------------------------------------------------------------------
  // Versions

  public List<TableVersion> listVersions(String table) {
    Dataset ds = existing(table).latest();
    Map<Long, List<String>> tags = new HashMap<>();
    for (Tag tag : ds.tags().list()) {
      tags.computeIfAbsent(tag.getVersion(), k -> new ArrayList<>()).add(tag.getName());
    }
    List<TableVersion> out = new ArrayList<>();
    for (Version v : ds.listVersions()) {
      out.add(
          new TableVersion(
              v.getId(),
              v.getDataTime().toInstant(),
              List.copyOf(tags.getOrDefault(v.getId(), List.of()))));
    }
    return out;
  }

  /** Points {@code tag} at the table's latest version (moving it if it exists); returns it. */
  private static long tagLatest(LanceTable t, String tag) {
    Dataset ds = t.latest();
    if (ds.tags().list().stream().anyMatch(x -> x.getName().equals(tag))) {
      ds.tags().update(tag, ds.version());
    } else {
      ds.tags().create(tag, ds.version());
    }
    return ds.version();
  }

  /** Tags the latest version of every existing table (e.g. {@code pre-migration}). */
  public Map<String, Long> tagAll(String tag) {
    Map<String, Long> tagged = new LinkedHashMap<>();
    writeLock.run(
        () -> {
          for (String name : listTables()) {
            tagged.put(name, tagLatest(table(name), tag));
          }
        });
    return tagged;
  }

  /**
   * Rolls a table back to a tag or a version: that version becomes the newest (older and newer
   * versions stay until cleanup), then every index is rebuilt.
   */
  public long restore(String table, String tagOrVersion) {
    LanceTable t = existing(table);
    long restored =
        writeLock.with(
            () -> {
              Dataset ds = t.latest();
              Dataset old;
              try {
                old =
                    tagOrVersion.chars().allMatch(Character::isDigit)
                        ? ds.checkoutVersion(Long.parseLong(tagOrVersion))
                        : ds.checkoutTag(tagOrVersion);
              } catch (RuntimeException e) {
                throw new NotFoundException(
                    "table " + table + " has no version or tag '" + tagOrVersion + "'");
              }
              try {
                old.restore();
              } finally {
                old.close();
              }
              t.latest();
              maintenance.rebuildIndexes(
                  t, JiveTables.TEXT_COLUMNS.getOrDefault(table, List.of()), hasVectorColumn(t));
              return t.latest().version();
            });
    modelChecked.remove(table);
    return restored;
  }

  private LanceTable existing(String table) {
    LanceTable t = table(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + root);
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------
  // Re-embedding

  /**
   * Recomputes a table's vectors with another model (an upgrade; the dimension may change): tags
   * the current version {@code pre-reembed-<time>}, embeds every row's text (the spec's default for
   * the four tables, else {@code textFields}), rewrites the table as one new version with the new
   * vectors, {@code embedding_model} and {@code migrated_at}, records the new model in its schema,
   * rebuilds its indexes and verifies it (same row count, every vector of the new dimension, 95% of
   * a sample finding itself in the top 3). A failed verification rolls the table back to the tag
   * and throws. Afterwards the table answers only to the new model: open the store with it ({@link
   * #adoptRecordedModel} does so for a default configuration).
   *
   * @param dryRun read and embed nothing; report the rows and models only
   */
  public ReembedResult reembed(
      String table,
      Embedder model,
      List<String> textFields,
      boolean dryRun,
      java.util.function.BiConsumer<Long, Long> progress) {
    long start = System.nanoTime();
    LanceTable t = unchecked(table);
    if (!t.exists()) {
      throw new NotFoundException("no table named " + table + " under " + root);
    }
    Schema old = t.schema();
    Field vectorField =
        old.getFields().stream()
            .filter(f -> f.getName().equals("vector"))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "table", table + " has no vector column to re-embed"));
    Map<String, String> meta = old.getCustomMetadata() == null ? Map.of() : old.getCustomMetadata();
    String oldModel = meta.getOrDefault(JiveTables.modelKey("vector"), "unknown");
    int oldDim =
        ((org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList) vectorField.getType())
            .getListSize();
    List<String> fields =
        textFields == null || textFields.isEmpty()
            ? Reembedding.defaultTextFields(table)
            : textFields;
    if (fields.isEmpty()) {
      throw new InvalidInputException(
          "text-fields", table + " is not one of the spec's tables: name the fields to embed");
    }
    for (String f : fields) {
      if (old.getFields().stream().noneMatch(x -> x.getName().equals(f))) {
        throw new InvalidInputException("text-fields", table + " has no column " + f);
      }
    }
    long rows = t.count(null);
    String tag =
        "pre-reembed-"
            + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now());
    ReembedResult plan =
        ReembedResult.planned(
            table,
            rows,
            oldModel,
            oldDim,
            model.modelName(),
            model.dimension(),
            tag,
            (System.nanoTime() - start) / 1e9);
    if (dryRun) {
      return plan;
    }
    return writeLock.with(
        () -> {
          List<Map<String, Object>> all =
              new ArrayList<>(t.rows(new ScanOptions.Builder().build()));
          List<float[]> vectors = Reembedding.embedAll(all, fields, model, progress);
          tagLatest(t, tag);
          Reembedding.apply(all, vectors, model.modelName(), now());
          Schema next = Reembedding.newSchema(old, model);
          try (VectorSchemaRoot root = ArrowRows.toRoot(next, all, allocator)) {
            t.overwrite(root);
          }
          Reembedding.Sample sample;
          try {
            maintenance.rebuildIndexes(
                t, JiveTables.TEXT_COLUMNS.getOrDefault(table, List.of()), true);
            sample = Reembedding.verify(t, rows, all, fields, model);
          } catch (RuntimeException e) {
            restore(table, tag);
            throw new StorageException(
                "re-embedding "
                    + table
                    + " with "
                    + model.modelName()
                    + " failed its check and was rolled back to "
                    + tag
                    + ": "
                    + e.getMessage(),
                e);
          }
          modelChecked.remove(table);
          createCache.validate(-1);
          return plan.done(sample.hits(), sample.size(), (System.nanoTime() - start) / 1e9);
        });
  }

  /** A table handle without the model check (re-embedding is how a mismatch is mended). */
  private LanceTable unchecked(String name) {
    requireOpen();
    if (!Filter.FIELD_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "table", "invalid table name '" + name + "' (letters, digits and _ only)");
    }
    return tables.computeIfAbsent(
        name,
        n -> new LanceTable(n, root + "/" + n + ".lance", config.storageOptions(), allocator));
  }

  /**
   * The model a configuration's WorkItem table records, if any. Read from the table's schema
   * without loading a model.
   */
  public static java.util.Optional<String> recordedModel(DatabaseConfig config) {
    String uri = rootOf(config) + "/" + JiveTables.WORK_ITEM + ".lance";
    if (!config.isRemote() && !java.nio.file.Files.isDirectory(Path.of(uri))) {
      return java.util.Optional.empty();
    }
    try (BufferAllocator a = new RootAllocator();
        LanceTable t = new LanceTable(JiveTables.WORK_ITEM, uri, config.storageOptions(), a)) {
      if (!t.exists()) {
        return java.util.Optional.empty();
      }
      Map<String, String> meta = t.schema().getCustomMetadata();
      return java.util.Optional.ofNullable(
          meta == null ? null : meta.get(JiveTables.modelKey("vector")));
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

  // ---------------------------------------------------------------------------------------------
  // Maintenance and health

  private void maintain(String table) {
    if (bulkLoads.get() > 0) {
      maintenanceHeldBack.add(table);
      return;
    }
    if (!options.backgroundMaintenance()) {
      runMaintenance(table);
      return;
    }
    if (maintenanceQueued.add(table)) {
      maintenanceExecutor.submit(
          () -> {
            maintenanceQueued.remove(table);
            try {
              runMaintenance(table);
            } catch (RuntimeException e) {
              LOG.warn("Maintenance of {} failed: {}", table, LanceTable.message(e));
            }
          });
    }
  }

  private void runMaintenance(String table) {
    runMaintenance(table, false);
  }

  private void runMaintenance(String table, boolean forceCleanup) {
    if (closed) {
      return;
    }
    LanceTable t = table(table);
    writeLock.run(
        () -> {
          if (forceCleanup && t.exists()) {
            t.latest(); // an explicit optimize covers the rows a group commit holds, too
          }
          long before = t.exists() ? t.committedVersion() : -1;
          maintenance.afterWrites(t, textColumns(t), hasVectorColumn(t), forceCleanup);
          if (table.equals(JiveTables.WORK_ITEM) && t.exists()) {
            createCache.sameRows(before, t.committedVersion());
          }
        });
  }

  private static List<String> textColumns(LanceTable t) {
    return JiveTables.TEXT_COLUMNS.getOrDefault(t.name(), List.of());
  }

  private static boolean hasVectorColumn(LanceTable t) {
    Field f =
        t.schema().getFields().stream()
            .filter(x -> x.getName().equals("vector"))
            .findFirst()
            .orElse(null);
    return f != null && Columns.isVector(f);
  }

  /**
   * Holds back index upkeep and compaction while a bulk load (a migration) writes batch after
   * batch: otherwise each batch waits on the index folds and compactions the previous ones started.
   * Closing the last open bulk load runs the held-back maintenance once, in the caller's thread.
   * Reads stay correct meanwhile (rows not yet indexed are searched exactly).
   */
  public BulkLoad bulkLoad() {
    bulkLoads.incrementAndGet();
    java.util.concurrent.atomic.AtomicBoolean open =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false) && bulkLoads.decrementAndGet() == 0 && !closed) {
        awaitMaintenance();
        for (String table : List.copyOf(maintenanceHeldBack)) {
          maintenanceHeldBack.remove(table);
          runMaintenance(table);
        }
      }
    };
  }

  /** An open bulk load; closing it runs the maintenance it held back. */
  @FunctionalInterface
  public interface BulkLoad extends AutoCloseable {
    @Override
    void close();
  }

  /** Builds due indexes, compacts and cleans up every table now, in the caller's thread. */
  public void optimizeTables() {
    for (String name : listTables()) {
      runMaintenance(name, true);
    }
  }

  /**
   * Commits now the root items that single creates left waiting for company, embedding the texts
   * still without a vector; other processes see them from then on. Any read in this process does
   * the same first, so calling this is only needed to hand the data to another process at once.
   */
  public void flush() {
    requireOpen();
    LanceTable t = table(JiveTables.WORK_ITEM);
    if (t.exists()) {
      t.latest();
    }
  }

  /** Waits for background maintenance queued so far (tests and shutdown use it). */
  public void awaitMaintenance() {
    try {
      maintenanceExecutor.submit(() -> {}).get();
    } catch (Exception e) {
      throw new StorageException("maintenance failed: " + e.getMessage(), e);
    }
  }

  public HealthReport health() {
    List<TableHealth> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(JiveTables.ALL);
    names.addAll(listTables());
    long total = 0;
    boolean healthy = true;
    for (String name : names) {
      LanceTable t = table(name);
      if (!t.exists()) {
        out.add(new TableHealth(name, false, 0, 0, List.of(), 0, 0, null, null));
        continue;
      }
      try {
        Dataset ds = t.latest();
        List<TableHealth.IndexState> indexes = new ArrayList<>();
        for (IndexDescription d : ds.describeIndices()) {
          indexes.add(
              new TableHealth.IndexState(d.getName(), d.getIndexType(), d.getRowsIndexed()));
        }
        long size = sizeOf(name);
        total += size;
        Map<String, String> meta = ds.getSchema().getCustomMetadata();
        String model = meta == null ? null : meta.get(JiveTables.modelKey("vector"));
        String dim = meta == null ? null : meta.get(JiveTables.dimensionKey("vector"));
        out.add(
            new TableHealth(
                name,
                true,
                ds.countRows(),
                ds.getFragments().size(),
                indexes,
                ds.listVersions().size(),
                size,
                model,
                dim == null ? null : Integer.valueOf(dim)));
      } catch (RuntimeException e) {
        healthy = false;
        out.add(new TableHealth(name, true, -1, -1, List.of(), -1, -1, null, null));
      }
    }
    return new HealthReport(root, healthy, out, total, embedder.modelName());
  }

  /** Bytes on disk of the whole store (0 for object-store paths, which are not walked). */
  public long databaseSize() {
    if (config.isRemote()) {
      return 0;
    }
    long total = 0;
    for (String name : listTables()) {
      total += sizeOf(name);
    }
    return total;
  }

  private long sizeOf(String table) {
    if (config.isRemote()) {
      return 0;
    }
    Path dir = Path.of(root, table + ".lance");
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The old manager's entry points (the WeaviateManager facade delegates to these)

  /** Creates the tables and starts loading the model in the background. */
  public void initialize() {
    ensureTablesExist();
    Thread warm = new Thread(this::warmUpQuietly, "jive-model-warmup");
    warm.setDaemon(true);
    warm.start();
  }

  private void warmUpQuietly() {
    try {
      warmUpEmbeddingModel();
    } catch (RuntimeException e) {
      LOG.warn("The embedding model failed to load: {}", e.getMessage());
    }
  }

  /** A handle on a table. */
  public Collection getTable(String name) {
    table(name);
    return new Collection(this, name);
  }

  /** The old name of {@link #getTable}. */
  public Collection getCollection(String name) {
    return getTable(name);
  }

  /** Search with the old defaults: semantic, 10 hits, no filter. */
  public List<SearchHit<WorkItem>> searchWorkItems(String query) {
    return searchWorkItems(query, "semantic", 10, Map.of());
  }

  /** Search with an old-style filter dictionary. */
  public List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Map<String, ?> filters) {
    return searchWorkItems(query, searchType, limit, OldApiFilters.of(filters));
  }

  /** The old listing: filter dictionary, limit, offset, sort field and order ("asc"/"desc"). */
  public List<WorkItem> listWorkItems(
      Map<String, ?> filters, int limit, int offset, String sortBy, String sortOrder) {
    boolean ascending = sortOrder == null || !sortOrder.strip().equalsIgnoreCase("desc");
    return listWorkItems(
        new WorkItemQuery(
            OldApiFilters.of(filters),
            WorkItemQuery.SortBy.parse(sortBy),
            ascending,
            limit,
            offset));
  }

  /** The old listing with its defaults: 50 items by order index. */
  public List<WorkItem> listWorkItems() {
    return listWorkItems(WorkItemQuery.all());
  }

  public List<WorkItem> getWorkItemChildren(String id, boolean recursive) {
    return children(id, recursive);
  }

  /** The old log call: a dictionary with action, status, details...; returns the log id. */
  public String logExecution(Map<String, ?> fields) {
    String id = newId();
    Object ts = fields.get("timestamp");
    ExecutionLog log =
        new ExecutionLog(
            id,
            WorkItemFields.text("log_id", fields.get("log_id")),
            WorkItemFields.text("work_item_id", fields.get("work_item_id")),
            WorkItemFields.text("action", fields.get("action")),
            WorkItemFields.text("status", fields.get("status")),
            WorkItemFields.text("agent_id", fields.get("agent_id")),
            WorkItemFields.text("details", fields.get("details")),
            WorkItemFields.text("error_message", fields.get("error_message")),
            fields.get("duration_seconds") == null
                ? 0
                : WorkItemFields.number("duration_seconds", fields.get("duration_seconds")),
            ts == null ? now() : WorkItemFields.instant("timestamp", ts),
            fields.get("metadata") instanceof Map<?, ?> m
                ? Json.write(m)
                : WorkItemFields.text("metadata", fields.get("metadata")));
    logExecution(log);
    return id;
  }

  public List<ExecutionLog> getExecutionLogs(String workItemId) {
    return getExecutionLogs(workItemId, 100);
  }

  public HealthReport getHealthStatus() {
    return health();
  }

  public long getDatabaseSize() {
    return databaseSize();
  }

  /**
   * Appends rows to any table. A new table takes its schema from the first row (text, whole and
   * decimal numbers, booleans, times, lists of text, and {@code float[]} vectors).
   */
  public void addData(String table, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Schema schema = tableExists(table) ? tableSchema(table) : SchemaInference.infer(rows.get(0));
    addRows(table, schema, rows);
  }

  /** Rows of any table matching an old-style filter dictionary. */
  public List<Map<String, Object>> searchData(String table, Map<String, ?> filters, int limit) {
    return scanRows(table, OldApiFilters.of(filters), limit);
  }

  /** Deletes the rows of any table matching an old-style filter dictionary; returns how many. */
  public long deleteData(String table, Map<String, ?> filters) {
    if (filters == null || filters.isEmpty()) {
      throw new InvalidInputException("filters", "refusing to delete every row: give a filter");
    }
    return deleteRows(table, OldApiFilters.of(filters));
  }

  /** Finishes background maintenance and closes the store. */
  public void shutdown() {
    close();
  }

  /** The old name of {@link #shutdown}. */
  public void cleanup() {
    close();
  }

  // ---------------------------------------------------------------------------------------------
  // Embeddings and lifecycle

  /** Embeds one text with the store's model (waits for it to load). */
  public float[] generateEmbedding(String text) {
    return embed(text);
  }

  public List<float[]> generateEmbeddings(List<String> texts) {
    return embedder.embedAll(texts);
  }

  /** Loads the model now, so the first write does not wait for it. */
  public void warmUpEmbeddingModel() {
    embed("warm up");
  }

  /**
   * Loads the MCP Jive tables' search indexes, which Lance otherwise loads piecemeal on the
   * searches that first touch them: every partition of the vector index and the full-text indexes.
   * At 100,000 rows the first vector query took ~360 ms and each further cold partition ~25 ms
   * more, against ~7 ms warm. The MCP server calls it in the background at start, after the model;
   * it costs ~0.5 s at 100,000 rows and the memory those searches would take anyway.
   */
  public void warmUpIndexes() {
    for (String name : JiveTables.ALL) {
      LanceTable t = table(name);
      if (t.exists()) {
        Searcher.warmUp(
            t,
            Maintenance.indexedTextColumns(t, JiveTables.TEXT_COLUMNS.get(name)),
            Maintenance.hasVectorIndex(t));
        t.warmRowCache();
      }
    }
    // The loads' scans freed what they read, but glibc keeps it: 10-34 MB at 100,000 rows.
    NativeHeap.trim();
  }

  private float[] embed(String text) {
    float[] vector = embedder.embed(text);
    embedderProven = true;
    return vector;
  }

  private float[] embedQuery(String query) {
    return queryVectors.get(query, this::embed);
  }

  private float[] checkDimension(float[] vector) {
    if (vector.length != embedder.dimension()) {
      throw new InvalidInputException(
          "vector",
          "has dimension "
              + vector.length
              + " but the model "
              + embedder.modelName()
              + " produces "
              + embedder.dimension());
    }
    return vector;
  }

  private LanceTable workItems() {
    return table(JiveTables.WORK_ITEM);
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the store at " + root + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (groupCommit != null) {
      try {
        groupCommit.close();
      } catch (RuntimeException e) {
        LOG.warn(
            "Could not commit the last work items at close ({}); the next store to open {} will",
            LanceTable.message(e),
            root);
      }
    }
    maintenanceExecutor.shutdown();
    searchExecutor.shutdown();
    try {
      maintenanceExecutor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    tables.values().forEach(LanceTable::close);
    tables.clear();
    embedder.close();
    allocator.close();
  }

  /** Builds a {@link LanceDBManager}; only the configuration is required. */
  public static final class Builder {
    private final DatabaseConfig config;
    private Embedder embedder;
    private StoreOptions options = StoreOptions.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(DatabaseConfig config) {
      this.config = config;
    }

    /** The embedder to use; by default the configured model, loading in the background. */
    public Builder embedder(Embedder e) {
      this.embedder = e;
      return this;
    }

    public Builder options(StoreOptions o) {
      this.options = o;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public LanceDBManager build() {
      if (embedder == null) {
        embedder =
            SentenceEmbedders.lazy(
                ModelCatalog.resolve(config.embeddingModel()),
                EmbedderOptions.defaults()
                    .withBatchSize(Math.min(256, Math.max(8, config.batchSize()))));
      }
      return new LanceDBManager(this);
    }
  }
}
