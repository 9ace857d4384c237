package dev.jive.lancedb;

import dev.jive.core.ExecutionLog;
import dev.jive.core.WorkItem;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.lancedb.upkeep.HealthReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old manager's entry points over the embedded store, so code written against {@code
 * WeaviateManager} keeps working by changing one import (docs/migrating-from-weaviate-manager.md).
 * Every call delegates to {@link LanceDBManager}; nothing talks to Weaviate. The first instance in
 * a process logs one deprecation warning.
 *
 * @deprecated use {@link LanceDBManager}: the same methods, without {@code start}/{@code stop}.
 */
@Deprecated(since = "0.1.0")
public final class WeaviateManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeaviateManager.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final LanceDBManager store;

  public WeaviateManager(DatabaseConfig config) {
    this(LanceDBManager.open(config));
  }

  public WeaviateManager(DatabaseConfig config, Embedder embedder) {
    this(LanceDBManager.builder(config).embedder(embedder).build());
  }

  /** Wraps an existing store (the facade does not own a second copy of anything). */
  public WeaviateManager(LanceDBManager store) {
    this.store = store;
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "WeaviateManager is deprecated: it now runs on the embedded LanceDB store at {}. Use"
              + " dev.jive.lancedb.LanceDBManager directly (same methods).",
          store.location());
    }
  }

  /** Lets a test observe the first-instance warning again. */
  static void resetWarningForTest() {
    WARNED.set(false);
  }

  /** The store every call goes to. */
  public LanceDBManager delegate() {
    return store;
  }

  /** The old {@code start()}: creates the tables and starts loading the model. */
  public void start() {
    store.initialize();
  }

  /** The old {@code stop()}: finishes background work and closes the store. */
  public void stop() {
    store.cleanup();
  }

  public void initialize() {
    store.initialize();
  }

  public Collection getCollection(String name) {
    return store.getCollection(name);
  }

  public Collection getTable(String name) {
    return store.getTable(name);
  }

  public void warmUpEmbeddingModel() {
    store.warmUpEmbeddingModel();
  }

  public float[] generateEmbedding(String text) {
    return store.generateEmbedding(text);
  }

  public List<float[]> generateEmbeddings(List<String> texts) {
    return store.generateEmbeddings(texts);
  }

  public String createWorkItem(Map<String, ?> fields) {
    return store.createWorkItem(fields);
  }

  public boolean updateWorkItem(String id, Map<String, ?> updates) {
    return store.updateWorkItem(id, updates);
  }

  public Optional<WorkItem> getWorkItem(String reference) {
    return store.getWorkItem(reference);
  }

  public boolean deleteWorkItem(String id) {
    return store.deleteWorkItem(id);
  }

  public List<SearchHit<WorkItem>> searchWorkItems(String query) {
    return store.searchWorkItems(query);
  }

  public List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Map<String, ?> filters) {
    return store.searchWorkItems(query, searchType, limit, filters);
  }

  public List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Filter filters) {
    return store.searchWorkItems(query, searchType, limit, filters);
  }

  public List<WorkItem> listWorkItems() {
    return store.listWorkItems();
  }

  public List<WorkItem> listWorkItems(
      Map<String, ?> filters, int limit, int offset, String sortBy, String sortOrder) {
    return store.listWorkItems(filters, limit, offset, sortBy, sortOrder);
  }

  public List<WorkItem> getWorkItemChildren(String id, boolean recursive) {
    return store.getWorkItemChildren(id, recursive);
  }

  public String logExecution(Map<String, ?> fields) {
    return store.logExecution(fields);
  }

  public List<ExecutionLog> getExecutionLogs(String workItemId) {
    return store.getExecutionLogs(workItemId);
  }

  public List<ExecutionLog> getExecutionLogs(String workItemId, int limit) {
    return store.getExecutionLogs(workItemId, limit);
  }

  public HealthReport getHealthStatus() {
    return store.getHealthStatus();
  }

  public void ensureTablesExist() {
    store.ensureTablesExist();
  }

  public List<String> listTables() {
    return store.listTables();
  }

  public void optimizeTables() {
    store.optimizeTables();
  }

  public long getDatabaseSize() {
    return store.getDatabaseSize();
  }

  public void addData(String table, List<Map<String, Object>> rows) {
    store.addData(table, rows);
  }

  public List<Map<String, Object>> searchData(String table, Map<String, ?> filters, int limit) {
    return store.searchData(table, filters, limit);
  }

  public long deleteData(String table, Map<String, ?> filters) {
    return store.deleteData(table, filters);
  }

  public void shutdown() {
    store.shutdown();
  }

  public void cleanup() {
    store.cleanup();
  }

  @Override
  public void close() {
    store.close();
  }
}
