package dev.jive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.ServingJvm;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.mcp.JiveMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The MCP server benchmark, on the built jar in its own process as an agent runs it:
 *
 * <ul>
 *   <li>start-up: process start to the {@code initialize} answer on the populated store (median of
 *       5);
 *   <li>{@code jive_search_content} hybrid over stdio at {@code items} work items (real model,
 *       query embedding included), once the server has finished its own warm-up (as it does in the
 *       seconds before an agent's first call): p50/p95 of the first 100 queries, and of 200 queries
 *       after 200 warm-up ones (the steady state of a serving process, JIT-compiled on both sides
 *       of the pipe); the baseline is the same queries straight on {@link LanceDBManager} in this
 *       JVM, so the ratio is what the protocol and the process boundary cost;
 *   <li>creates per second through {@code jive_manage_work_item} over stdio, one at a time, against
 *       the same creates straight on the store (both into the same table of {@code items} rows):
 *       the first 300, and 300 more after 200 untimed ones (the steady state);
 *   <li>then, on both sides, {@value #CHILDREN} tasks created one at a time under one story ({@code
 *       parent_id}) and {@value #CHILDREN} status updates of them: each changes the story's
 *       progress, so these time the hierarchy checks and the progress roll-up an agent's plan
 *       building runs, which root creates skip;
 *   <li>the server's resident memory after the searches.
 * </ul>
 *
 * <p>Run: {@code java -cp ... dev.jive.bench.McpBenchmark [items] [jar]}.
 */
public final class McpBenchmark {
  private static final int QUERIES = 200;
  private static final int WARMUP = 200;
  private static final int CREATES = 300;
  private static final int FIRST = 100;
  private static final int CHILDREN = 100;
  private static final long WARM_UP_WAIT_SECONDS = 30;
  private static final String[] QUERY_TEXTS = {
    "login page authentication",
    "export the monthly report",
    "slow database queries",
    "payment form validation",
    "deploy to production",
    "email notifications for users",
    "search results ranking",
    "mobile layout broken",
    "add dark mode",
    "api rate limiting"
  };

  private McpBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path jar = Path.of(args.length > 1 ? args[1] : "mcp-server/target/jive-mcp.jar");
    Map<String, Object> r = run(items, jar, System.out);
    System.out.println(new ObjectMapper().writeValueAsString(r));
  }

  public static Map<String, Object> run(int items, Path jar, PrintStream out) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " is missing; build it with ./mvnw -pl mcp-server -am package -DskipTests");
    }
    Path dir = Files.createTempDirectory("jive-mcp-bench");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("items", items);
    Path data = dir.resolve("data");
    double[] direct;
    double[] directCreates;
    double[] creates;
    double[] tree;
    double[] directTree;
    try (LanceDBManager store =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      long t0 = System.nanoTime();
      List<String> texts = BenchmarkSentences.generate(items, 11);
      for (int from = 0; from < items; from += 2000) {
        List<WorkItem> batch = new ArrayList<>();
        for (int i = from; i < Math.min(items, from + 2000); i++) {
          String[] text = BenchmarkSentences.titleAndDescription(texts.get(i));
          batch.add(
              WorkItem.builder()
                  .id(LanceDBManager.newId())
                  .title(text[0])
                  .description(text[1])
                  .itemType(WorkItemType.TASK)
                  .build());
        }
        store.insertWorkItems(batch);
      }
      store.optimizeTables();
      store.awaitMaintenance();
      out.printf(
          Locale.ROOT,
          "%d items embedded and stored in %.1f s%n",
          items,
          (System.nanoTime() - t0) / 1e9);
      direct = timeQueries(q -> store.search(SearchRequest.of(q, SearchType.HYBRID, 10)));
    }

    // On the populated store: an agent's client starts the server over data it already has.
    double startup = startupMs(jar, data);
    result.put("startup_ms", round(startup));
    out.printf(Locale.ROOT, "start-up to initialize answer: %.0f ms (median of 5)%n", startup);

    List<String> server = serverCommand(jar, data);
    ServerParameters params =
        ServerParameters.builder(server.get(0))
            .args(server.subList(1, server.size()))
            .env(serverEnvironment())
            .build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    CountDownLatch warmedUp = new CountDownLatch(1);
    transport.setStdErrorHandler(
        line -> {
          if (line.contains(JiveMcp.WARMED_UP_LINE)) {
            warmedUp.countDown();
          }
        });
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(new McpSchema.Implementation("jive-bench", "1"))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    try {
      long t0 = System.nanoTime();
      client.initialize();
      // What every agent session pays in context before its first call.
      int toolListBytes =
          new ObjectMapper()
              .writeValueAsString(client.listTools())
              .getBytes(StandardCharsets.UTF_8)
              .length;
      result.put("tools_list_bytes", toolListBytes);
      out.printf(Locale.ROOT, "tools/list: %,d bytes for the nine tools%n", toolListBytes);
      // An agent's first call comes after its model has read the tool list, seconds later: the
      // server loads its model and warms its search path in that time (its Stores.warmUp).
      if (!warmedUp.await(WARM_UP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        out.printf(
            Locale.ROOT, "the server did not finish its warm-up in %d s%n", WARM_UP_WAIT_SECONDS);
      }
      result.put("warm_up_ms", round((System.nanoTime() - t0) / 1e6));
      double[][] first = new double[1][];
      double[] mcp =
          timeQueries(
              warm -> first[0] = warm,
              q ->
                  callOk(
                      client,
                      new McpSchema.CallToolRequest(
                          "jive_search_content",
                          Map.of(
                              "query",
                              q,
                              "search_type",
                              "hybrid",
                              "limit",
                              10,
                              "format",
                              "summary"))));
      double rss = serverRssMb(client);
      creates =
          timeCreates(
              i ->
                  manage(
                      client,
                      Map.of(
                          "action",
                          "create",
                          "type",
                          "task",
                          "title",
                          "MCP create " + i,
                          "description",
                          "created through the MCP server")),
              // A read commits the rows still waiting, embedding them: inside the timing.
              i ->
                  callOk(
                      client,
                      new McpSchema.CallToolRequest(
                          "jive_get_work_item", Map.of("limit", 1, "format", "minimal"))));
      String story =
          createdId(
              manage(
                  client, Map.of("action", "create", "type", "story", "title", "MCP bench story")));
      List<String> children = new ArrayList<>();
      tree =
          timeTree(
              i ->
                  children.add(
                      createdId(
                          manage(
                              client,
                              Map.of(
                                  "action",
                                  "create",
                                  "type",
                                  "task",
                                  "title",
                                  "MCP child " + i,
                                  "parent_id",
                                  story)))),
              i ->
                  manage(
                      client,
                      Map.of(
                          "action",
                          "update",
                          "work_item_id",
                          children.get(i),
                          "status",
                          "in_progress")));

      double[] firstSearches = Arrays.copyOf(first[0], FIRST);
      Arrays.sort(firstSearches);
      result.put("first_search_p50_ms", round(p(firstSearches, 50)));
      result.put("first_search_p95_ms", round(p(firstSearches, 95)));
      result.put("search_p50_ms", round(p(mcp, 50)));
      result.put("search_p95_ms", round(p(mcp, 95)));
      result.put("direct_search_p50_ms", round(p(direct, 50)));
      result.put("direct_search_p95_ms", round(p(direct, 95)));
      result.put("search_p95_ratio", round(p(mcp, 95) / p(direct, 95)));
      result.put("rss_mb", round(rss));
      out.printf(
          Locale.ROOT,
          "hybrid search at %d items over stdio: p50 %.1f ms, p95 %.1f ms (straight on the store: p50 %.1f, p95 %.1f; ratio of p95 %.2f)%n",
          items,
          p(mcp, 50),
          p(mcp, 95),
          p(direct, 50),
          p(direct, 95),
          p(mcp, 95) / p(direct, 95));
      out.printf(
          Locale.ROOT,
          "  the first %d of this client (its own JVM cold too), after the server's start-up work"
              + " (model, indexes, warm-up searches) ended %.1f s after initialize: p50 %.1f ms,"
              + " p95 %.1f ms%n",
          FIRST,
          (double) result.get("warm_up_ms") / 1000,
          p(firstSearches, 50),
          p(firstSearches, 95));
      out.printf(Locale.ROOT, "server resident memory: %.0f MB%n", rss);
    } finally {
      client.closeGracefully();
    }
    // The same creates straight on the store, into the same table, after the server has gone.
    try (LanceDBManager store =
        LanceDBManager.open(DatabaseConfig.defaults().withDataPath(data.toString()))) {
      store.warmUpEmbeddingModel();
      // Index upkeep the server's creates left due (full-text rebuilds past 500 unindexed rows)
      // is done first, so that the baseline times creates, not that.
      store.optimizeTables();
      store.awaitMaintenance();
      directCreates =
          timeCreates(
              i ->
                  store.createWorkItem(
                      Map.of(
                          "type",
                          "task",
                          "title",
                          "Direct create " + i,
                          "description",
                          "created straight on the store")),
              i -> {});
      String story = store.createWorkItem(Map.of("type", "story", "title", "Direct bench story"));
      List<String> children = new ArrayList<>();
      directTree =
          timeTree(
              i ->
                  children.add(
                      store.createWorkItem(
                          Map.of(
                              "type", "task", "title", "Direct child " + i, "parent_id", story))),
              i -> store.updateWorkItem(children.get(i), Map.of("status", "in_progress")));
    } finally {
      Scratch.deleteQuietly(dir);
    }
    result.put("create_per_s", round(creates[1]));
    result.put("direct_create_per_s", round(directCreates[1]));
    result.put("create_ratio", round(creates[1] / directCreates[1]));
    result.put("create_first_per_s", round(creates[0]));
    result.put("direct_create_first_per_s", round(directCreates[0]));
    result.put("child_create_per_s", round(tree[0]));
    result.put("direct_child_create_per_s", round(directTree[0]));
    result.put("update_per_s", round(tree[1]));
    result.put("direct_update_per_s", round(directTree[1]));
    out.printf(
        Locale.ROOT,
        "creates over stdio, after %d: %.0f/s (straight on the store: %.0f/s; ratio %.2f)%n",
        CREATES + WARMUP,
        creates[1],
        directCreates[1],
        creates[1] / directCreates[1]);
    out.printf(
        Locale.ROOT,
        "  the first %d: %.0f/s (straight on the store: %.0f/s)%n",
        CREATES,
        creates[0],
        directCreates[0]);
    out.printf(
        Locale.ROOT,
        "%d child tasks created under one story: %.0f/s (straight on the store: %.0f/s); then"
            + " their status updated: %.0f/s (%.0f/s)%n",
        CHILDREN,
        tree[0],
        directTree[0],
        tree[1],
        directTree[1]);
    return result;
  }

  /** Calls a tool; a result flagged as an error fails the benchmark with its message. */
  private static McpSchema.CallToolResult callOk(
      McpSyncClient client, McpSchema.CallToolRequest request) {
    McpSchema.CallToolResult r = client.callTool(request);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException(r.content().toString());
    }
    return r;
  }

  /** Calls {@code jive_manage_work_item}; a result flagged as an error fails the benchmark. */
  private static McpSchema.CallToolResult manage(
      McpSyncClient client, Map<String, Object> arguments) {
    return callOk(client, new McpSchema.CallToolRequest("jive_manage_work_item", arguments));
  }

  /** The id of the item a {@code jive_manage_work_item} create returned. */
  private static String createdId(McpSchema.CallToolResult created) {
    if (created.structuredContent() instanceof Map<?, ?> content
        && content.get("work_item") instanceof Map<?, ?> item
        && item.get("id") instanceof String id) {
      return id;
    }
    throw new IllegalStateException("a create answered without a work_item id: " + created);
  }

  /** {@link #CHILDREN} child creates, then as many updates: both per second. */
  private static double[] timeTree(Create child, Create update) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < CHILDREN; i++) {
      child.run(i);
    }
    double creates = CHILDREN / ((System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    for (int i = 0; i < CHILDREN; i++) {
      update.run(i);
    }
    return new double[] {creates, CHILDREN / ((System.nanoTime() - t1) / 1e9)};
  }

  interface Create {
    void run(int i) throws Exception;
  }

  /**
   * Creates per second over the first {@link #CREATES} creates, and over {@link #CREATES} more
   * after {@link #WARMUP} untimed ones (the steady state: the JIT compiles the create path, on both
   * sides of the pipe, during the first few hundred). Each timing ends with {@code flush}, which
   * commits the rows still waiting for the group commit, so the embedding it does in batches is
   * timed too.
   */
  private static double[] timeCreates(Create create, Create flush) throws Exception {
    int i = 0;
    long c0 = System.nanoTime();
    for (; i < CREATES; i++) {
      create.run(i);
    }
    flush.run(i);
    double first = CREATES / ((System.nanoTime() - c0) / 1e9);
    for (; i < CREATES + WARMUP; i++) {
      create.run(i);
    }
    flush.run(i);
    long c1 = System.nanoTime();
    for (; i < 2 * CREATES + WARMUP; i++) {
      create.run(i);
    }
    flush.run(i);
    return new double[] {first, CREATES / ((System.nanoTime() - c1) / 1e9)};
  }

  interface Query {
    void run(String text) throws Exception;
  }

  private static double[] timeQueries(Query q) throws Exception {
    return timeQueries(warm -> {}, q);
  }

  /** Times {@link #QUERIES} queries after {@link #WARMUP} ones, whose times go to {@code warm}. */
  private static double[] timeQueries(Consumer<double[]> warm, Query q) throws Exception {
    double[] warmMs = new double[WARMUP];
    for (int i = 0; i < WARMUP; i++) {
      long t0 = System.nanoTime();
      q.run(QUERY_TEXTS[i % QUERY_TEXTS.length] + " " + i);
      warmMs[i] = (System.nanoTime() - t0) / 1e6;
    }
    warm.accept(warmMs);
    double[] ms = new double[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      String text = QUERY_TEXTS[i % QUERY_TEXTS.length] + (i >= QUERY_TEXTS.length ? " v" + i : "");
      long t0 = System.nanoTime();
      q.run(text);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  /**
   * The server's command line, as scripts/jive-mcp starts it (with {@link ServingJvm#ENVIRONMENT}).
   */
  private static List<String> serverCommand(Path jar, Path data) {
    List<String> command = new ArrayList<>(ServingJvm.command("1g"));
    command.addAll(ServingJvm.classDataFlags(jar));
    // As scripts/jive-mcp does, so a run can compare a setting (-Djive.mcp.warm_up_searches=0).
    String extra = System.getenv().getOrDefault("JIVE_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "--data-path", data.toString()));
    return command;
  }

  /** The serving environment, logging at info: the bench waits for the warm-up's log line. */
  private static Map<String, String> serverEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(ServingJvm.ENVIRONMENT);
    env.put("JIVE_LOG_LEVEL", "INFO");
    return env;
  }

  /** Median time from process start to the initialize answer, over 5 fresh processes. */
  private static double startupMs(Path jar, Path data) throws IOException, InterruptedException {
    double[] runs = new double[5];
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n";
    for (int i = 0; i < runs.length; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(serverCommand(jar, data))
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(ServingJvm.ENVIRONMENT);
      long t0 = System.nanoTime();
      Process p = builder.start();
      try (OutputStream in = p.getOutputStream();
          BufferedReader outLines =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        in.write(init.getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = outLines.readLine();
        runs[i] = (System.nanoTime() - t0) / 1e6;
        if (line == null || !line.contains("\"id\":1")) {
          throw new IllegalStateException("no initialize answer: " + line);
        }
      }
      p.waitFor(30, TimeUnit.SECONDS);
    }
    Arrays.sort(runs);
    return runs[2];
  }

  /** The resident set of the server process (our child running the jar), from /proc. */
  private static double serverRssMb(McpSyncClient client) {
    // The stdio server is our only child running the jar.
    return ProcessHandle.current()
        .children()
        .filter(h -> h.info().commandLine().orElse("").contains("jive-mcp"))
        .mapToDouble(h -> rssOf(h.pid()))
        .max()
        .orElse(0);
  }

  private static double rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static double p(double[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
