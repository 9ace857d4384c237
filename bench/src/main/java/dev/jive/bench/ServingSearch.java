package dev.jive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.NonClosingEmbedder;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The search suite's serving half, in a JVM of its own started as scripts/jive-mcp starts the MCP
 * server: opens the store the suite built, loads the model and the search indexes as the server
 * does at start, times semantic, keyword and hybrid search on the suite's queries ({@link
 * SearchSuite#semanticQueries}, {@link SearchSuite#textQueries}), and prints one JSON line: the
 * latencies and the resident memory before and after. The building JVM holds 100,000 vectors twice
 * (ours and Lucene's) and the build's garbage; this one holds what a server holds.
 *
 * <p>Run: {@code java -cp ... dev.jive.bench.ServingSearch DATA_PATH ROWS}.
 */
public final class ServingSearch {
  private ServingSearch() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ServingSearch DATA_PATH ROWS");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    List<float[]> vectors = SearchSuite.semanticQueries(Integer.parseInt(args[1]));
    List<String> texts = SearchSuite.textQueries();
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store =
            LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(data.toString()))
                .embedder(new NonClosingEmbedder(model))
                .options(StoreOptions.defaults().withBackgroundMaintenance(false))
                .build()) {
      store.warmUpEmbeddingModel();
      store.warmUpIndexes();
      double opened = EmbeddingBenchmark.residentMb();
      Latencies semantic = Latencies.of(vectors, q -> store.searchByVector(q, null, 10));
      Latencies keyword =
          Latencies.of(texts, q -> store.search(SearchRequest.of(q, SearchType.KEYWORD, 10)));
      Latencies hybrid =
          Latencies.of(texts, q -> store.search(SearchRequest.of(q, SearchType.HYBRID, 10)));
      Map<String, Object> result =
          Figures.of(
              "rows",
              store.countWorkItems(Filter.matchAll()),
              "semantic",
              semantic.json(),
              "keyword",
              keyword.json(),
              "hybrid",
              hybrid.json(),
              "rss_opened_mb",
              Latencies.round(opened, 0),
              "rss_mb",
              Latencies.round(EmbeddingBenchmark.residentMb(), 0));
      System.out.println(new ObjectMapper().writeValueAsString(result));
    }
  }
}
