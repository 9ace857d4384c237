package dev.jive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.weaviate.ExportOptions;
import dev.jive.weaviate.WeaviateExporter;
import dev.jive.weaviate.testserver.WeaviateTestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Migration from the Weaviate test server on 127.0.0.1: {@code objects} MCP Jive work items (epics
 * with tasks under them, seeded work-item text, clustered 384-d vectors) migrated by the real
 * {@code migrate} command with the jive profile, vectors kept, end to end (export, mend, write,
 * index). The baseline is the read ceiling: the same cursor pages read and discarded. Re-embedding
 * is timed on a smaller source (at most 2,000 objects) migrated with {@code --reembed}, since the
 * model, not the migration, sets its pace.
 */
final class MigrateSuite {
  static final int DEFAULT_OBJECTS = 100_000;
  private static final int DIMENSION = 384;
  private static final int REEMBED_OBJECTS = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrateSuite() {}

  static Map<String, Object> run(
      int objects, Path scratch, Function<String[], Integer> cli, PrintWriter out)
      throws Exception {
    Path dir = scratch.resolve("migrate");
    try (WeaviateTestServer source = WeaviateTestServer.start(0, null);
        WeaviateTestServer small = WeaviateTestServer.start(0, null)) {
      fill(source.url(), objects, out);
      int reembedObjects = Math.min(objects, REEMBED_OBJECTS);
      fill(small.url(), reembedObjects, out);

      WeaviateExporter reader =
          new WeaviateExporter(ExportOptions.of(source.url(), null).withPageSize(1000));
      reader.readAndDiscard("WorkItem"); // warm-up: the JIT and the server's first pages
      long start = System.nanoTime();
      long read = reader.readAndDiscard("WorkItem");
      double ceiling = read / ((System.nanoTime() - start) / 1e9);

      start = System.nanoTime();
      migrate(cli, source.url(), dir.resolve("kept"), "--keep-vectors");
      double kept = objects / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      migrate(cli, small.url(), dir.resolve("reembedded"), "--reembed");
      double reembedded = reembedObjects / ((System.nanoTime() - start) / 1e9);

      Map<String, Object> result =
          Figures.of(
              "objects", objects,
              "dim", DIMENSION,
              "objects_per_s", Latencies.round(kept, 1),
              "read_ceiling_per_s", Latencies.round(ceiling, 1),
              "ratio", Latencies.round(kept / ceiling, 3),
              "reembed_objects_per_s", Latencies.round(reembedded, 1),
              "rss_mb", Latencies.round(EmbeddingBenchmark.residentMb(), 0));
      out.printf(
          "migrate: %,d MCP Jive work items x %d dims from the Weaviate test server (loopback)%n",
          objects, DIMENSION);
      out.printf(
          "  %-56s %10.0f objects/s%n", "migrate, jive profile, vectors kept (end to end)", kept);
      out.printf(
          "  %-56s %10.0f objects/s%n", "read ceiling (same pages, read and discarded)", ceiling);
      out.printf("  %-56s %10.3f%n", "ratio", kept / ceiling);
      out.printf(
          "  %-56s %10.0f objects/s%n",
          String.format("migrate --reembed (%,d objects, real model)", reembedObjects), reembedded);
      out.flush();
      return result;
    }
  }

  private static void migrate(
      Function<String[], Integer> cli, String url, Path data, String vectors) {
    int code =
        cli.apply(
            new String[] {
              "migrate",
              "--weaviate-url",
              url,
              "--no-backup",
              "--profile",
              "jive",
              vectors,
              "--data-path",
              data.toString()
            });
    if (code != 0) {
      throw new IllegalStateException("migrate " + vectors + " exited with " + code);
    }
  }

  /** One WorkItem class: every 20th object an epic, the others tasks under it. */
  private static void fill(String url, int objects, PrintWriter out)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    ObjectNode schema = JSON.createObjectNode().put("class", "WorkItem");
    ArrayNode properties = schema.putArray("properties");
    for (String p : List.of("title", "description", "item_type", "status", "parent_id")) {
      properties.addObject().put("name", p).putArray("dataType").add("text");
    }
    post(http, url + "/v1/schema", schema);
    ClusteredVectors vectors = new ClusteredVectors(DIMENSION, 64, 0.6, 21);
    List<String> texts = BenchmarkSentences.generate(objects, 23);
    for (int from = 0; from < objects; from += 1000) {
      ObjectNode batch = JSON.createObjectNode();
      ArrayNode list = batch.putArray("objects");
      for (int i = from; i < Math.min(objects, from + 1000); i++) {
        String[] text = BenchmarkSentences.titleAndDescription(texts.get(i));
        ObjectNode o = list.addObject().put("class", "WorkItem").put("id", uuid(i));
        ArrayNode v = o.putArray("vector");
        for (float f : vectors.next()) {
          v.add(f);
        }
        ObjectNode p =
            o.putObject("properties")
                .put("title", text[0])
                .put("description", text[1])
                .put("item_type", i % 20 == 0 ? "epic" : "task")
                .put("status", "not_started");
        if (i % 20 != 0) {
          p.put("parent_id", uuid(i - i % 20));
        }
      }
      post(http, url + "/v1/batch/objects", batch);
      if ((from / 1000) % 10 == 9 || from + 1000 >= objects) {
        out.printf("  source: %,d / %,d objects loaded%n", Math.min(objects, from + 1000), objects);
        out.flush();
      }
    }
  }

  private static String uuid(int i) {
    return String.format("00000000-0000-4000-8000-%012d", i);
  }

  private static void post(HttpClient http, String url, ObjectNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "the test server refused " + url + ": " + r.statusCode() + " " + r.body());
    }
  }
}
