package dev.jive.lancedb;

import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.EmbeddingBenchmark;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of a process that only serves an existing store, as the MCP server does: opens
 * it, loads the model, runs 300 semantic, 300 keyword and 300 hybrid queries, and prints resident
 * memory before and after. {@code jive-migrate bench --suite search} runs it in a JVM of its own on
 * the store it built.
 *
 * <p>Run: {@code java -cp ... dev.jive.lancedb.ServingBenchmark DATA_PATH}.
 */
public final class ServingBenchmark {
  private ServingBenchmark() {}

  /** Resident megabytes after the queries. */
  public static double serve(Path data, PrintStream out) {
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(data.toString()))
                .embedder(new NonClosingEmbedder(model))
                .options(StoreOptions.defaults().withBackgroundMaintenance(false))
                .build()) {
      model.embed("warm the query path");
      double opened = EmbeddingBenchmark.residentMb();
      ClusteredVectors vectors = new ClusteredVectors(model.dimension(), 64, 0.6, 99);
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
          store.countWorkItems(Filter.matchAll()), opened, serving);
      return serving;
    }
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ServingBenchmark DATA_PATH");
      System.exit(2);
    }
    serve(Path.of(args[0]), System.out);
  }
}
