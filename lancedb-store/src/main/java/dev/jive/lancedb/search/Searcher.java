package dev.jive.lancedb.search;

import dev.jive.core.InvalidInputException;
import dev.jive.core.StorageException;
import dev.jive.core.embedding.EmbeddingTexts;
import dev.jive.core.search.Filter;
import dev.jive.core.search.Retriever;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SqlFilterRenderer;
import dev.jive.lancedb.table.Columns;
import dev.jive.lancedb.table.LanceTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.Dataset;
import org.lance.index.DistanceType;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

/**
 * Semantic (cosine over the vector column: the ANN index when present, exact otherwise), keyword
 * (Lance's full-text index, BM25) and hybrid (both, fused) search over one table. Filters are
 * rendered by {@link SqlFilterRenderer} and applied before ranking.
 */
public final class Searcher {
  /**
   * ANN settings, tuned at 100,000 x 384 clustered rows, where the index has 8 partitions
   * (docs/search.md has the sweeps): nprobes 2, ef 200, refine 2 gave recall@10 0.997-0.999 on
   * every index build tried. With ef 100 recall varied from build to build between 0.951 and 0.988
   * (the HNSW search inside a partition missed neighbours; more probes found nothing more), for the
   * same latency within the machine's noise. Without refinement recall stops at ~0.945 whatever the
   * ef (8-bit codes misorder close neighbours). "Refine 2": the index returns twice the limit, and
   * the nearest by exact cosine are kept ({@link #exactly}). Overridable with {@code
   * -Djive.search.nprobes}, {@code -Djive.search.ef}, {@code -Djive.search.refine}.
   */
  static final int NPROBES = Integer.getInteger("jive.search.nprobes", 2);

  static final int EF = Integer.getInteger("jive.search.ef", 200);
  static final int REFINE_FACTOR = Integer.getInteger("jive.search.refine", 2);

  /** Each retriever's candidates for hybrid fusion, as a multiple of the limit. */
  static final int HYBRID_DEPTH = Integer.getInteger("jive.search.hybrid_depth", 4);

  static final int HYBRID_MIN_DEPTH = Integer.getInteger("jive.search.hybrid_min_depth", 40);

  /** The column semantic search ranks by. */
  static final String VECTOR_COLUMN = Columns.VECTOR;

  /** Best first; equal scores by address, since Lance returns them in no fixed order. */
  private static final Comparator<Located> BEST_FIRST =
      Comparator.comparingDouble(Located::score).reversed().thenComparingLong(Located::rowId);

  private Searcher() {}

  /** How a semantic ranking reads the vectors. */
  public enum Ranking {
    /** Every row's stored vector: no index, exact distances. */
    EXACT,
    /**
     * The index's candidates, chosen on its 8-bit codes, with exact distances computed here from
     * their stored vectors ({@link LanceTable#vectorsAt}): for hybrid's semantic leg, which already
     * asks for 4 times the limit.
     */
    INDEXED,
    /**
     * As {@link #INDEXED}, but {@link #REFINE_FACTOR} times the limit candidates, of which the
     * nearest by exact distance are kept: for semantic answers. Without the exact distances recall
     * stops at ~0.945 whatever the ef, and hybrid's top hit changed on 8% of queries.
     */
    INDEXED_WIDE
  }

  /**
   * A hit before its row is read: its address in one version of the table and its score. Ranking
   * reads only these; the other columns of the few rows that make the answer are read afterwards
   * ({@link #read}). Reading 25 columns inside the ranking query cost as much as the ranking itself
   * at 100,000 rows, and a hybrid query ranks four times as many rows as it returns.
   */
  public record Located(long rowId, double score, Set<Retriever> foundBy) {}

  /** Semantic hits, best first: score = cosine similarity = 1 - cosine distance. */
  public static <T> List<SearchHit<T>> semantic(
      LanceTable table,
      float[] query,
      Filter filter,
      int limit,
      Double minScore,
      boolean indexed,
      Function<Map<String, Object>, T> mapper) {
    Ranking ranking = indexed ? Ranking.INDEXED_WIDE : Ranking.EXACT;
    return table.withSnapshot(
        ds -> {
          List<Located> hits = locateSemantic(ds, table, query, filter, limit, ranking);
          return read(ds, table, atLeast(hits, minScore), mapper);
        });
  }

  /** The nearest rows by cosine distance, best first (ties by address). */
  public static List<Located> locateSemantic(
      Dataset ds, LanceTable table, float[] query, Filter filter, int limit, Ranking ranking) {
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
    int candidates = ranking == Ranking.INDEXED_WIDE ? limit * REFINE_FACTOR : limit;
    Query.Builder q = nearest(query, candidates);
    if (ranking == Ranking.EXACT) {
      q.setUseIndex(false);
    } else {
      // No refinement in Lance: it read 20 stored vectors in ~3 ms at 100,000 rows, against
      // microseconds from the row cache's vector files (docs/search.md). HNSW needs ef >= k.
      q.setNprobes(NPROBES).setEf(Math.max(EF, candidates));
    }
    ScanOptions.Builder options =
        new ScanOptions.Builder()
            .nearest(q.build())
            .prefilter(true)
            .withRowId(true)
            .columns(List.of("_distance"));
    if (!filter.isMatchAll()) {
      options.filter(SqlFilterRenderer.render(filter));
    }
    List<Located> found =
        locate(
            table, ds, options.build(), "_distance", d -> 1.0 - d, Retriever.SEMANTIC, candidates);
    return ranking == Ranking.EXACT ? found : exactly(ds, table, query, found, limit);
  }

  /**
   * The {@code limit} nearest of the index's candidates by exact cosine similarity, computed from
   * their stored vectors: the index ranks on 8-bit codes, which misorder close neighbours.
   */
  private static List<Located> exactly(
      Dataset ds, LanceTable table, float[] query, List<Located> candidates, int limit) {
    List<Long> rowIds = new ArrayList<>(candidates.size());
    candidates.forEach(c -> rowIds.add(c.rowId()));
    Map<Long, float[]> vectors = table.vectorsAt(ds, rowIds);
    List<Located> out = new ArrayList<>(candidates.size());
    for (Located c : candidates) {
      float[] v = vectors.get(c.rowId());
      if (v != null) {
        double cosine = EmbeddingTexts.cosine(query, v);
        // An all-zero vector has no direction: nothing is nearer to it than anything else.
        out.add(new Located(c.rowId(), Double.isNaN(cosine) ? 0 : cosine, c.foundBy()));
      }
    }
    out.sort(BEST_FIRST);
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  /** The {@code k} rows nearest {@code query} in the vector column, by cosine distance. */
  private static Query.Builder nearest(float[] query, int k) {
    return new Query.Builder()
        .setColumn(VECTOR_COLUMN)
        .setKey(query)
        .setK(k)
        .setDistanceType(DistanceType.Cosine);
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
    return table.withSnapshot(
        ds -> {
          List<Located> hits = locateKeyword(ds, table, query, columns, boosts, filter, limit);
          return read(ds, table, atLeast(hits, minScore), mapper);
        });
  }

  /** The best rows by BM25, best first (ties by address). */
  static List<Located> locateKeyword(
      Dataset ds,
      LanceTable table,
      String query,
      List<String> columns,
      Map<String, Float> boosts,
      Filter filter,
      int limit) {
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
    if (query.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return List.of(); // no token at all ("%", "?"): nothing for the index to match
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
            .withRowId(true)
            .columns(List.of("_score"));
    if (!filter.isMatchAll()) {
      options.filter(SqlFilterRenderer.render(filter));
    }
    try {
      return locate(table, ds, options.build(), "_score", s -> s, Retriever.KEYWORD, limit);
    } catch (StorageException e) {
      if (e.getMessage() != null && e.getMessage().contains(NO_TOKEN_LEFT)) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * What Lance 7.0.0 answers a full-text query whose every token the analyzer drops (stop words
   * only: "the", "AND OR NOT") with, instead of no hits; which words are stop words is the index's
   * business, so the answer is recognised rather than the list copied.
   */
  static final String NO_TOKEN_LEFT = "all columns in a record batch must have the same length";

  /**
   * Both retrievers' hits fused, then read; {@code min_score} applies to the fused score. Both
   * lists must come from the snapshot {@code ds}.
   */
  static <T> List<SearchHit<T>> hybrid(
      Dataset ds,
      LanceTable table,
      HybridFusion.Method method,
      List<Located> semantic,
      List<Located> keyword,
      int limit,
      Double minScore,
      Function<Map<String, Object>, T> mapper) {
    List<HybridFusion.Ranked> s = new ArrayList<>();
    semantic.forEach(h -> s.add(new HybridFusion.Ranked(Long.toString(h.rowId()), h.score())));
    List<HybridFusion.Ranked> k = new ArrayList<>();
    keyword.forEach(h -> k.add(new HybridFusion.Ranked(Long.toString(h.rowId()), h.score())));
    List<Located> fused = new ArrayList<>();
    for (HybridFusion.Fused f : HybridFusion.fuse(method, s, k, limit)) {
      if (minScore == null || f.score() >= minScore) {
        fused.add(new Located(Long.parseLong(f.key()), f.score(), EnumSet.copyOf(f.foundBy())));
      }
    }
    return read(ds, table, fused, mapper);
  }

  /**
   * Runs a ranking query that returns only row addresses and one score column. Ordered by score,
   * then by address: Lance returns equal scores in no fixed order, and without the tie-break
   * rank-based fusion gave different answers on identical runs.
   */
  private static List<Located> locate(
      LanceTable table,
      Dataset ds,
      ScanOptions options,
      String scoreColumn,
      java.util.function.DoubleUnaryOperator toScore,
      Retriever retriever,
      int limit) {
    List<Located> out = new ArrayList<>();
    table.scan(
        ds,
        options,
        root -> {
          UInt8Vector rowIds = (UInt8Vector) root.getVector("_rowid");
          FieldVector scores = root.getVector(scoreColumn);
          for (int i = 0; i < root.getRowCount(); i++) {
            double raw = ((Number) scores.getObject(i)).doubleValue();
            out.add(
                new Located(
                    rowIds.getObjectNoOverflow(i).longValue(),
                    toScore.applyAsDouble(raw),
                    Set.of(retriever)));
          }
        });
    out.sort(BEST_FIRST);
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  private static List<Located> atLeast(List<Located> hits, Double minScore) {
    return minScore == null ? hits : hits.stream().filter(h -> h.score() >= minScore).toList();
  }

  /** Reads every column but the vectors of the located rows, in their order. */
  public static <T> List<SearchHit<T>> read(
      Dataset ds,
      LanceTable table,
      List<Located> located,
      Function<Map<String, Object>, T> mapper) {
    if (located.isEmpty()) {
      return new ArrayList<>();
    }
    List<Long> rowIds = new ArrayList<>(located.size());
    located.forEach(h -> rowIds.add(h.rowId()));
    Map<Long, Map<String, Object>> byRowId = table.rowsAt(ds, rowIds);
    List<SearchHit<T>> hits = new ArrayList<>(located.size());
    for (Located h : located) {
      Map<String, Object> row = byRowId.get(h.rowId());
      if (row != null) {
        hits.add(new SearchHit<>(mapper.apply(row), h.score(), h.foundBy()));
      }
    }
    return hits;
  }

  /**
   * Runs one vector query through every partition of the index (Lance caps the probes at the
   * partition count; the store builds at most 256) and one keyword query through the full-text
   * indexes, so that later searches find them loaded.
   */
  static void warmUp(LanceTable table, List<String> ftsColumns, boolean indexed) {
    table.withSnapshot(
        ds -> {
          if (indexed) {
            float[] unit = new float[vectorDimension(table)];
            unit[0] = 1;
            Query everyPartition = nearest(unit, 1).setNprobes(4096).setEf(EF).build();
            table.scan(
                ds,
                new ScanOptions.Builder()
                    .nearest(everyPartition)
                    .withRowId(true)
                    .columns(List.of("_distance"))
                    .build(),
                root -> {});
          }
          if (!ftsColumns.isEmpty()) {
            locateKeyword(ds, table, "warm", ftsColumns, Map.of(), Filter.matchAll(), 1);
          }
          return null;
        });
  }

  static int depth(SearchRequest request) {
    return Math.min(
        SearchRequest.MAX_LIMIT, Math.max(request.limit() * HYBRID_DEPTH, HYBRID_MIN_DEPTH));
  }

  static int vectorDimension(LanceTable table) {
    int dimension = vectorDimension(table.schema());
    if (dimension == 0) {
      throw new InvalidInputException("table", "table " + table.name() + " has no vector column");
    }
    return dimension;
  }

  /** The dimension of the schema's {@link #VECTOR_COLUMN}, 0 if it has none. */
  static int vectorDimension(org.apache.arrow.vector.types.pojo.Schema schema) {
    for (Field f : schema.getFields()) {
      if (f.getName().equals(VECTOR_COLUMN) && Columns.isVector(f)) {
        return ((org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList) f.getType())
            .getListSize();
      }
    }
    return 0;
  }
}
