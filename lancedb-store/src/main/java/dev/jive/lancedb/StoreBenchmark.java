package dev.jive.lancedb;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.EmbeddingBenchmark;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The store benchmark: {@code rows} work items with clustered 384-d vectors and real work-item
 * text, bulk-inserted; then semantic search through the ANN index (with recall@10 against exact
 * search in the same run), exact search, keyword and hybrid search (hybrid embeds its query with
 * the real model); then single creates per second with the real model on an empty store; and
 * resident memory. Latencies are over 200 queries after 20 warm-up queries.
 *
 * <p>Run: {@code java -cp ... dev.jive.lancedb.StoreBenchmark [rows]}.
 */
public final class StoreBenchmark {
  private static final int QUERIES = 200;
  private static final int WARMUP = 20;

  private StoreBenchmark() {}

  public static Map<String, Object> run(int rows, PrintStream out) throws IOException {
    return run(rows, out, null);
  }

  /** As {@link #run(int, PrintStream)}; with {@code keep} the search table stays there. */
  public static Map<String, Object> run(int rows, PrintStream out, Path keep) throws IOException {
    Path dir = Files.createTempDirectory("jive-store-bench");
    Map<String, Object> result = new LinkedHashMap<>();
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(
                    DatabaseConfig.defaults()
                        .withDataPath((keep != null ? keep : dir.resolve("search")).toString()))
                .embedder(new NonClosingEmbedder(model))
                .options(StoreOptions.defaults().withBackgroundMaintenance(false))
                .build()) {
      ClusteredVectors vectors = new ClusteredVectors(384, 64, 0.6, 7);
      List<String> texts = BenchmarkSentences.generate(rows, 11);
      long start = System.nanoTime();
      int chunk = 10_000;
      for (int from = 0; from < rows; from += chunk) {
        List<WorkItem> items = new ArrayList<>();
        for (int i = from; i < Math.min(rows, from + chunk); i++) {
          String text = texts.get(i);
          int cut = text.indexOf(' ', Math.min(text.length() - 1, 30));
          items.add(
              WorkItem.builder()
                  .id(LanceDBManager.newId())
                  .title(cut > 0 ? text.substring(0, cut) : text)
                  .description(cut > 0 ? text.substring(cut + 1) : "")
                  .itemType(WorkItemType.TASK)
                  .vector(vectors.next())
                  .build());
        }
        store.insertWorkItems(items);
      }
      double insertSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      store.optimizeTables();
      double indexSeconds = (System.nanoTime() - start) / 1e9;

      List<float[]> queries = new ArrayList<>();
      for (int i = 0; i < QUERIES + WARMUP; i++) {
        queries.add(vectors.next());
      }
      double[] ann = latencies(queries, q -> store.searchByVector(q, null, 10));
      double[] exact =
          latencies(queries.subList(0, WARMUP + 50), q -> store.searchByVectorExact(q, 10));
      double recall = 0;
      for (float[] q : queries.subList(WARMUP, WARMUP + 50)) {
        Set<String> truth = ids(store.searchByVectorExact(q, 10));
        Set<String> got = ids(store.searchByVector(q, null, 10));
        got.retainAll(truth);
        recall += got.size() / 10.0;
      }
      recall /= 50;
      List<String> textQueries = new ArrayList<>();
      List<String> sample = BenchmarkSentences.shortTexts(QUERIES + WARMUP, 5);
      for (String s : sample) {
        textQueries.add(s.substring(0, s.lastIndexOf(" #")));
      }
      double[] keyword =
          latencies(textQueries, q -> store.search(SearchRequest.of(q, SearchType.KEYWORD, 10)));
      double[] hybrid =
          latencies(textQueries, q -> store.search(SearchRequest.of(q, SearchType.HYBRID, 10)));
      double rss = EmbeddingBenchmark.residentMb();

      result.put("rows", rows);
      result.put(
          "semantic",
          Map.of("p50_ms", p(ann, 50), "p95_ms", p(ann, 95), "recall_at_10", round(recall)));
      result.put("exact", Map.of("p50_ms", p(exact, 50), "p95_ms", p(exact, 95)));
      result.put("keyword", Map.of("p50_ms", p(keyword, 50), "p95_ms", p(keyword, 95)));
      result.put("hybrid", Map.of("p50_ms", p(hybrid, 50), "p95_ms", p(hybrid, 95)));
      result.put("batch_insert_per_s", round(rows / insertSeconds));
      result.put("index_build_s", round(indexSeconds));
      result.put("rss_mb", round(rss));
      out.printf("search: %,d rows x 384 dims, clustered; %d queries each%n", rows, QUERIES);
      out.printf("  %-34s %8s %8s %10s%n", "", "p50 ms", "p95 ms", "recall@10");
      out.printf(
          "  %-34s %8.2f %8.2f %10.3f%n",
          "semantic, IVF_HNSW_SQ index", p(ann, 50), p(ann, 95), recall);
      out.printf(
          "  %-34s %8.2f %8.2f %10s%n",
          "semantic, exact (flat)", p(exact, 50), p(exact, 95), "1.000");
      out.printf("  %-34s %8.2f %8.2f%n", "keyword (BM25)", p(keyword, 50), p(keyword, 95));
      out.printf(
          "  %-34s %8.2f %8.2f%n", "hybrid (incl. query embedding)", p(hybrid, 50), p(hybrid, 95));
      out.printf(
          "  bulk insert: %.0f rows/s; indexes built in %.1f s; resident %.0f MB%n",
          rows / insertSeconds, indexSeconds, rss);
    }

    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(
                    DatabaseConfig.defaults().withDataPath(dir.resolve("writes").toString()))
                .embedder(new NonClosingEmbedder(model))
                .build()) {
      List<String> titles = BenchmarkSentences.shortTexts(320, 3);
      for (String t : titles.subList(0, 20)) {
        store.createWorkItem(Map.of("type", "task", "title", t));
      }
      long start = System.nanoTime();
      for (String t : titles.subList(20, 320)) {
        store.createWorkItem(
            Map.of("type", "task", "title", t, "description", "created by the benchmark"));
      }
      double perSecond = 300 / ((System.nanoTime() - start) / 1e9);
      store.awaitMaintenance();
      result.put("single_create_per_s", round(perSecond));
      out.printf(
          "writes: %.0f single creates/s (real model, one at a time, background maintenance on)%n",
          perSecond);
    } finally {
      deleteTree(dir);
    }
    return result;
  }

  /**
   * Resident memory of a process that only serves: opens a kept table, loads the model, runs 300
   * semantic, 300 keyword and 300 hybrid queries, and prints resident memory before and after.
   */
  public static double serve(Path data, PrintStream out) {
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(data.toString()))
                .embedder(new NonClosingEmbedder(model))
                .options(StoreOptions.defaults().withBackgroundMaintenance(false))
                .build()) {
      double opened = EmbeddingBenchmark.residentMb();
      ClusteredVectors vectors = new ClusteredVectors(384, 64, 0.6, 99);
      List<String> texts = BenchmarkSentences.shortTexts(300, 4);
      for (String t : texts) {
        String q = t.substring(0, t.lastIndexOf(" #"));
        store.searchByVector(vectors.next(), null, 10);
        store.search(SearchRequest.of(q, SearchType.KEYWORD, 10));
        store.search(SearchRequest.of(q, SearchType.HYBRID, 10));
      }
      double serving = EmbeddingBenchmark.residentMb();
      out.printf(
          "serving %,d rows: resident %.0f MB with the model loaded, %.0f MB after 900 queries%n",
          store.countWorkItems(dev.jive.core.search.Filter.matchAll()), opened, serving);
      return serving;
    }
  }

  /** {@code [rows] [--keep DIR]} builds and measures; {@code --serve DIR} measures serving only. */
  public static void main(String[] args) throws IOException {
    List<String> a = List.of(args);
    if (a.contains("--serve")) {
      serve(Path.of(a.get(a.indexOf("--serve") + 1)), System.out);
      return;
    }
    int rows = !a.isEmpty() && !a.get(0).startsWith("--") ? Integer.parseInt(a.get(0)) : 100_000;
    Path keep = a.contains("--keep") ? Path.of(a.get(a.indexOf("--keep") + 1)) : null;
    System.out.println(run(rows, System.out, keep));
  }

  private static <T> double[] latencies(List<T> queries, Consumer<T> search) {
    for (T q : queries.subList(0, WARMUP)) {
      search.accept(q);
    }
    List<T> timed = queries.subList(WARMUP, queries.size());
    double[] ms = new double[timed.size()];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      search.accept(timed.get(i));
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double p(double[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return round(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }

  private static Set<String> ids(List<SearchHit<WorkItem>> hits) {
    Set<String> out = new HashSet<>();
    hits.forEach(h -> out.add(h.item().id()));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
