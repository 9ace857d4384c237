package dev.jive.cli.bench;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.NonClosingEmbedder;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.EmbeddingBenchmark;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes with the real model, on a fresh store with background maintenance on (as the MCP server
 * runs it): single creates one at a time (each validated and journaled before the next; the group
 * commit embeds and commits them in batches, and each timing ends once all are committed), timed
 * twice: the first 300 after 20 untimed ones, as a freshly started process sees them, and 300 more
 * after another {@link Latencies#WARMUP} untimed ones, the steady state a running server sees (the
 * JIT was still compiling the create path through the first 300: a probe went from 7.0 ms per
 * create over creates 100-300 to 4.5-5.5 ms over creates 500-800); then work items inserted in
 * batches of 1,000 with their text embedded in the batch; beside them, the same batch insert with
 * the vectors given, which is what the storage alone costs.
 */
final class WritesSuite {
  static final int DEFAULT_ROWS = 5_000;
  private static final int SINGLE_CREATES = 300;

  /** Creates before the first timed ones: the table and its first fragments. */
  private static final int FIRST_UNTIMED = 20;

  private static final int BATCH = 1_000;

  private WritesSuite() {}

  static Map<String, Object> run(int rows, Path scratch, PrintWriter out) throws Exception {
    Path dir = scratch.resolve("writes");
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2")) {
      double firstCreates;
      double single;
      try (LanceDBManager store = open(dir.resolve("single"), model)) {
        List<String> titles =
            BenchmarkSentences.shortTexts(
                FIRST_UNTIMED + SINGLE_CREATES + Latencies.WARMUP + SINGLE_CREATES, 3);
        int from = 0;
        createEach(store, titles.subList(from, from += FIRST_UNTIMED));
        firstCreates = createEach(store, titles.subList(from, from += SINGLE_CREATES));
        createEach(store, titles.subList(from, from += Latencies.WARMUP));
        single = createEach(store, titles.subList(from, from + SINGLE_CREATES));
        store.awaitMaintenance();
      }
      List<String> texts = BenchmarkSentences.generate(rows, 17);
      double batched;
      try (LanceDBManager store = open(dir.resolve("batch"), model)) {
        long start = System.nanoTime();
        insert(store, texts, null);
        batched = rows / ((System.nanoTime() - start) / 1e9);
        store.awaitMaintenance();
      }
      List<float[]> vectors = model.embedAll(texts);
      double storageOnly;
      try (LanceDBManager store = open(dir.resolve("storage"), model)) {
        long start = System.nanoTime();
        insert(store, texts, vectors);
        storageOnly = rows / ((System.nanoTime() - start) / 1e9);
        store.awaitMaintenance();
      }
      Map<String, Object> result =
          Figures.of(
              "single_create_per_s",
              Latencies.round(single, 1),
              "single_create_first_per_s",
              Latencies.round(firstCreates, 1),
              "batch_insert_per_s",
              Latencies.round(batched, 1),
              "rss_mb",
              Latencies.round(EmbeddingBenchmark.residentMb(), 0));
      out.printf("writes (real model all-MiniLM-L6-v2, background maintenance on)%n");
      out.printf(
          "  %-52s %10.1f /s%n",
          String.format(
              "single creates, one at a time, after %d",
              FIRST_UNTIMED + SINGLE_CREATES + Latencies.WARMUP),
          single);
      out.printf(
          "  %-52s %10.1f /s%n",
          String.format("  the first %d, after %d", SINGLE_CREATES, FIRST_UNTIMED), firstCreates);
      out.printf(
          "  %-52s %10.1f /s%n",
          String.format("batch insert, %,d rows in batches of %,d, embedded", rows, BATCH),
          batched);
      out.printf(
          "  %-52s %10.1f /s%n", "  the same with vectors given (storage alone)", storageOnly);
      out.flush();
      return result;
    }
  }

  /**
   * Creates one work item per title, one at a time, each committed before the next; returns creates
   * per second over all of it.
   */
  private static double createEach(LanceDBManager store, List<String> titles) {
    long start = System.nanoTime();
    for (String t : titles) {
      store.createWorkItem(
          Map.of("type", "task", "title", t, "description", "created by the benchmark"));
    }
    return titles.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static LanceDBManager open(Path path, Embedder model) {
    return LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(path.toString()))
        .embedder(new NonClosingEmbedder(model))
        .build();
  }

  private static void insert(LanceDBManager store, List<String> texts, List<float[]> vectors) {
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<WorkItem> batch = new ArrayList<>();
      for (int i = from; i < Math.min(texts.size(), from + BATCH); i++) {
        String[] text = BenchmarkSentences.titleAndDescription(texts.get(i));
        WorkItem.Builder b =
            WorkItem.builder()
                .id(LanceDBManager.newId())
                .title(text[0])
                .description(text[1])
                .itemType(WorkItemType.TASK);
        if (vectors != null) {
          b.vector(vectors.get(i));
        }
        batch.add(b.build());
      }
      store.insertWorkItems(batch);
    }
  }
}
