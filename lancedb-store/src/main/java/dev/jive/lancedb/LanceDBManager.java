package dev.jive.lancedb;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.ConflictException;
import dev.jive.core.ExecutionLog;
import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.ReferenceResolver;
import dev.jive.core.rules.Resolution;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.NativeHeap;
import dev.jive.lancedb.records.ExecutionLogs;
import dev.jive.lancedb.records.GenericRows;
import dev.jive.lancedb.records.Memories;
import dev.jive.lancedb.search.HybridFusion;
import dev.jive.lancedb.search.TableSearch;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.ReembedMarker;
import dev.jive.lancedb.table.RowDirectory;
import dev.jive.lancedb.table.SchemaInference;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Health;
import dev.jive.lancedb.upkeep.HealthReport;
import dev.jive.lancedb.upkeep.StoreOptions;
import dev.jive.lancedb.upkeep.Upkeep;
import dev.jive.lancedb.versions.Reembed;
import dev.jive.lancedb.versions.ReembedRun;
import dev.jive.lancedb.versions.TableVersion;
import dev.jive.lancedb.versions.Versions;
import dev.jive.lancedb.workitems.WorkItemFields;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.lancedb.workitems.WorkItemQuery;
import dev.jive.lancedb.workitems.WorkItemReads;
import dev.jive.lancedb.workitems.WorkItemWrites;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The embedded store: MCP Jive's tables as Lance datasets under {@code data_path} (one {@code
 * <Table>.lance} folder each, LanceDB's layout), with built-in embeddings. Thread-safe; writes from
 * several threads or processes on one data path are serialised, reads run freely.
 *
 * <p>It is the public face and delegates: work items to {@code workitems}, logs, memories and
 * generic rows to {@code records}, search to {@code search}, versions and re-embedding to {@code
 * versions}, upkeep and health to {@code upkeep}, all over the tables of {@code table}.
 *
 * <pre>{@code
 * try (LanceDBManager store = LanceDBManager.open(DatabaseConfig.defaults())) {
 *   String epic = store.createWorkItem(Map.of("type", "epic", "title", "Authentication"));
 *   List<SearchHit<WorkItem>> hits = store.search(SearchRequest.of("login", SearchType.HYBRID, 10));
 * }
 * }</pre>
 */
public final class LanceDBManager implements AutoCloseable, OldManagerApi {
  private final StoreOptions options;
  private final Clock clock;
  private final Tables tables;
  private final Upkeep upkeep;
  private final TableSearch search;
  private final WorkItemReads reads;
  private final WorkItemWrites writes;
  private final ExecutionLogs logs;
  private final GenericRows rows;
  private final Memories memories;
  private final Versions versions;
  private final Reembed reembed;

  LanceDBManager(DatabaseConfig config, Embedder embedder, StoreOptions options, Clock clock) {
    if (config.vectorDimension() != null && config.vectorDimension() != embedder.dimension()) {
      throw new InvalidInputException(
          "vector_dimension",
          config.vectorDimension()
              + " does not match the model "
              + embedder.modelName()
              + ", which produces "
              + embedder.dimension());
    }
    this.options = options.withEnableFts(options.enableFts() && config.enableFts());
    this.clock = clock;
    this.tables = new Tables(config, embedder, clock);
    this.upkeep = new Upkeep(tables, options);
    this.search = new TableSearch(embedder);
    this.reads = new WorkItemReads(tables, search);
    this.writes = new WorkItemWrites(tables, reads, upkeep);
    this.logs = new ExecutionLogs(tables, upkeep);
    this.rows = new GenericRows(tables, upkeep);
    this.memories = new Memories(tables, rows, search);
    this.versions = new Versions(tables, upkeep);
    this.reembed = new Reembed(tables, upkeep, versions);
  }

  /** A store with the configured embedding model, loading in the background. */
  public static LanceDBManager open(DatabaseConfig config) {
    return builder(config).build();
  }

  public static StoreBuilder builder(DatabaseConfig config) {
    return new StoreBuilder(config);
  }

  /** Where a configuration's tables live, without opening anything. */
  public static String locationOf(DatabaseConfig config) {
    return Tables.rootOf(config);
  }

  /** Where the tables live: {@code data_path}, or {@code data_path/namespaces/<ns>}. */
  public String location() {
    return tables.root();
  }

  public DatabaseConfig config() {
    return tables.config();
  }

  public Embedder embedder() {
    return tables.embedder();
  }

  /** A store on the same data path and model, for another namespace (sharing the model). */
  public LanceDBManager forNamespace(String namespace) {
    return new StoreBuilder(config().withNamespace(namespace))
        .embedder(new NonClosingEmbedder(embedder()))
        .options(options)
        .clock(clock)
        .build();
  }

  LanceTable table(String name) {
    return tables.table(name);
  }

  void useFusion(HybridFusion.Method method) {
    search.useFusion(method);
  }

  @Override
  public Instant now() {
    return tables.now();
  }

  /** Creates the four MCP Jive tables that do not exist yet (they are also created on use). */
  public void ensureTablesExist() {
    tables
        .writeLock()
        .run(() -> JiveTables.ALL.forEach(n -> table(n).createEmpty(tables.schemaFor(n))));
  }

  /** The tables under this store's location (folders named {@code <Table>.lance}). */
  public List<String> listTables() {
    return tables.list();
  }

  /** A handle on a table, as the old manager's {@code get_collection} returned. */
  public Collection getTable(String name) {
    table(name);
    return new Collection(this, name);
  }

  /** The old name of {@link #getTable}. */
  public Collection getCollection(String name) {
    return getTable(name);
  }

  public boolean tableExists(String name) {
    return table(name).exists();
  }

  // Work items (rules and transactions: WorkItemWrites)

  /**
   * Creates a work item: a new UUID when the id is null, timestamps now, the vector embedded unless
   * given; one commit with its ancestors' roll-up.
   *
   * @throws InvalidInputException a field breaks a limit, or the parent or a dependency is wrong
   * @throws ConflictException the id is taken, or a dependency would close a cycle
   */
  public WorkItem createWorkItem(WorkItem draft) {
    return writes.create(draft);
  }

  /** Many work items in one transaction, all or nothing; returns how many were inserted. */
  public int insertWorkItems(List<WorkItem> items) {
    return writes.insert(items);
  }

  /** A work item built from the old manager's dictionary of fields (a new id when none). */
  public static WorkItem workItemFromFields(Map<String, ?> fields) {
    return WorkItemFields.toWorkItem(fields, newId());
  }

  /** Off-heap memory this process's row directories hold, in MB (docs/storage.md). */
  public static Map<String, Double> rowDirectoryMb() {
    return Map.of("used", Math.round(RowDirectory.heldBytes() / 1048576.0 * 10) / 10.0);
  }

  /** A fresh id for a new work item. */
  public static String newId() {
    return WorkItemWrites.newId();
  }

  /** A work item by its UUID or item_id. */
  public Optional<WorkItem> findById(String id) {
    return reads.findById(id);
  }

  /** A work item by UUID, item_id, exact title (newest wins) or keywords. */
  public Optional<WorkItem> getWorkItem(String reference) {
    Resolution r = resolve(reference);
    return r instanceof Resolution.Unresolved ? Optional.empty() : Optional.of(reads.item(r));
  }

  /** How a reference resolves; see {@link ReferenceResolver}. */
  public Resolution resolve(String reference) {
    return reads.resolve(reference);
  }

  /** A work item by reference, or a not-found error saying what was tried. */
  public WorkItem requireWorkItem(String reference) {
    Resolution r = resolve(reference);
    if (r instanceof Resolution.Unresolved u) {
      throw new NotFoundException(u.reason());
    }
    return WorkItemReads.item(r);
  }

  /** A partial update with its roll-ups, re-embedded only when the text changes; one commit. */
  public WorkItem updateWorkItem(String id, WorkItemPatch patch) {
    return writes.update(id, patch);
  }

  /** Deletes an item (its subtree with {@code withChildren}); returns the ids deleted. */
  public List<String> deleteWorkItem(String id, boolean withChildren) {
    return writes.delete(id, withChildren);
  }

  /** A page of work items, filtered and sorted. */
  public List<WorkItem> listWorkItems(WorkItemQuery query) {
    return reads.list(query);
  }

  public long countWorkItems(Filter filter) {
    return reads.count(filter);
  }

  /** Every work item, without vectors, in no particular order. */
  public List<WorkItem> allWorkItems() {
    return reads.all();
  }

  /** Every work item with its vector (for exports and validation). */
  public List<WorkItem> allWorkItemsWithVectors() {
    return reads.allWithVectors();
  }

  /** Direct children, or every descendant when {@code recursive} (breadth first). */
  public List<WorkItem> children(String id, boolean recursive) {
    return reads.children(id, recursive);
  }

  /** Adds "{@code from} depends on {@code to}", refusing an unknown item or a cycle. */
  public WorkItem addDependency(String from, String to) {
    return writes.addDependency(from, to);
  }

  public WorkItem removeDependency(String from, String to) {
    return writes.removeDependency(from, to);
  }

  public DependencyGraph dependencyGraph() {
    return reads.dependencyGraph();
  }

  /** Recomputes every item's progress and writes the ones that changed. */
  public Map<String, Double> rollUpProgress() {
    return writes.rollUpProgress();
  }

  /** Renumbers every item ("1.2.1") and writes the numbers that changed. */
  public Map<String, String> regenerateSequenceNumbers() {
    return writes.regenerateSequenceNumbers();
  }

  /** A reorder in one commit: order indexes set, numbers renumbered; returns the new numbers. */
  public Map<String, String> reorder(Map<String, Integer> indexes) {
    return writes.reorder(indexes);
  }

  /** Sets many items' {@code order_index} in one commit; numbers are left as they are. */
  public void setOrderIndexes(Map<String, Integer> indexes) {
    writes.setOrderIndexes(indexes);
  }

  // Search

  /** Semantic, keyword or hybrid search over work items; a query of {@code *} lists. */
  public List<SearchHit<WorkItem>> search(SearchRequest request) {
    LanceTable t = table(JiveTables.WORK_ITEM);
    if (!t.exists()) {
      return List.of();
    }
    if (request.listsEverything()) {
      return listWorkItems(WorkItemQuery.of(request.filter(), request.limit())).stream()
          .map(w -> new SearchHit<>(w, 1.0, Set.<dev.jive.core.search.Retriever>of()))
          .toList();
    }
    return search.search(
        t,
        request,
        JiveTables.TEXT_COLUMNS.get(JiveTables.WORK_ITEM),
        WorkItemReads.BOOSTS,
        JiveTables::workItem);
  }

  /** Exact (flat) semantic search, ignoring the vector index: the recall baseline. */
  public List<SearchHit<WorkItem>> searchByVectorExact(float[] vector, int limit) {
    return search.byVector(
        table(JiveTables.WORK_ITEM), vector, null, limit, true, JiveTables::workItem);
  }

  /** Semantic search with a caller's vector (its dimension must be the table's). */
  public List<SearchHit<WorkItem>> searchByVector(float[] vector, Filter filter, int limit) {
    LanceTable t = table(JiveTables.WORK_ITEM);
    return t.exists()
        ? search.byVector(t, vector, filter, limit, false, JiveTables::workItem)
        : List.of();
  }

  /** The old manager's search; {@code searchType} is semantic, vector, keyword or hybrid. */
  public List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Filter filters) {
    return search(new SearchRequest(query, SearchType.parse(searchType), filters, limit, null));
  }

  // Execution logs, memories and generic tables

  public ExecutionLog logExecution(ExecutionLog log) {
    logs.append(List.of(log));
    return log;
  }

  /** Appends many logs in one write (a migration's history). */
  public int logExecutions(List<ExecutionLog> many) {
    return logs.append(many);
  }

  /** The newest logs first; all items' logs when {@code workItemId} is null. */
  public List<ExecutionLog> getExecutionLogs(String workItemId, int limit) {
    return logs.newestFirst(workItemId, limit);
  }

  /** Creates or replaces (by slug) an architecture memory, embedding its requirements. */
  public ArchitectureMemory putArchitectureMemory(ArchitectureMemory memory) {
    return memories.put(memory);
  }

  public TroubleshootMemory putTroubleshootMemory(TroubleshootMemory memory) {
    return memories.put(memory);
  }

  public Optional<ArchitectureMemory> getArchitectureMemory(String slug) {
    return memories.architecture(slug);
  }

  public Optional<TroubleshootMemory> getTroubleshootMemory(String slug) {
    return memories.troubleshoot(slug);
  }

  public List<ArchitectureMemory> listArchitectureMemories(Filter filter, int limit) {
    return memories.architectures(filter, limit);
  }

  public List<TroubleshootMemory> listTroubleshootMemories(Filter filter, int limit) {
    return memories.troubleshoots(filter, limit);
  }

  public boolean deleteMemory(String table, String slug) {
    return memories.delete(table, slug);
  }

  public List<SearchHit<ArchitectureMemory>> searchArchitectureMemories(SearchRequest request) {
    return memories.searchArchitecture(request);
  }

  public List<SearchHit<TroubleshootMemory>> searchTroubleshootMemories(SearchRequest request) {
    return memories.searchTroubleshoot(request);
  }

  /** Appends rows to a table, creating it with {@code schema} when it does not exist. */
  public void addRows(String table, Schema schema, List<Map<String, Object>> many) {
    rows.add(table, schema, many);
  }

  /** Inserts rows or updates the rows with the same {@code key}; returns how many were new. */
  public long upsertRows(String table, Schema schema, String key, List<Map<String, Object>> many) {
    return rows.upsert(table, schema, List.of(key), many);
  }

  /**
   * Inserts rows or updates the rows with the same values in every {@code keys} column; returns how
   * many were new.
   */
  public long upsertRows(
      String table, Schema schema, List<String> keys, List<Map<String, Object>> many) {
    return rows.upsert(table, schema, keys, many);
  }

  public long deleteRows(String table, Filter filter) {
    return rows.delete(table, filter);
  }

  /** Rows matching the filter, up to {@code limit} (0 for all). */
  public List<Map<String, Object>> scanRows(String table, Filter filter, long limit) {
    return rows.scan(table, filter, limit);
  }

  public long countRows(String table, Filter filter) {
    return rows.count(table, filter);
  }

  public Schema tableSchema(String table) {
    return rows.schema(table);
  }

  /** Appends rows to any table; a new table takes its schema from the first row. */
  public void addData(String table, List<Map<String, Object>> many) {
    if (!many.isEmpty()) {
      addRows(
          table,
          tableExists(table) ? tableSchema(table) : SchemaInference.infer(many.get(0)),
          many);
    }
  }

  // Versions, re-embedding, upkeep and health

  public List<TableVersion> listVersions(String table) {
    return versions.list(table);
  }

  /** Tags the latest version of every existing table (e.g. {@code pre-migration}). */
  public Map<String, Long> tagAll(String tag) {
    return versions.tagAll(tag);
  }

  /** Rolls a table back to a tag or version (it becomes the newest) and rebuilds its indexes. */
  public long restore(String table, String tagOrVersion) {
    return versions.restore(table, tagOrVersion);
  }

  /**
   * Re-embeds tables (null or empty: every table with vectors) with another model as one operation:
   * one tag on all, verified, all rolled back when a check fails; a killed run resumes when run
   * again with the same model. See {@link Reembed#run}.
   */
  public ReembedRun reembed(
      List<String> tables,
      Embedder model,
      List<String> textFields,
      boolean dryRun,
      Reembed.Progress progress) {
    return reembed.run(tables, model, textFields, dryRun, progress);
  }

  /**
   * Restores every table carrying a re-embedding's tag (null: the interrupted run's, else the
   * newest {@code pre-reembed-*}) to it; see {@link Reembed#rollback}.
   */
  public Map<String, Long> rollbackReembed(String tag) {
    return reembed.rollback(tag);
  }

  /** The re-embedding under way or interrupted on this (local) data path, if any. */
  public Optional<ReembedMarker> reembedUnderWay() {
    return tables.localRoot().flatMap(ReembedMarker::read);
  }

  /** The model a configuration's WorkItem table records, read without loading a model. */
  public static Optional<String> recordedModel(DatabaseConfig config) {
    return Tables.recordedModel(config);
  }

  /** A configuration left at the default model takes the model its tables record. */
  public static DatabaseConfig adoptRecordedModel(DatabaseConfig config, boolean modelChosen) {
    return Tables.adoptRecordedModel(config, modelChosen);
  }

  /** Holds upkeep back during a bulk load; closing it runs what was held back. */
  public BulkLoad bulkLoad() {
    return upkeep.holdBack()::run;
  }

  /** An open bulk load; closing it runs the maintenance it held back. */
  @FunctionalInterface
  public interface BulkLoad extends AutoCloseable {
    @Override
    void close();
  }

  /** Builds due indexes, compacts and cleans up every table now, in the caller's thread. */
  public void optimizeTables() {
    upkeep.optimizeAll();
  }

  /** Waits for background maintenance queued so far. */
  public void awaitMaintenance() {
    upkeep.await();
  }

  public HealthReport health() {
    return Health.of(tables);
  }

  /** Bytes on disk of the whole store (0 for object-store paths, which are not walked). */
  public long databaseSize() {
    return Health.databaseSize(tables);
  }

  /** Loads every search index now (the MCP server does it in the background at start). */
  public void warmUpIndexes() {
    TableSearch.warmUp(tables);
    // The loads' scans freed what they read, but glibc keeps it: 10-34 MB at 100,000 rows.
    NativeHeap.trim();
  }

  @Override
  public void close() {
    if (tables.isClosed()) {
      return;
    }
    upkeep.close();
    search.close();
    tables.close();
    embedder().close();
  }
}
