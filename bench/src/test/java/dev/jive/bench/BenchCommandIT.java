package dev.jive.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/jive-migrate bench --suite all} (which hands over to {@code scripts/jive-bench})
 * on the built module at a small size: every suite runs in its own JVM (the mcp suite finds the MCP
 * server's jar in the same checkout), the table is printed once, and the JSON carries exactly the
 * keys the issue names, as numbers, with every ratio ours over its baseline.
 */
class BenchCommandIT {
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "embed",
          List.of(
              "model",
              "sentences",
              "pipeline_per_s",
              "bare_ort_per_s",
              "ratio",
              "int8_per_s",
              "rss_mb"),
          "migrate",
          List.of(
              "objects",
              "dim",
              "objects_per_s",
              "read_ceiling_per_s",
              "ratio",
              "reembed_objects_per_s",
              "rss_mb"),
          "search",
          List.of(
              "rows",
              "semantic",
              "keyword",
              "hybrid",
              "rss_opened_mb",
              "rss_mb",
              "semantic_building_jvm",
              "exact",
              "lucene_hnsw",
              "rss_building_mb"),
          "writes",
          List.of("sizes", "soak", "bulk_insert_per_s", "rss_mb"),
          "mcp",
          List.of(
              "startup_ms",
              "tools_list_bytes",
              "search_p50_ms",
              "search_p95_ms",
              "first_search_p50_ms",
              "first_search_p95_ms",
              "warm_up_ms",
              "create_per_s",
              "create_first_per_s",
              "rss_mb"));

  @TempDir Path work;

  @Test
  void everySuiteWritesExactlyItsKeysWithRatiosAgainstItsBaseline() throws Exception {
    Path out = work.resolve("bench.json");
    Process p =
        new ProcessBuilder(
                "bash",
                Path.of("..", "scripts", "jive-migrate").toAbsolutePath().normalize().toString(),
                "bench",
                "--suite",
                "all",
                "--rows",
                "300",
                "--out",
                out.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("Lucene HNSW (peer)")
        .contains("read ceiling")
        .contains("bare ONNX Runtime")
        .contains("with the model and indexes loaded")
        .contains("creates over stdio");
    assertThat(printed.split("\\bsuite\\s+figure\\s+value").length - 1)
        .as("one table, at the end")
        .isEqualTo(1);

    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(fieldNames(json)).containsExactly("embed", "search", "migrate", "writes", "mcp");
    KEYS.forEach(
        (suite, keys) ->
            assertThat(fieldNames(json.path(suite))).as(suite).containsExactlyElementsOf(keys));
    JsonNode search = json.path("search");
    for (String group : List.of("keyword", "hybrid", "semantic_building_jvm", "exact")) {
      assertThat(fieldNames(search.path(group))).as(group).containsExactly("p50_ms", "p95_ms");
    }
    assertThat(fieldNames(search.path("semantic")))
        .containsExactly("p50_ms", "p95_ms", "recall_at_10");
    assertThat(fieldNames(search.path("lucene_hnsw")))
        .containsExactly("p50_ms", "p95_ms", "recall_at_10", "build_s");
    assertThat(search.path("semantic").path("recall_at_10").asDouble()).isBetween(0.5, 1.0);
    assertThat(search.path("lucene_hnsw").path("recall_at_10").asDouble()).isBetween(0.5, 1.0);

    JsonNode embed = json.path("embed");
    assertThat(embed.path("model").asText()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(embed.path("ratio").asDouble())
        .isCloseTo(
            embed.path("pipeline_per_s").asDouble() / embed.path("bare_ort_per_s").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));
    JsonNode migrate = json.path("migrate");
    assertThat(migrate.path("objects").asInt()).isEqualTo(300);
    assertThat(migrate.path("dim").asInt()).isEqualTo(384);
    assertThat(migrate.path("ratio").asDouble())
        .isCloseTo(
            migrate.path("objects_per_s").asDouble()
                / migrate.path("read_ceiling_per_s").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));
    for (JsonNode suite : json) {
      suite
          .fields()
          .forEachRemaining(
              f -> {
                if (!f.getKey().equals("model") && !f.getValue().isObject()) {
                  assertThat(f.getValue().isNumber()).as(f.getKey()).isTrue();
                  assertThat(f.getValue().asDouble()).as(f.getKey()).isPositive();
                }
              });
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
