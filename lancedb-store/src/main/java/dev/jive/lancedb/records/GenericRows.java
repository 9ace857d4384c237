package dev.jive.lancedb.records;

import dev.jive.core.search.Filter;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Upkeep;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.ipc.ScanOptions;

/**
 * Rows of any table as maps: what the generic migration profile, the old manager's {@code addData}
 * family and the memories write. Filters are rendered with escaping, never pasted.
 */
public final class GenericRows {
  private final Tables tables;
  private final Upkeep upkeep;

  public GenericRows(Tables tables, Upkeep upkeep) {
    this.tables = tables;
    this.upkeep = upkeep;
  }

  /** Appends rows to a table, creating it with {@code schema} when it does not exist. */
  public void add(String table, Schema schema, List<Map<String, Object>> rows) {
    write(table, schema, rows, (t, root) -> t.append(schema, root));
  }

  /**
   * Inserts rows or updates the rows with the same values in every {@code keys} column.
   *
   * @return how many rows were new (the others replaced rows with the same key)
   */
  public long upsert(
      String table, Schema schema, List<String> keys, List<Map<String, Object>> rows) {
    long[] inserted = {0};
    write(
        table,
        schema,
        rows,
        (t, root) -> {
          if (!t.exists()) {
            t.append(schema, root);
            inserted[0] = root.getRowCount();
          } else {
            inserted[0] = t.merge(keys, root, true, true, false).inserted();
          }
        });
    return inserted[0];
  }

  /** Converts the rows (to the table's schema once it exists) and writes them under the lock. */
  private void write(
      String table,
      Schema schema,
      List<Map<String, Object>> rows,
      BiConsumer<LanceTable, VectorSchemaRoot> write) {
    LanceTable t = tables.table(table);
    tables
        .writeLock()
        .run(
            () -> {
              try (VectorSchemaRoot root =
                  ArrowRows.toRoot(t.exists() ? t.schema() : schema, rows, tables.allocator())) {
                write.accept(t, root);
              }
            });
    upkeep.afterWrite(table);
  }

  /** Deletes the rows matching the filter; returns how many. */
  public long delete(String table, Filter filter) {
    LanceTable t = tables.table(table);
    if (!t.exists()) {
      return 0;
    }
    return tables
        .writeLock()
        .with(
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
  public List<Map<String, Object>> scan(String table, Filter filter, long limit) {
    LanceTable t = tables.existing(table);
    ScanOptions.Builder b = new ScanOptions.Builder();
    if (filter != null && !filter.isMatchAll()) {
      b.filter(SqlFilterRenderer.render(filter));
    }
    if (limit > 0) {
      b.limit(limit);
    }
    return t.rows(b.build());
  }

  public long count(String table, Filter filter) {
    LanceTable t = tables.table(table);
    if (!t.exists()) {
      return 0;
    }
    return t.count(filter == null || filter.isMatchAll() ? null : SqlFilterRenderer.render(filter));
  }

  public Schema schema(String table) {
    return tables.existing(table).schema();
  }
}
