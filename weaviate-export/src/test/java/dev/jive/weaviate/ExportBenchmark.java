package dev.jive.weaviate;

import dev.jive.weaviate.testserver.WeaviateTestServer;
import io.weaviate.client.Config;
import io.weaviate.client.WeaviateClient;
import io.weaviate.client.v1.data.model.WeaviateObject;
import io.weaviate.client.v1.schema.model.WeaviateClass;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Export throughput over loopback: {@code objects} objects x 384 dimensions in the test server,
 * exported to a backup; in the same run, the ceiling (the same cursor pages read and discarded) and
 * the official client paging the same objects with vectors. Run: {@code java -cp <test classpath>
 * dev.jive.weaviate.ExportBenchmark [objects]}.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    run(objects, System.out);
  }

  static void run(int objects, PrintStream out) throws Exception {
    try (WeaviateTestServer server = WeaviateTestServer.start(0, null)) {
      WeaviateClient client = new WeaviateClient(new Config("http", "127.0.0.1:" + server.port()));
      client
          .schema()
          .classCreator()
          .withClass(WeaviateClass.builder().className("Bench").build())
          .run();
      Random random = new Random(3);
      List<WeaviateObject> batch = new ArrayList<>();
      for (int i = 0; i < objects; i++) {
        Float[] v = new Float[384];
        for (int d = 0; d < 384; d++) {
          v[d] = random.nextFloat();
        }
        batch.add(
            WeaviateObject.builder()
                .className("Bench")
                .id(new UUID(random.nextLong(), random.nextLong()).toString())
                .properties(java.util.Map.of("title", "object " + i, "n", i))
                .vector(v)
                .build());
        if (batch.size() == 1000) {
          client.batch().objectsBatcher().withObjects(batch.toArray(new WeaviateObject[0])).run();
          batch.clear();
        }
      }
      Path dir = Files.createTempDirectory("export-bench");
      // Warm-up pass over a fraction, then the timed passes.
      ceiling(server, 1000);
      long t0 = System.nanoTime();
      long read = ceiling(server, 1000);
      double ceilingRate = read / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      ExportReport report =
          new WeaviateExporter(ExportOptions.of(server.url(), null).withPageSize(1000)).export(dir);
      double exportRate = report.totalObjects() / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      long viaClient = officialClient(client);
      double clientRate = viaClient / ((System.nanoTime() - t0) / 1e9);
      out.printf("export: %,d objects x 384 dims over loopback%n", objects);
      out.printf("  %-44s %10.0f objects/s%n", "exporter (to gzip JSON Lines, hashed)", exportRate);
      out.printf(
          "  %-44s %10.0f objects/s%n", "ceiling (same pages, read and discarded)", ceilingRate);
      out.printf("  %-44s %10.3f%n", "ratio", exportRate / ceilingRate);
      out.printf(
          "  %-44s %10.0f objects/s%n", "official client paging (Float[] vectors)", clientRate);
    }
  }

  /** The same pages fetched and discarded: only what paging itself needs (the next cursor). */
  private static long ceiling(WeaviateTestServer server, int pageSize) {
    return new WeaviateExporter(ExportOptions.of(server.url(), null).withPageSize(pageSize))
        .readAndDiscard("Bench");
  }

  private static long officialClient(WeaviateClient client) {
    long n = 0;
    String after = null;
    while (true) {
      var getter =
          client.data().objectsGetter().withClassName("Bench").withLimit(1000).withVector();
      List<WeaviateObject> page =
          (after == null ? getter : getter.withAfter(after)).run().getResult();
      if (page == null || page.isEmpty()) {
        return n;
      }
      n += page.size();
      after = page.get(page.size() - 1).getId();
    }
  }
}
