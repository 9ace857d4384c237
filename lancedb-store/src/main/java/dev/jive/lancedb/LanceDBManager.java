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
  private final QueryVectors queryVectors = new QueryVectors();

  private final Maintenance maintenance;
  private final ExecutorService maintenanceExecutor;
  private final ExecutorService searchExecutor;
  private final Set<String> maintenanceQueued = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger bulkLoads =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Set<String> maintenanceHeldBack = ConcurrentHashMap.newKeySet();
  private volatile HybridFusion.Method fusion = DEFAULT_FUSION;
  private volatile boolean closed;
  private final java.util.concurrent.locks.ReentrantLock upkeep =
      new java.util.concurrent.locks.ReentrantLock();

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
      LeftoverJournals.refuseIfAny(Path.of(root));
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
            n ->
                new LanceTable(
                    n,
                    root + "/" + n + ".lance",
                    config.storageOptions(),
                    allocator,
                    n.equals(JiveTables.WORK_ITEM) ? "id" : null));
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
   * A root item is one Append; a child, with the roll-up of its ancestors' progress, one Update.
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
    WorkItem withVector =
        item.withVector(
            item.vector() != null ? checkDimension(item.vector()) : embed(item.embeddingText()));
    boolean appendAtEnd = draft.orderIndex() == 0 && draft.sequenceNumber() == null;
    WorkItem created =
        writeWorkItems(
            "creating work item " + item.id(),
            c -> {
              if (c.get(item.id()) != null) {
                throw new ConflictException(
                    "a work item with the id " + item.id() + " already exists");
              }
              WorkItem parent = item.isRoot() ? null : requireParent(c, item);
              requireDependenciesExist(c, item.id(), item.dependencies());
              WorkItem placed = place(c, withVector, parent, appendAtEnd);
              if (parent != null) {
                // A new child is a leaf: its figure follows its status.
                placed = placed.toBuilder().progress(ProgressRollup.leafProgress(placed)).build();
              }
              c.put(placed);
              if (parent != null) {
                c.rollUp(List.of(parent.id()));
              }
              return placed;
            });
    maintain(JiveTables.WORK_ITEM);
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
   * Memory that this process's row directories hold outside the heap, in MB: the work items' rows
   * without their vectors (docs/storage.md).
   */
  public static Map<String, Double> rowDirectoryMb() {
    return Map.of("used", Math.round(RowDirectory.heldBytes() / 1048576.0 * 10) / 10.0);
  }

  /** A fresh id for a new work item. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Inserts many work items in one transaction, all or nothing: every item is validated, its parent
   * must exist in the store or earlier in the batch and may hold it, ids must be new, and
   * dependencies must name known items. Items without a vector are embedded in batches; the
   * parents' roll-up goes in the same commit.
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
        writeWorkItems(
            "inserting " + ready.size() + " work items",
            c -> {
              Set<String> batch = new HashSet<>();
              for (WorkItem item : ready) {
                if (c.get(item.id()) != null || !batch.add(item.id())) {
                  throw new ConflictException(
                      "a work item with the id " + item.id() + " already exists");
                }
                if (!item.isRoot()) {
                  WorkItem parent = c.get(item.parentId());
                  if (parent == null) {
                    throw new InvalidInputException(
                        "parent_id",
                        "item " + item.id() + ": no work item has the id " + item.parentId());
                  }
                  HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
                }
                c.put(item);
              }
              for (WorkItem item : ready) {
                for (String d : item.dependencies()) {
                  if (c.get(d) == null) {
                    throw new InvalidInputException(
                        "dependencies", "item " + item.id() + ": no work item has the id " + d);
                  }
                }
              }
              // A new cycle runs through a new item, so it needs a new item with dependencies.
              if (ready.stream().anyMatch(w -> !w.dependencies().isEmpty())) {
                List<List<String>> cycles = dependencyGraph(c).cycles();
                if (!cycles.isEmpty()) {
                  throw new ConflictException(
                      "dependencies would form a cycle: " + String.join(" -> ", cycles.get(0)));
                }
              }
              // The new children's own figures, and their parents', which gained children.
              c.rollUp(
                  ready.stream()
                      .filter(w -> !w.isRoot())
                      .flatMap(w -> Stream.of(w.id(), w.parentId()))
                      .distinct()
                      .toList());
              return ready.size();
            });
    maintain(JiveTables.WORK_ITEM);
    return inserted;
  }

  /** Puts a new item last among its siblings, numbered after the highest sibling number. */
  private static WorkItem place(
      WorkItemChanges c, WorkItem item, WorkItem parent, boolean appendAtEnd) {
    int maxOrder = -1;
    int maxNumber = 0;
    for (WorkItem sibling : c.children(parent == null ? null : parent.id())) {
      maxOrder = Math.max(maxOrder, sibling.orderIndex());
      maxNumber = Math.max(maxNumber, SequenceNumbers.lastPart(sibling.sequenceNumber()));
    }
    String seq =
        (parent == null || parent.sequenceNumber() == null ? "" : parent.sequenceNumber() + ".")
            + (maxNumber + 1);
    return item.toBuilder()
        .orderIndex(appendAtEnd ? maxOrder + 1 : item.orderIndex())
        .sequenceNumber(item.sequenceNumber() == null ? seq : item.sequenceNumber())
        .build();
  }

  private static WorkItem requireParent(WorkItemChanges c, WorkItem item) {
    WorkItem parent = c.get(item.parentId());
    if (parent == null) {
      throw new InvalidInputException("parent_id", "no work item has the id " + item.parentId());
    }
    HierarchyRules.requireCanParent(parent.itemType(), item.itemType());
    return parent;
  }

  private void requireDependenciesExist(WorkItemChanges c, String self, List<String> dependencies) {
    if (dependencies.isEmpty()) {
      return;
    }
    for (String d : dependencies) {
      if (c.get(d) == null) {
        throw new InvalidInputException("dependencies", "no work item has the id " + d);
      }
    }
    DependencyGraph graph = dependencyGraph(c);
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
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    RowDirectory d = workItems().directory();
    if (d == null) {
      return Optional.empty();
    }
    Map<String, Object> row = d.row(id);
    if (row != null) {
      return Optional.of(JiveTables.workItem(row));
    }
    return listAll(Filter.eq("item_id", id)).stream().findFirst();
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
   * Applies a partial update, re-embedding only when title or description change, and re-checking
   * the hierarchy and dependencies it touches. The item and every ancestor whose progress moves are
   * written in one transaction.
   */
  public WorkItem updateWorkItem(String id, WorkItemPatch patch) {
    float[] vector = null;
    // Embedding a changed text is slow: done before taking the lock, on the item as it is now.
    if (patch.touches("title") || patch.touches("description")) {
      WorkItem current =
          findById(id).orElseThrow(() -> new NotFoundException("no work item has the id " + id));
      if (patch.changesText(current)) {
        vector = embed(patch.applyTo(current).embeddingText());
      }
    }
    float[] newVector = vector;
    WorkItem updated =
        writeWorkItems(
            "updating work item " + id,
            c -> {
              WorkItem fresh = requireIn(c, id);
              WorkItem next =
                  patch.applyTo(fresh).toBuilder().updatedAt(later(fresh.updatedAt())).build();
              if (patch.changesText(fresh)) {
                next = next.withVector(newVector != null ? newVector : embed(next.embeddingText()));
              }
              WorkItemValidation.validate(next);
              boolean moved = !Objects.equals(fresh.parentId(), next.parentId());
              if ((moved || fresh.itemType() != next.itemType()) && !next.isRoot()) {
                WorkItem parent = requireParent(c, next);
                requireNotUnderItself(c, next.id(), parent);
              }
              if (fresh.itemType() != next.itemType()) {
                for (WorkItem child : c.children(next.id())) {
                  HierarchyRules.requireCanParent(next.itemType(), child.itemType());
                }
              }
              if (!fresh.dependencies().equals(next.dependencies())) {
                List<String> added = new ArrayList<>(next.dependencies());
                added.removeAll(fresh.dependencies());
                requireDependenciesExist(c, next.id(), added);
              }
              c.put(next);
              if (moved || fresh.status() != next.status() || fresh.progress() != next.progress()) {
                // The parents are named since their children changed, whatever the item's own
                // figure does.
                List<String> around = new ArrayList<>(List.of(next.id()));
                Stream.of(fresh.parentId(), next.parentId())
                    .filter(Objects::nonNull)
                    .distinct()
                    .forEach(around::add);
                c.rollUp(around);
              }
              // What was written, as a read would return it (reads leave the vector out).
              return c.get(next.id()).withVector(null);
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

  private static void requireNotUnderItself(WorkItemChanges c, String id, WorkItem newParent) {
    int steps = 0;
    for (WorkItem p = newParent; p != null && steps++ < 10_000; p = c.get(p.parentId())) {
      if (p.id().equals(id)) {
        throw new InvalidInputException(
            "parent_id", "a work item cannot be moved under itself or its descendants");
      }
    }
  }

  private static WorkItem requireIn(WorkItemChanges c, String id) {
    WorkItem w = c.get(id);
    if (w == null) {
      throw new NotFoundException("no work item has the id " + id);
    }
    return w;
  }

  /**
   * Runs one work-item write: {@code plan} reads and stages rows in a {@link WorkItemChanges} over
   * the directory at the latest version, under the write lock; the staged rows are then committed
   * as one Lance transaction. A commit that another process's commit got ahead of is planned again
   * on fresh state, a few times, then refused with a {@link ConflictException}.
   */
  private <R> R writeWorkItems(String what, Function<WorkItemChanges, R> plan) {
    return writeLock.with(
        () -> {
          LanceTable t = workItems();
          if (!t.exists()) {
            t.createEmpty(schemaFor(JiveTables.WORK_ITEM));
          }
          for (int attempt = 1; ; attempt++) {
            try {
              R result =
                  t.withSnapshot(
                      ds -> {
                        RowDirectory d = t.directoryAt(ds);
                        WorkItemChanges c = new WorkItemChanges(d);
                        R r = plan.apply(c);
                        if (!c.isEmpty()) {
                          commit(t, ds, c);
                        }
                        return r;
                      });
              return result;
            } catch (LanceTable.RetryableConflict e) {
              if (attempt >= MAX_COMMIT_ATTEMPTS) {
                throw new ConflictException(
                    what
                        + " conflicted with other commits "
                        + attempt
                        + " times; nothing was written, try again ("
                        + e.getMessage()
                        + ")");
              }
              LOG.debug("{}: commit conflict, planning again on fresh state", what);
            }
          }
        });
  }

  private static final int MAX_COMMIT_ATTEMPTS = 5;

  /** Commits the staged rows: stored vectors kept for rows staged without one. */
  private void commit(LanceTable t, Dataset ds, WorkItemChanges c) {
    List<WorkItem> rows = c.rows();
    List<Long> keep = new ArrayList<>();
    for (WorkItem w : rows) {
      Long a = w.vector() == null ? c.addressOf(w.id()) : null;
      if (a != null) {
        keep.add(a);
      }
    }
    Map<Long, float[]> stored = t.vectorsAt(ds, keep);
    List<Map<String, Object>> maps = new ArrayList<>(rows.size());
    for (WorkItem w : rows) {
      WorkItem whole = w;
      if (w.vector() == null) {
        Long a = c.addressOf(w.id());
        whole = w.withVector(a == null ? null : stored.get(a));
      }
      maps.add(JiveTables.row(whole));
    }
    try (VectorSchemaRoot root = ArrowRows.toRoot(ds.getSchema(), maps, allocator)) {
      t.commitRows(ds, c.replacedAddresses(), root);
    }
  }

  /**
   * Deletes a work item; with {@code withChildren} its whole subtree too. An item with children is
   * refused without it. Other items' dependencies on the deleted ones are removed, and the parent's
   * progress rolled up, in the same transaction.
   *
   * @return the ids deleted
   */
  public List<String> deleteWorkItem(String id, boolean withChildren) {
    List<String> deleted =
        writeWorkItems(
            "deleting work item " + id,
            c -> {
              WorkItem item = requireIn(c, id);
              List<WorkItem> descendants = descendants(c, item.id());
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
              Set<String> dependents = new LinkedHashSet<>();
              ids.forEach(i -> dependents.addAll(c.dependents(i)));
              ids.forEach(c::delete);
              for (String dep : dependents) {
                WorkItem dependent = c.get(dep);
                if (dependent != null) {
                  List<String> kept = new ArrayList<>(dependent.dependencies());
                  kept.removeAll(ids);
                  c.put(
                      dependent.toBuilder()
                          .dependencies(kept)
                          .updatedAt(later(dependent.updatedAt()))
                          .build());
                }
              }
              if (!item.isRoot()) {
                c.rollUp(List.of(item.parentId()));
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
    // Every matching row is read for its sort keys only; the page's rows are then read whole from
    // the directory: reading all 25 columns of every row cost 45 to 65 ms at 10,000 rows.
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
    if (!t.exists()) {
      return 0;
    }
    if (filter.isMatchAll()) {
      return t.directory().size();
    }
    return t.count(SqlFilterRenderer.render(filter));
  }

  /** Every work item, without vectors, in no particular order (for whole-project views). */
  public List<WorkItem> allWorkItems() {
    RowDirectory d = workItems().directory();
    if (d == null) {
      return List.of();
    }
    List<WorkItem> out = new ArrayList<>(d.size());
    d.forEach((address, row) -> out.add(JiveTables.workItem(row)));
    return out;
  }

  /** Every matching work item, without vectors, in no particular order. */
  List<WorkItem> listAll(Filter filter) {
    if (filter.isMatchAll()) {
      return allWorkItems();
    }
    LanceTable t = workItems();
    if (!t.exists()) {
      return List.of();
    }
    ScanOptions.Builder b = new ScanOptions.Builder();
    b.columns(Columns.withoutVectors(t.schema()));
    b.filter(SqlFilterRenderer.render(filter));
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
    RowDirectory d = workItems().directory();
    if (d == null) {
      return List.of();
    }
    WorkItemChanges c = new WorkItemChanges(d);
    return recursive ? descendants(c, id) : c.children(id);
  }

  /** Every descendant of {@code id}, breadth first, siblings in order. */
  private static List<WorkItem> descendants(WorkItemChanges c, String id) {
    List<WorkItem> out = new ArrayList<>();
    Deque<String> queue = new ArrayDeque<>(List.of(id));
    Set<String> seen = new HashSet<>(List.of(id));
    while (!queue.isEmpty()) {
      for (WorkItem kid : c.children(queue.poll())) {
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
    Map<String, List<String>> edges = new HashMap<>();
    for (WorkItem w : allWorkItems()) {
      edges.put(w.id(), w.dependencies());
    }
    return DependencyGraph.of(edges);
  }

  /** The dependency graph of the stored items with a write's staged rows in place. */
  private DependencyGraph dependencyGraph(WorkItemChanges c) {
    Map<String, List<String>> edges = new HashMap<>();
    for (WorkItem w : allWorkItems()) {
      edges.put(w.id(), w.dependencies());
    }
    for (WorkItem w : c.rows()) {
      edges.put(w.id(), w.dependencies());
    }
    return DependencyGraph.of(edges);
  }

  /** Recomputes every item's progress from its children and writes the ones that changed. */
  public Map<String, Double> rollUpProgress() {
    return writeWorkItems(
        "rolling up progress",
        c -> {
          Map<String, Double> changes = ProgressRollup.changes(allWorkItems());
          changes.forEach((id, p) -> c.put(c.get(id).toBuilder().progress(p).build()));
          return changes;
        });
  }

  /** Renumbers every item ("1.2.1") and writes the numbers that changed. */
  public Map<String, String> regenerateSequenceNumbers() {
    return writeWorkItems(
        "renumbering work items",
        c -> {
          List<WorkItem> all = allWorkItems();
          Map<String, String> numbers = SequenceNumbers.regenerate(all);
          Map<String, String> changed = new LinkedHashMap<>();
          for (WorkItem w : all) {
            String n = numbers.get(w.id());
            if (!n.equals(w.sequenceNumber())) {
              changed.put(w.id(), n);
              c.put(w.toBuilder().sequenceNumber(n).build());
            }
          }
          return changed;
        });
  }

  /**
   * Sets {@code order_index} of many items in one transaction (a reorder among siblings); the
   * sequence numbers are not touched, call {@link #regenerateSequenceNumbers} after.
   */
  public void setOrderIndexes(Map<String, Integer> indexes) {
    writeWorkItems(
        "reordering work items",
        c -> {
          indexes.forEach(
              (id, index) -> c.put(requireIn(c, id).toBuilder().orderIndex(index).build()));
          return null;
        });
    maintain(JiveTables.WORK_ITEM);
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
        withUpkeepHeld(
            () ->
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
                          t,
                          JiveTables.TEXT_COLUMNS.getOrDefault(table, List.of()),
                          hasVectorColumn(t),
                          writeLock);
                      return t.latest().version();
                    }));
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
    return withUpkeepHeld(
        () ->
            writeLock.with(
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
                        t, JiveTables.TEXT_COLUMNS.getOrDefault(table, List.of()), true, writeLock);
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
                  return plan.done(sample.hits(), sample.size(), (System.nanoTime() - start) / 1e9);
                }));
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
    withUpkeepHeld(
        () -> {
          maintenance.afterWrites(t, textColumns(t), hasVectorColumn(t), forceCleanup, writeLock);
          return null;
        });
  }

  /**
   * Runs {@code body} as the only upkeep of this store: two runs at once would build the same index
   * twice and lose to each other's commits. Taken before the write lock, never under it.
   */
  private <R> R withUpkeepHeld(java.util.function.Supplier<R> body) {
    upkeep.lock();
    try {
      return body.get();
    } finally {
      upkeep.unlock();
    }
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
        t.directory();
      }
    }
    // The loads' scans freed what they read, but glibc keeps it: 10-34 MB at 100,000 rows.
    NativeHeap.trim();
  }

  private float[] embed(String text) {
    float[] vector = embedder.embed(text);
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
