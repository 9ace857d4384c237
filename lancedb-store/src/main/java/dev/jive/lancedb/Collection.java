package dev.jive.lancedb;

import dev.jive.core.search.Filter;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A handle on one table, as the old manager's {@code get_collection} returned: its name, whether it
 * exists, its size, schema and rows. Cheap to create; reads go to the latest version.
 */
public final class Collection {
  private final LanceDBManager store;
  private final String name;

  Collection(LanceDBManager store, String name) {
    this.store = store;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public boolean exists() {
    return store.tableExists(name);
  }

  public long count() {
    return store.countRows(name, Filter.matchAll());
  }

  public long count(Filter filter) {
    return store.countRows(name, filter);
  }

  public Schema schema() {
    return store.tableSchema(name);
  }

  /** Rows matching the filter, up to {@code limit} (0 for all). */
  public List<Map<String, Object>> rows(Filter filter, long limit) {
    return store.scanRows(name, filter, limit);
  }

  @Override
  public String toString() {
    return "Collection[" + name + "]";
  }
}
