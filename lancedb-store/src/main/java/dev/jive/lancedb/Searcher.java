package dev.jive.lancedb;

import dev.jive.core.InvalidInputException;
import dev.jive.core.search.Filter;
import dev.jive.core.search.Retriever;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SqlFilterRenderer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.index.DistanceType;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

/**
 * Semantic (cosine over the vector column: the ANN index when present, exact otherwise), keyword
 * (Lance's full-text index, BM25) and hybrid (both, fused) search over one table. Filters are
 * rendered by {@link SqlFilterRenderer} and applied before ranking.
 */
final class Searcher {
  /**
   * ANN settings, tuned at 100,000 x 384 clustered rows (docs/performance.md): nprobes 4, ef 100,
   * refine 2 gave recall@10 0.986 at p95 14 ms; nprobes 8, ef 64, refine 5 gave 0.953. Overridable
   * with {@code -Djive.search.nprobes}, {@code -Djive.search.ef}, {@code -Djive.search.refine}.
   */
  static final int NPROBES = Integer.getInteger("jive.search.nprobes", 4);

  static final int EF = Integer.getInteger("jive.search.ef", 100);
  static final int REFINE_FACTOR = Integer.getInteger("jive.search.refine", 2);

  /** Each retriever's candidates for hybrid fusion, as a multiple of the limit. */
  static final int HYBRID_DEPTH = Integer.getInteger("jive.search.hybrid_depth", 4);

  static final int HYBRID_MIN_DEPTH = Integer.getInteger("jive.search.hybrid_min_depth", 40);

  private Searcher() {}

  /** Semantic hits, best first: score = cosine similarity = 1 - cosine distance. */
  static <T> List<SearchHit<T>> semantic(
      LanceTable table,
      float[] query,
      Filter filter,
      int limit,
      Double minScore,
      boolean indexed,
      Function<Map<String, Object>, T> mapper) {
    int dimension = vectorDimension(table);
    if (query.length != dimension) {
      // Lance would silently fall back to a full scan without distances: refuse instead.
      throw new InvalidInputException(
          "vector",
          "query vector has dimension "
              + query.length
              + " but table "
              + table.name()
              + " holds "
              + dimension);
    }
    Query.Builder q =
        new Query.Builder()
            .setColumn("vector")
            .setKey(query)
            .setK(limit)
            .setDistanceType(DistanceType.Cosine);
    if (indexed) {
      // HNSW needs ef >= the candidates it returns, which refinement multiplies.
      q.setNprobes(NPROBES)
          .setEf(Math.max(EF, limit * REFINE_FACTOR))
          .setRefineFactor(REFINE_FACTOR);
    } else {
      q.setUseIndex(false);
    }
    ScanOptions.Builder options =
        new ScanOptions.Builder()
            .nearest(q.build())
            .prefilter(true)
            .columns(columnsWith(table, "_distance"));
    if (!filter.isMatchAll()) {
      options.filter(SqlFilterRenderer.render(filter));
    }
    List<SearchHit<T>> hits = new ArrayList<>();
    for (Map<String, Object> row : byScoreThenId(table.rows(options.build()), "_distance", true)) {
      double score = 1.0 - ((Number) row.get("_distance")).doubleValue();
      if (minScore == null || score >= minScore) {
        hits.add(new SearchHit<>(mapper.apply(row), score, Set.of(Retriever.SEMANTIC)));
      }
    }
    return hits;
  }

  /** Keyword hits by BM25 over the indexed text columns, best first. */
  static <T> List<SearchHit<T>> keyword(
      LanceTable table,
      String query,
      List<String> columns,
      Map<String, Float> boosts,
      Filter filter,
      int limit,
      Double minScore,
      Function<Map<String, Object>, T> mapper) {
    if (columns.isEmpty()) {
      throw new InvalidInputException(
          "search_type",
          "keyword search needs the full-text index, which is off (enable_fts=false) or not built"
              + " yet for table "
              + table.name());
    }
    // Modified UTF-8 across JNI breaks characters outside the BMP; they are never tokens anyway.
    query =
        query
            .codePoints()
            .mapToObj(cp -> Character.isBmpCodePoint(cp) ? Character.toString(cp) : " ")
            .reduce("", String::concat)
            .strip();
    if (query.isEmpty()) {
      return List.of();
    }
    List<Float> weights = new ArrayList<>();
    columns.forEach(c -> weights.add(boosts.getOrDefault(c, 1f)));
    FullTextQuery fts =
        columns.size() == 1
            ? FullTextQuery.match(query, columns.get(0))
            : FullTextQuery.multiMatch(query, columns, weights, FullTextQuery.Operator.OR);
    ScanOptions.Builder options =
        new ScanOptions.Builder()
            .fullTextQuery(fts)
            .limit(limit)
            .prefilter(true)
            .columns(columnsWith(table, "_score"));
    if (!filter.isMatchAll()) {
      options.filter(SqlFilterRenderer.render(filter));
    }
    List<SearchHit<T>> hits = new ArrayList<>();
    for (Map<String, Object> row : byScoreThenId(table.rows(options.build()), "_score", false)) {
      double score = ((Number) row.get("_score")).doubleValue();
      if (minScore == null || score >= minScore) {
        hits.add(new SearchHit<>(mapper.apply(row), score, Set.of(Retriever.KEYWORD)));
      }
    }
    return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
  }

  /** Both retrievers, fused; {@code min_score} applies to the fused score. */
  static <T> List<SearchHit<T>> hybrid(
      HybridFusion.Method method,
      List<SearchHit<T>> semantic,
      List<SearchHit<T>> keyword,
      Function<T, String> key,
      int limit,
      Double minScore) {
    Map<String, T> items = new HashMap<>();
    List<HybridFusion.Ranked> s = new ArrayList<>();
    for (SearchHit<T> h : semantic) {
      items.put(key.apply(h.item()), h.item());
      s.add(new HybridFusion.Ranked(key.apply(h.item()), h.score()));
    }
    List<HybridFusion.Ranked> k = new ArrayList<>();
    for (SearchHit<T> h : keyword) {
      items.putIfAbsent(key.apply(h.item()), h.item());
      k.add(new HybridFusion.Ranked(key.apply(h.item()), h.score()));
    }
    List<SearchHit<T>> out = new ArrayList<>();
    for (HybridFusion.Fused f : HybridFusion.fuse(method, s, k, limit)) {
      if (minScore == null || f.score() >= minScore) {
        out.add(new SearchHit<>(items.get(f.key()), f.score(), EnumSet.copyOf(f.foundBy())));
      }
    }
    return out;
  }

  /**
   * Orders rows by score, then by id. Lance returns equal scores in no fixed order; without the
   * tie-break, rank-based fusion gave different answers on identical runs.
   */
  private static List<Map<String, Object>> byScoreThenId(
      List<Map<String, Object>> rows, String scoreColumn, boolean ascending) {
    java.util.Comparator<Map<String, Object>> byScore =
        java.util.Comparator.comparingDouble(r -> ((Number) r.get(scoreColumn)).doubleValue());
    rows.sort(
        (ascending ? byScore : byScore.reversed()).thenComparing(r -> String.valueOf(r.get("id"))));
    return rows;
  }

  static int depth(SearchRequest request) {
    return Math.min(
        SearchRequest.MAX_LIMIT, Math.max(request.limit() * HYBRID_DEPTH, HYBRID_MIN_DEPTH));
  }

  static int vectorDimension(LanceTable table) {
    for (Field f : table.schema().getFields()) {
      if (f.getName().equals("vector") && Columns.isVector(f)) {
        return ((org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList) f.getType())
            .getListSize();
      }
    }
    throw new InvalidInputException("table", "table " + table.name() + " has no vector column");
  }

  /** Every column but the vector (search results do not need it), plus the score column. */
  private static List<String> columnsWith(LanceTable table, String scoreColumn) {
    List<String> columns = new ArrayList<>();
    for (Field f : table.schema().getFields()) {
      if (!Columns.isVector(f)) {
        columns.add(f.getName());
      }
    }
    columns.add(scoreColumn);
    return columns;
  }
}
