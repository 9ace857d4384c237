package dev.jive.lancedb.search;

import dev.jive.core.StorageException;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.lancedb.table.DaemonThreads;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.table.LanceTable;
import dev.jive.lancedb.table.Tables;
import dev.jive.lancedb.upkeep.Maintenance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Semantic, keyword and hybrid search over any of the store's tables: queries embedded with the
 * store's model (recent ones remembered), the vector index used once a table has one, full-text
 * search over the columns that have an index, and hybrid's two legs run on two cores and fused.
 */
public final class TableSearch implements AutoCloseable {
  // RealModelSearchTest's labelled set ties the two (MRR 0.983); weighted scores stay on a 0..1
  // scale that min_score can use (docs/search.md).
  public static final HybridFusion.Method DEFAULT_FUSION = HybridFusion.Method.WEIGHTED;

  private final Embedder embedder;
  private final QueryVectors queryVectors = new QueryVectors();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(DaemonThreads.numbered("jive-search"));
  private volatile HybridFusion.Method fusion = DEFAULT_FUSION;

  public TableSearch(Embedder embedder) {
    this.embedder = embedder;
  }

  /** The request's kind of search over {@code t}; hits best first, mapped by {@code mapper}. */
  public <T> List<SearchHit<T>> search(
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
      case HYBRID -> hybrid(t, request, ftsColumns, boosts, indexed, mapper);
    };
  }

  private <T> List<SearchHit<T>> hybrid(
      LanceTable t,
      SearchRequest request,
      List<String> ftsColumns,
      Map<String, Float> boosts,
      boolean indexed,
      Function<Map<String, Object>, T> mapper) {
    int depth = Searcher.depth(request);
    return t.withSnapshot(
        ds -> {
          // The two retrievers are independent: embed and search by vector on another core while
          // this thread runs the full-text query.
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
                  executor);
          List<Searcher.Located> keyword =
              ftsColumns.isEmpty()
                  ? List.of()
                  : Searcher.locateKeyword(
                      ds, t, request.query(), ftsColumns, boosts, request.filter(), depth);
          return Searcher.hybrid(
              ds, t, fusion, join(semantic), keyword, request.limit(), request.minScore(), mapper);
        });
  }

  /** Semantic search with a caller's vector, through the index when the table has one. */
  public <T> List<SearchHit<T>> byVector(
      LanceTable t,
      float[] vector,
      Filter filter,
      int limit,
      boolean exact,
      Function<Map<String, Object>, T> mapper) {
    return Searcher.semantic(
        t,
        vector,
        filter == null ? Filter.matchAll() : filter,
        limit,
        null,
        !exact && Maintenance.hasVectorIndex(t),
        mapper);
  }

  /** Keyword search over the given columns (which must have full-text indexes). */
  public <T> List<SearchHit<T>> keyword(
      LanceTable t,
      String query,
      List<String> columns,
      Map<String, Float> boosts,
      int limit,
      Function<Map<String, Object>, T> mapper) {
    return Searcher.keyword(t, query, columns, boosts, Filter.matchAll(), limit, null, mapper);
  }

  /**
   * Loads the MCP Jive tables' search indexes, which Lance otherwise loads piecemeal on the
   * searches that first touch them: at 100,000 rows the first vector query took ~360 ms and each
   * further cold partition ~25 ms more, against ~7 ms warm.
   */
  public static void warmUp(Tables tables) {
    for (String name : JiveTables.ALL) {
      LanceTable t = tables.table(name);
      if (t.exists()) {
        Searcher.warmUp(
            t,
            Maintenance.indexedTextColumns(t, JiveTables.TEXT_COLUMNS.get(name)),
            Maintenance.hasVectorIndex(t));
        t.directory();
      }
    }
  }

  /** Switches the fusion method (tests compare them). */
  public void useFusion(HybridFusion.Method method) {
    this.fusion = method;
  }

  private float[] embedQuery(String query) {
    return queryVectors.get(query, embedder::embed);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StorageException("search failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
