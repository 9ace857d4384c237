package dev.jive.lancedb.records;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.InvalidInputException;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.search.TableSearch;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lance.ipc.ScanOptions;

/** Architecture and troubleshooting memories: one row per slug, embedded, searchable. */
public final class Memories {
  private static final Map<String, Float> BOOSTS = Map.of("title", 2f);

  private final Tables tables;
  private final GenericRows rows;
  private final TableSearch search;

  public Memories(Tables tables, GenericRows rows, TableSearch search) {
    this.tables = tables;
    this.rows = rows;
    this.search = search;
  }

  /** Creates or replaces (by slug) an architecture memory, embedding its requirements. */
  public ArchitectureMemory put(ArchitectureMemory memory) {
    ArchitectureMemory stored =
        new ArchitectureMemory(
            memory.id(),
            memory.uniqueSlug(),
            memory.title(),
            memory.aiWhenToUse(),
            memory.aiRequirements(),
            tables.embedder().embed(memory.embeddingText()),
            memory.keywords(),
            memory.childrenSlugs(),
            memory.relatedSlugs(),
            memory.linkedEpicIds(),
            memory.tags(),
            memory.createdOn() == null ? tables.now() : memory.createdOn(),
            tables.now(),
            memory.metadata());
    upsertBySlug(JiveTables.ARCHITECTURE, JiveTables.row(stored));
    return stored;
  }

  /** Creates or replaces (by slug) a troubleshooting memory, embedding its search text. */
  public TroubleshootMemory put(TroubleshootMemory memory) {
    TroubleshootMemory stored =
        new TroubleshootMemory(
            memory.id(),
            memory.uniqueSlug(),
            memory.title(),
            memory.aiUseCase(),
            memory.aiSolutions(),
            memory.searchText(),
            tables.embedder().embed(memory.searchText()),
            memory.keywords(),
            memory.tags(),
            memory.usageCount(),
            memory.successCount(),
            memory.createdOn() == null ? tables.now() : memory.createdOn(),
            tables.now(),
            memory.metadata());
    upsertBySlug(JiveTables.TROUBLESHOOT, JiveTables.row(stored));
    return stored;
  }

  private void upsertBySlug(String table, Map<String, Object> row) {
    // GenericRows converts to the stored schema once the table exists.
    rows.upsert(table, tables.schemaFor(table), List.of("unique_slug"), List.of(row));
  }

  public Optional<ArchitectureMemory> architecture(String slug) {
    return find(JiveTables.ARCHITECTURE, Filter.eq("unique_slug", slug), 1).stream()
        .map(JiveTables::architecture)
        .findFirst();
  }

  public Optional<TroubleshootMemory> troubleshoot(String slug) {
    return find(JiveTables.TROUBLESHOOT, Filter.eq("unique_slug", slug), 1).stream()
        .map(JiveTables::troubleshoot)
        .findFirst();
  }

  public List<ArchitectureMemory> architectures(Filter filter, int limit) {
    return find(JiveTables.ARCHITECTURE, filter, limit).stream()
        .map(JiveTables::architecture)
        .toList();
  }

  public List<TroubleshootMemory> troubleshoots(Filter filter, int limit) {
    return find(JiveTables.TROUBLESHOOT, filter, limit).stream()
        .map(JiveTables::troubleshoot)
        .toList();
  }

  /** Deletes a memory of either table by slug; true when there was one. */
  public boolean delete(String table, String slug) {
    if (!table.equals(JiveTables.ARCHITECTURE) && !table.equals(JiveTables.TROUBLESHOOT)) {
      throw new InvalidInputException("memory_type", "unknown memory table " + table);
    }
    return rows.delete(table, Filter.eq("unique_slug", slug)) > 0;
  }

  public List<SearchHit<ArchitectureMemory>> searchArchitecture(SearchRequest request) {
    return search(JiveTables.ARCHITECTURE, request, JiveTables::architecture);
  }

  public List<SearchHit<TroubleshootMemory>> searchTroubleshoot(SearchRequest request) {
    return search(JiveTables.TROUBLESHOOT, request, JiveTables::troubleshoot);
  }

  private <T> List<SearchHit<T>> search(
      String table, SearchRequest request, Function<Map<String, Object>, T> mapper) {
    LanceTable t = tables.table(table);
    if (!t.exists()) {
      return List.of();
    }
    return search.search(t, request, JiveTables.TEXT_COLUMNS.get(table), BOOSTS, mapper);
  }

  private List<Map<String, Object>> find(String table, Filter filter, int limit) {
    LanceTable t = tables.table(table);
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
}
