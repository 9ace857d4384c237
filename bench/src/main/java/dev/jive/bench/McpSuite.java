package dev.jive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.lancedb.ServingJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The MCP server as shipped: {@link McpBenchmark} in a JVM of its own, which starts the server from
 * its jar over stdio as an agent's client does, and measures start-up on a populated store, hybrid
 * {@code jive_search_content} and creates through {@code jive_manage_work_item}, each beside the
 * same work straight on the store. Its figures come back as its last line of JSON.
 */
final class McpSuite {
  static final int DEFAULT_ITEMS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private McpSuite() {}

  static Map<String, Object> run(int items, Path mcpJar, PrintWriter out)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(mcpJar)) {
      throw new IllegalArgumentException(
          "the mcp suite runs the MCP server's jar, and "
              + mcpJar
              + " is missing: build it with ./mvnw -B -pl mcp-server -am package -DskipTests, or"
              + " give --mcp-jar");
    }
    List<String> command =
        Benchmarks.javaCommand(
            "2g",
            System.getProperty("java.class.path"),
            McpBenchmark.class.getName(),
            String.valueOf(items),
            mcpJar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(ServingJvm.ENVIRONMENT);
    builder.environment().put("JIVE_LOG_LEVEL", "WARN"); // the figures, not the model's loading
    Process p = builder.start();
    String last = null;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("{")) {
          last = line;
        } else if (!line.isBlank()) {
          out.println("  " + line);
          out.flush();
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || last == null) {
      throw new IllegalStateException("the MCP benchmark exited with " + code);
    }
    JsonNode r = JSON.readTree(last);
    return Figures.of(
        "startup_ms", r.path("startup_ms").asDouble(),
        "tools_list_bytes", r.path("tools_list_bytes").asInt(),
        "search_p50_ms", r.path("search_p50_ms").asDouble(),
        "search_p95_ms", r.path("search_p95_ms").asDouble(),
        "first_search_p50_ms", r.path("first_search_p50_ms").asDouble(),
        "first_search_p95_ms", r.path("first_search_p95_ms").asDouble(),
        "warm_up_ms", r.path("warm_up_ms").asDouble(),
        "create_per_s", r.path("create_per_s").asDouble(),
        "create_first_per_s", r.path("create_first_per_s").asDouble(),
        "rss_mb", r.path("rss_mb").asDouble());
  }
}
