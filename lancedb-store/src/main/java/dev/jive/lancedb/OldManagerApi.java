package dev.jive.lancedb;

import dev.jive.core.ExecutionLog;
import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.lancedb.table.Json;
import dev.jive.lancedb.upkeep.HealthReport;
import dev.jive.lancedb.workitems.WorkItemFields;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The old manager's vocabulary (dictionaries of fields, old-style filter dictionaries, its method
 * names), spelled over {@link LanceDBManager}'s own methods, so that code written against the old
 * manager keeps working. {@link WeaviateManager} delegates to these.
 */
public interface OldManagerApi {
  // What the old vocabulary is spelled over; LanceDBManager implements each.

  WorkItem createWorkItem(WorkItem draft);

  Optional<WorkItem> findById(String id);

  WorkItem updateWorkItem(String id, WorkItemPatch patch);

  List<String> deleteWorkItem(String id, boolean withChildren);

  List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Filter filters);

  List<WorkItem> listWorkItems(WorkItemQuery query);

  List<WorkItem> children(String id, boolean recursive);

  ExecutionLog logExecution(ExecutionLog log);

  List<ExecutionLog> getExecutionLogs(String workItemId, int limit);

  HealthReport health();

  long databaseSize();

  void ensureTablesExist();

  List<Map<String, Object>> scanRows(String table, Filter filter, long limit);

  long deleteRows(String table, Filter filter);

  Embedder embedder();

  /** Now on the store's clock, to the microsecond Lance stores. */
  java.time.Instant now();

  void close();

  /** The old manager's create: a dictionary of fields; returns the new id. */
  default String createWorkItem(Map<String, ?> fields) {
    return createWorkItem(LanceDBManager.workItemFromFields(fields)).id();
  }

  /** The old manager's update: true when the item existed and was updated. */
  default boolean updateWorkItem(String id, Map<String, ?> updates) {
    if (findById(id).isEmpty()) {
      return false;
    }
    updateWorkItem(id, WorkItemPatch.of(updates));
    return true;
  }

  /** The old manager's delete: true when something was deleted (children go with it). */
  default boolean deleteWorkItem(String id) {
    if (findById(id).isEmpty()) {
      return false;
    }
    deleteWorkItem(id, true);
    return true;
  }

  /** Search with the old defaults: semantic, 10 hits, no filter. */
  default List<SearchHit<WorkItem>> searchWorkItems(String query) {
    return searchWorkItems(query, "semantic", 10, Map.of());
  }

  /** Search with an old-style filter dictionary. */
  default List<SearchHit<WorkItem>> searchWorkItems(
      String query, String searchType, int limit, Map<String, ?> filters) {
    return searchWorkItems(query, searchType, limit, OldApiFilters.of(filters));
  }

  /** The old listing: filter dictionary, limit, offset, sort field and order ("asc"/"desc"). */
  default List<WorkItem> listWorkItems(
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
  default List<WorkItem> listWorkItems() {
    return listWorkItems(WorkItemQuery.all());
  }

  default List<WorkItem> getWorkItemChildren(String id, boolean recursive) {
    return children(id, recursive);
  }

  /** The old log call: a dictionary with action, status, details...; returns the log id. */
  default String logExecution(Map<String, ?> fields) {
    String id = LanceDBManager.newId();
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

  default List<ExecutionLog> getExecutionLogs(String workItemId) {
    return getExecutionLogs(workItemId, 100);
  }

  default HealthReport getHealthStatus() {
    return health();
  }

  default long getDatabaseSize() {
    return databaseSize();
  }

  /** Rows of any table matching an old-style filter dictionary. */
  default List<Map<String, Object>> searchData(String table, Map<String, ?> filters, int limit) {
    return scanRows(table, OldApiFilters.of(filters), limit);
  }

  /** Deletes the rows of any table matching an old-style filter dictionary; returns how many. */
  default long deleteData(String table, Map<String, ?> filters) {
    if (filters == null || filters.isEmpty()) {
      throw new InvalidInputException("filters", "refusing to delete every row: give a filter");
    }
    return deleteRows(table, OldApiFilters.of(filters));
  }

  /** Creates the tables and starts loading the model in the background. */
  default void initialize() {
    ensureTablesExist();
    Thread warm =
        new Thread(
            () -> {
              try {
                warmUpEmbeddingModel();
              } catch (RuntimeException e) {
                LoggerFactory.getLogger(OldManagerApi.class)
                    .warn("The embedding model failed to load: {}", e.getMessage());
              }
            },
            "jive-model-warmup");
    warm.setDaemon(true);
    warm.start();
  }

  /** Embeds one text with the store's model (waits for it to load). */
  default float[] generateEmbedding(String text) {
    return embedder().embed(text);
  }

  default List<float[]> generateEmbeddings(List<String> texts) {
    return embedder().embedAll(texts);
  }

  /** Loads the model now, so the first write does not wait for it. */
  default void warmUpEmbeddingModel() {
    embedder().embed("warm up");
  }

  /** Finishes background maintenance and closes the store. */
  default void shutdown() {
    close();
  }

  /** The old name of {@link #shutdown}. */
  default void cleanup() {
    close();
  }
}
