package dev.jive.lancedb.workitems;

import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.DependencyGraph;
import dev.jive.core.rules.ReferenceResolver;
import dev.jive.core.rules.Resolution;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.search.TableSearch;
import dev.jive.lancedb.table.ArrowRows;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.RowDirectory;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Maintenance;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lance.ipc.ScanOptions;

/**
 * Reads of work items: by id through the row directory, by reference (id, exact title or keywords),
 * pages sorted and filtered, children and descendants, and the dependency graph.
 */
public final class WorkItemReads {
  /** Title hits outweigh description hits in keyword search. */
  public static final Map<String, Float> BOOSTS = Map.of("title", 3f, "description", 1f);

  private final Tables tables;
  private final TableSearch search;

  public WorkItemReads(Tables tables, TableSearch search) {
    this.tables = tables;
    this.search = search;
  }

  LanceTable table() {
    return tables.table(JiveTables.WORK_ITEM);
  }

  /** A work item by its UUID or item_id. */
  public Optional<WorkItem> findById(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    RowDirectory d = table().directory();
    if (d == null) {
      return Optional.empty();
    }
    Map<String, Object> row = d.row(id);
    if (row != null) {
      return Optional.of(JiveTables.workItem(row));
    }
    return listAll(Filter.eq("item_id", id)).stream().findFirst();
  }

  /** A work item by its UUID or item_id, or a not-found error. */
  public WorkItem require(String id) {
    return findById(id).orElseThrow(() -> new NotFoundException("no work item has the id " + id));
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
    if (ReferenceResolver.looksLikeUuid(ref) || !table().exists()) {
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
    List<String> columns = Maintenance.indexedTextColumns(table(), List.of("title", "description"));
    if (columns.isEmpty()) {
      // No full-text index yet (a new or tiny table): let the resolver read every title.
      return listAll(Filter.matchAll()).stream().map(w -> new SearchHit<>(w, 0, Set.of())).toList();
    }
    String query = String.join(" ", ReferenceResolver.keywords(ref));
    if (query.isBlank()) {
      return List.of();
    }
    return search.keyword(table(), query, columns, BOOSTS, 50, JiveTables::workItem);
  }

  /** The item a resolved reference names. */
  public static WorkItem item(Resolution r) {
    if (r instanceof Resolution.ById b) {
      return b.item();
    } else if (r instanceof Resolution.ByTitle t) {
      return t.item();
    } else if (r instanceof Resolution.ByKeywords k) {
      return k.item();
    }
    throw new IllegalStateException(r.toString());
  }

  /** A page of work items, filtered and sorted. */
  public List<WorkItem> list(WorkItemQuery query) {
    LanceTable t = table();
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
  public long count(Filter filter) {
    LanceTable t = table();
    if (!t.exists()) {
      return 0;
    }
    if (filter.isMatchAll()) {
      return t.directory().size();
    }
    return t.count(SqlFilterRenderer.render(filter));
  }

  /** Every work item, without vectors, in no particular order (for whole-project views). */
  public List<WorkItem> all() {
    RowDirectory d = table().directory();
    if (d == null) {
      return List.of();
    }
    List<WorkItem> out = new ArrayList<>(d.size());
    d.forEach((address, row) -> out.add(JiveTables.workItem(row)));
    return out;
  }

  /** Every matching work item, without vectors, in no particular order. */
  public List<WorkItem> listAll(Filter filter) {
    if (filter.isMatchAll()) {
      return all();
    }
    LanceTable t = table();
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
  public List<WorkItem> allWithVectors() {
    LanceTable t = table();
    if (!t.exists()) {
      return List.of();
    }
    return t.rows(new ScanOptions.Builder().build()).stream().map(JiveTables::workItem).toList();
  }

  /** Direct children, or every descendant when {@code recursive} (breadth first). */
  public List<WorkItem> children(String id, boolean recursive) {
    RowDirectory d = table().directory();
    if (d == null) {
      return List.of();
    }
    WorkItemChanges c = new WorkItemChanges(d);
    return recursive ? descendants(c, id) : c.children(id);
  }

  /** Every descendant of {@code id}, breadth first, siblings in order. */
  static List<WorkItem> descendants(WorkItemChanges c, String id) {
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

  /** The dependency graph of every work item. */
  public DependencyGraph dependencyGraph() {
    return dependencyGraph(List.of());
  }

  /**
   * What each item waits for in an execution plan (its dependencies and, as a parent, its
   * children), over the stored items with {@code staged} rows in their place.
   */
  DependencyGraph waitsForGraph(List<WorkItem> staged) {
    Map<String, WorkItem> items = new HashMap<>();
    all().forEach(w -> items.put(w.id(), w));
    staged.forEach(w -> items.put(w.id(), w));
    return DependencyGraph.withHierarchy(items.values());
  }

  /** The dependency graph of the stored items with {@code staged} rows in their place. */
  DependencyGraph dependencyGraph(List<WorkItem> staged) {
    Map<String, List<String>> edges = new HashMap<>();
    for (WorkItem w : all()) {
      edges.put(w.id(), w.dependencies());
    }
    for (WorkItem w : staged) {
      edges.put(w.id(), w.dependencies());
    }
    return DependencyGraph.of(edges);
  }
}
