package dev.jive.lancedb.records;

import dev.jive.core.ExecutionLog;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.ipc.ScanOptions;

/** The execution log: appended to, never rewritten; read newest first. */
public final class ExecutionLogs {
  private final Tables tables;
  private final Upkeep upkeep;

  public ExecutionLogs(Tables tables, Upkeep upkeep) {
    this.tables = tables;
    this.upkeep = upkeep;
  }

  /** Appends logs in one write (one for an agent's call, many for a migration's history). */
  public int append(List<ExecutionLog> logs) {
    if (logs.isEmpty()) {
      return 0;
    }
    LanceTable t = tables.table(JiveTables.EXECUTION_LOG);
    Schema schema = tables.schemaFor(JiveTables.EXECUTION_LOG);
    List<Map<String, Object>> rows = new ArrayList<>(logs.size());
    logs.forEach(l -> rows.add(JiveTables.row(l)));
    tables
        .writeLock()
        .run(
            () -> {
              try (VectorSchemaRoot root = ArrowRows.toRoot(schema, rows, tables.allocator())) {
                t.append(schema, root);
              }
            });
    upkeep.afterWrite(JiveTables.EXECUTION_LOG);
    return logs.size();
  }

  /** The newest logs first; all items' logs when {@code workItemId} is null. */
  public List<ExecutionLog> newestFirst(String workItemId, int limit) {
    LanceTable t = tables.table(JiveTables.EXECUTION_LOG);
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
}
