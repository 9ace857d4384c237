package dev.jive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.SearchHit;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.NonClosingEmbedder;
import dev.jive.lancedb.ServingJvm;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.StoreOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search at {@code rows} work items of 384 dimensions: clustered, seeded vectors (64 centres) and
 * seeded work-item text. Semantic search through the store's vector index, exact (flat) search,
 * BM25 keyword search and hybrid search (which embeds its query with the real model); beside them,
 * Lucene's HNSW index over the same vectors and queries. Recall@10 of both indexes is measured
 * against the true nearest neighbours, computed by brute force in this JVM.
 */
final class SearchSuite {
  static final int DEFAULT_ROWS = 100_000;
  private static final int DIMENSION = 384;
  private static final int RECALL_QUERIES = 100;
  private static final int EXACT_QUERIES = 50;
  private static final int EXACT_WARMUP = 10;
  private static final int WIDE_CANDIDATES = 100;

  private SearchSuite() {}

  static Map<String, Object> run(int rows, Path scratch, Path keep, PrintWriter out)
      throws Exception {
    return measure(
        rows,
        out,
        keep != null ? keep : scratch.resolve("search-lance"),
        scratch.resolve("lucene"));
  }

  private static Map<String, Object> measure(int rows, PrintWriter out, Path lance, Path lucene)
      throws Exception {
    ClusteredVectors generator = generator();
    List<float[]> vectors = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      vectors.add(generator.next());
    }
    List<float[]> queries = queriesAfter(generator);
    List<float[]> recallQueries =
        queries.subList(Latencies.WARMUP, Latencies.WARMUP + RECALL_QUERIES);
    List<int[]> truth = new ArrayList<>();
    for (float[] q : recallQueries) {
      truth.add(BruteForce.topK(vectors, q, 10));
    }

    // Figured in this JVM, beside Lucene's; the serving JVM's figures come first in the result.
    Map<String, Object> building = Figures.of();
    Latencies ann;
    Latencies exact;
    double recall = 0;
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(lance.toString()))
                .embedder(new NonClosingEmbedder(model))
                .options(StoreOptions.defaults().withBackgroundMaintenance(false))
                .build()) {
      Map<String, Integer> positions = new HashMap<>(rows * 2);
      List<String> texts = BenchmarkSentences.generate(rows, 11);
      long start = System.nanoTime();
      double insertSeconds;
      // As a migration loads: index upkeep held back until the rows are in.
      try (LanceDBManager.BulkLoad bulk = store.bulkLoad()) {
        for (int from = 0; from < rows; from += 10_000) {
          List<WorkItem> batch = new ArrayList<>();
          for (int i = from; i < Math.min(rows, from + 10_000); i++) {
            String id = LanceDBManager.newId();
            positions.put(id, i);
            batch.add(workItem(id, texts.get(i), vectors.get(i)));
          }
          store.insertWorkItems(batch);
          out.printf("  stored %,d / %,d rows%n", Math.min(rows, from + 10_000), rows);
          out.flush();
        }
        insertSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
      }
      store.optimizeTables();
      double indexSeconds = (System.nanoTime() - start) / 1e9;
      store.warmUpIndexes(); // as the MCP server does at start

      ann = Latencies.of(queries, q -> store.searchByVector(q, null, 10));
      // A flat scan has no cache to fill: a few untimed queries warm the JIT.
      exact =
          Latencies.of(
              queries.subList(0, EXACT_WARMUP + EXACT_QUERIES),
              EXACT_WARMUP,
              q -> store.searchByVectorExact(q, 10));
      for (int i = 0; i < recallQueries.size(); i++) {
        List<SearchHit<WorkItem>> hits = store.searchByVector(recallQueries.get(i), null, 10);
        int[] got = new int[hits.size()];
        for (int h = 0; h < got.length; h++) {
          got[h] = positions.get(hits.get(h).item().id());
        }
        recall += BruteForce.recall(truth.get(i), got);
      }
      recall /= recallQueries.size();
      building.put("semantic_building_jvm", ann.json());
      building.put("exact", exact.json());
      out.printf(
          "  store: %,.0f rows/s bulk insert (vectors given); indexes built and table compacted in"
              + " %.1f s%n",
          rows / insertSeconds, indexSeconds);
      out.flush();

      double luceneRecall = 0;
      try (LuceneHnsw peer = LuceneHnsw.build(lucene, vectors)) {
        Latencies peerLatency = Latencies.of(queries, q -> peer.search(q, 10));
        for (int i = 0; i < recallQueries.size(); i++) {
          luceneRecall += BruteForce.recall(truth.get(i), peer.search(recallQueries.get(i), 10));
        }
        luceneRecall /= recallQueries.size();
        // Lucene's own advice for more recall: ask the graph for more candidates than you keep.
        Latencies wide = Latencies.of(queries, q -> peer.search(q, WIDE_CANDIDATES));
        double wideRecall = 0;
        for (int i = 0; i < recallQueries.size(); i++) {
          int[] top =
              java.util.Arrays.copyOf(peer.search(recallQueries.get(i), WIDE_CANDIDATES), 10);
          wideRecall += BruteForce.recall(truth.get(i), top);
        }
        wideRecall /= recallQueries.size();
        out.printf(
            "  Lucene HNSW asked for %d candidates, top 10 kept: p50 %.2f ms, p95 %.2f ms,"
                + " recall@10 %.3f%n",
            WIDE_CANDIDATES, wide.p(50), wide.p(95), wideRecall);
        Map<String, Object> lucenePeer = peerLatency.json();
        lucenePeer.put("recall_at_10", Latencies.round(luceneRecall, 3));
        lucenePeer.put("build_s", Latencies.round(peer.buildSeconds, 2));
        building.put("lucene_hnsw", lucenePeer);
      }
      building.put("rss_building_mb", Latencies.round(EmbeddingBenchmark.residentMb(), 0));
    }
    JsonNode serving = serving(lance, rows);
    Map<String, Object> result = Figures.of("rows", rows);
    Map<String, Object> semantic = figures(serving.path("semantic"));
    semantic.put("recall_at_10", Latencies.round(recall, 3));
    result.put("semantic", semantic);
    result.put("keyword", figures(serving.path("keyword")));
    result.put("hybrid", figures(serving.path("hybrid")));
    result.put("rss_opened_mb", serving.path("rss_opened_mb").asDouble());
    result.put("rss_mb", serving.path("rss_mb").asDouble());
    result.putAll(building);
    print(result, ann, exact, out);
    return result;
  }

  /** The generator of the suite's vectors: {@code rows} rows, then the queries. */
  private static ClusteredVectors generator() {
    return new ClusteredVectors(DIMENSION, 64, 0.6, 7);
  }

  /** The semantic queries: the generator's next vectors after the {@code rows} stored ones. */
  static List<float[]> semanticQueries(int rows) {
    ClusteredVectors generator = generator();
    for (int i = 0; i < rows; i++) {
      generator.next();
    }
    return queriesAfter(generator);
  }

  /** The next {@link Latencies#WARMUP} + {@link Latencies#TIMED} vectors, as queries. */
  private static List<float[]> queriesAfter(ClusteredVectors generator) {
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < Latencies.WARMUP + Latencies.TIMED; i++) {
      queries.add(generator.next());
    }
    return queries;
  }

  /** The keyword and hybrid queries: short work-item sentences. */
  static List<String> textQueries() {
    List<String> queries = new ArrayList<>();
    for (String s : BenchmarkSentences.shortTexts(Latencies.WARMUP + Latencies.TIMED, 5)) {
      queries.add(s.substring(0, s.lastIndexOf(" #")));
    }
    return queries;
  }

  /**
   * Searches and resident memory in a JVM that only serves the store, started as scripts/jive-mcp
   * starts the MCP server ({@link ServingSearch}): this one carries the build's garbage, 100,000
   * vectors and Lucene's index.
   */
  private static JsonNode serving(Path lance, int rows) throws Exception {
    List<String> command =
        Benchmarks.javaCommand(
            "1g",
            System.getProperty("java.class.path"),
            ServingSearch.class.getName(),
            lance.toString(),
            Integer.toString(rows));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(ServingJvm.ENVIRONMENT);
    Process p = builder.start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the serving measurement failed: " + printed);
    }
    String last = printed.substring(printed.lastIndexOf('\n') + 1);
    return new ObjectMapper().readTree(last);
  }

  private static Map<String, Object> figures(JsonNode latencies) {
    return Figures.of(
        "p50_ms",
        latencies.path("p50_ms").asDouble(),
        "p95_ms",
        latencies.path("p95_ms").asDouble());
  }

  private static WorkItem workItem(String id, String text, float[] vector) {
    String[] parts = BenchmarkSentences.titleAndDescription(text);
    return WorkItem.builder()
        .id(id)
        .title(parts[0])
        .description(parts[1])
        .itemType(WorkItemType.TASK)
        .vector(vector)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static void print(
      Map<String, Object> r, Latencies ann, Latencies exact, PrintWriter out) {
    Map<String, Object> peer = (Map<String, Object>) r.get("lucene_hnsw");
    Map<String, Object> semantic = (Map<String, Object>) r.get("semantic");
    Map<String, Object> keyword = (Map<String, Object>) r.get("keyword");
    Map<String, Object> hybrid = (Map<String, Object>) r.get("hybrid");
    out.printf(
        "search: %,d rows x %d dims, clustered; %d queries each after %d warm-up%n",
        (Integer) r.get("rows"), DIMENSION, Latencies.TIMED, Latencies.WARMUP);
    out.println("  in a JVM that only serves the store, started as scripts/jive-mcp starts one:");
    out.printf("  %-40s %8s %8s %10s%n", "", "p50 ms", "p95 ms", "recall@10");
    row(out, "semantic (IVF_HNSW_SQ)", semantic, semantic.get("recall_at_10"));
    row(out, "keyword (BM25)", keyword, "");
    row(out, "hybrid (incl. query embedding)", hybrid, "");
    out.printf(
        "  resident: %.0f MB with the model and indexes loaded, %.0f MB after the searches%n",
        (Double) r.get("rss_opened_mb"), (Double) r.get("rss_mb"));
    out.println("  in the JVM that built the store (and holds Lucene's index), side by side:");
    out.printf(
        "  %-40s %8.2f %8.2f %10.3f%n",
        "semantic (IVF_HNSW_SQ)", ann.p(50), ann.p(95), semantic.get("recall_at_10"));
    row(out, "semantic, Lucene HNSW (peer)", peer, peer.get("recall_at_10"));
    out.printf(
        "  %-40s %8.2f %8.2f %10s%n", "semantic, exact (flat)", exact.p(50), exact.p(95), "1.000");
    out.printf(
        "  ratio of semantic p95, store / Lucene: %.2f; Lucene built its graph in %.1f s%n",
        ann.p(95) / (Double) peer.get("p95_ms"), (Double) peer.get("build_s"));
    out.flush();
  }

  private static void row(PrintWriter out, String label, Map<String, Object> f, Object recall) {
    out.printf(
        "  %-40s %8.2f %8.2f %10s%n",
        label, (Double) f.get("p50_ms"), (Double) f.get("p95_ms"), recall);
  }

  /** True nearest neighbours by dot product (the vectors are unit length). */
  static final class BruteForce {
    private BruteForce() {}

    static int[] topK(List<float[]> vectors, float[] q, int k) {
      int[] best = new int[k];
      double[] scores = new double[k];
      java.util.Arrays.fill(scores, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < vectors.size(); i++) {
        float[] v = vectors.get(i);
        double dot = 0;
        for (int d = 0; d < v.length; d++) {
          dot += v[d] * q[d];
        }
        if (dot > scores[k - 1]) {
          int at = k - 1;
          while (at > 0 && scores[at - 1] < dot) {
            scores[at] = scores[at - 1];
            best[at] = best[at - 1];
            at--;
          }
          scores[at] = dot;
          best[at] = i;
        }
      }
      return best;
    }

    static double recall(int[] truth, int[] got) {
      Set<Integer> want = new HashSet<>();
      for (int t : truth) {
        want.add(t);
      }
      int found = 0;
      for (int g : got) {
        if (want.contains(g)) {
          found++;
        }
      }
      return found / (double) truth.length;
    }
  }
}
