package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.lancedb.LanceDBManager;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport's behaviour: safeguards, namespaces, notifications, errors, start-up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpProtocolTest {
  private static final String TOKEN = "a-long-enough-test-token";
  @TempDir static Path data;
  @TempDir static Path project;
  private HttpServer server;
  private HttpServer secured;
  private final HttpClient http = HttpClient.newHttpClient();

  private static Stores stores(Path dir) {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", dir.toString()));
    return new Stores(LanceDBManager.builder(db).embedder(new DeterministicEmbedder(384)).build());
  }

  @BeforeAll
  void start() throws Exception {
    server = new HttpServer(TestServers.http(data, project, null), stores(data.resolve("open")));
    server.start();
    secured =
        new HttpServer(TestServers.http(data, project, TOKEN), stores(data.resolve("secured")));
    secured.start();
  }

  @AfterAll
  void stop() {
    server.close();
    secured.close();
  }

  private HttpResponse<String> post(int port, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @Test
  void aServerWhosePortIsTakenFailsToStartNamingThePort() throws Exception {
    ServerSettings open = TestServers.http(data, project, null);
    ServerSettings taken =
        new ServerSettings(
            open.transport(),
            open.host(),
            server.port(),
            open.database(),
            open.projectDir(),
            null,
            open.maxBodyBytes(),
            open.allowedHosts(),
            open.allowedOrigins(),
            false,
            open.namespaceLimits(),
            open.toolDescriptions());
    try (HttpServer second = new HttpServer(taken, stores(data.resolve("second")))) {
      assertThatThrownBy(second::start)
          .isInstanceOf(dev.jive.core.JiveException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port())
          .hasMessageContaining("--port");
    }
  }

  @Test
  void healthAnswersWithTheModelAndVersion() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"ok\"").contains(DeterministicEmbedder.MODEL_NAME);
  }

  @Test
  void aForeignHostOrOriginIsRefused() throws Exception {
    // DNS rebinding: a page on evil.example resolves its name to 127.0.0.1 and posts to us.
    HttpRequest rebound =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Origin", "http://evil.example")
            .POST(HttpRequest.BodyPublishers.ofString(INIT))
            .build();
    HttpResponse<String> r = http.send(rebound, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(
            post(server.port(), "/mcp", INIT, Map.of("Origin", "http://localhost:5173"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void unknownPathsAndBadNamespacesAre404WithoutDetails() throws Exception {
    HttpResponse<String> r = post(server.port(), "/admin", "{}", Map.of());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("/mcp");
    assertThat(post(server.port(), "/mcp/../etc", "{}", Map.of()).statusCode()).isIn(400, 404);
    assertThat(post(server.port(), "/mcp/bad%20name", "{}", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void errorsNeverCarryAStackTrace() throws Exception {
    HttpResponse<String> badSession =
        post(
            server.port(),
            "/mcp",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            Map.of("mcp-session-id", "no-such-session"));
    assertThat(badSession.statusCode()).isGreaterThanOrEqualTo(400);
    HttpResponse<String> garbage = post(server.port(), "/mcp", "{not json", Map.of());
    assertThat(garbage.statusCode()).isEqualTo(400);
    HttpResponse<String> noSession =
        post(
            server.port(),
            "/mcp",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
            Map.of());
    assertThat(noSession.statusCode()).isEqualTo(400);
    HttpResponse<String> deleteUnknown =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                .header("mcp-session-id", "no-such-session")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleteUnknown.statusCode()).isGreaterThanOrEqualTo(400);
    for (HttpResponse<String> r : List.of(badSession, garbage, noSession, deleteUnknown)) {
      assertThat(r.body())
          .as(r.request().method() + " answered " + r.statusCode())
          .doesNotContain("\tat ")
          .doesNotContain("at io.")
          .doesNotContain("at java.")
          .doesNotContain("Tomcat")
          .doesNotContain("<html");
      // A proxy or client can read every error: a JSON body, small.
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as(r.request().method() + " " + r.statusCode() + ": " + r.body())
          .startsWith("application/json");
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).isObject())
          .isTrue();
      assertThat(r.body().length()).isLessThan(1024);
    }
  }

  @Test
  void aWildcardBindAcceptsTheMachinesOwnAddressesAndRefusesOtherNames() throws Exception {
    List<String> own = HttpServer.ownHosts("0.0.0.0");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        own.stream().anyMatch(h -> Character.isDigit(h.charAt(0))),
        "this machine has no non-loopback IPv4 address");
    ServerSettings open = TestServers.http(data, project, TOKEN);
    ServerSettings wildcard =
        new ServerSettings(
            open.transport(),
            "0.0.0.0",
            3454,
            open.database(),
            open.projectDir(),
            TOKEN,
            open.maxBodyBytes(),
            List.of(),
            List.of(),
            false,
            open.namespaceLimits(),
            open.toolDescriptions());
    var validator = HttpServer.validator(wildcard);
    String lan = own.stream().filter(h -> Character.isDigit(h.charAt(0))).findFirst().orElseThrow();
    validator.validateHeaders(Map.of("Host", List.of(lan.replace(":*", ":3454"))));
    assertThatThrownBy(
            () -> validator.validateHeaders(Map.of("Host", List.of("evil.example:3454"))))
        .isInstanceOf(
            io.modelcontextprotocol.server.transport.ServerTransportSecurityException.class);
  }

  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
            + "x".repeat(70 * 1024)
            + "\"}}";
    HttpResponse<String> r = post(server.port(), "/mcp", big, Map.of());
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void aTokenIsRequiredWhenOneIsSet() throws Exception {
    assertThat(post(secured.port(), "/mcp", INIT, Map.of()).statusCode()).isEqualTo(401);
    assertThat(
            post(
                    secured.port(),
                    "/mcp",
                    INIT,
                    Map.of("Authorization", "Bearer wrong-token-of-some-length"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(secured.port(), "/mcp", INIT, Map.of("Authorization", "Bearer " + TOKEN))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aNonLoopbackHostWithoutATokenRefusesToStart() {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", data.toString()));
    assertThatThrownBy(
            () ->
                new ServerSettings(
                    ServerSettings.Transport.HTTP,
                    "0.0.0.0",
                    3454,
                    db,
                    project,
                    null,
                    1 << 20,
                    List.of(),
                    List.of(),
                    false,
                    Stores.NamespaceLimits.DEFAULT,
                    dev.jive.mcp.tools.ToolDescriptions.BRIEF))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("JIVE_MCP_TOKEN");
    assertThatThrownBy(
            () ->
                new ServerSettings(
                    ServerSettings.Transport.HTTP,
                    "0.0.0.0",
                    3454,
                    db,
                    project,
                    "short",
                    1 << 20,
                    List.of(),
                    List.of(),
                    false,
                    Stores.NamespaceLimits.DEFAULT,
                    dev.jive.mcp.tools.ToolDescriptions.BRIEF))
        .hasMessageContaining("too short");
    assertThat(
            new ServerSettings(
                    ServerSettings.Transport.HTTP,
                    "0.0.0.0",
                    3454,
                    db,
                    project,
                    TOKEN,
                    1 << 20,
                    List.of(),
                    List.of(),
                    false,
                    Stores.NamespaceLimits.DEFAULT,
                    dev.jive.mcp.tools.ToolDescriptions.BRIEF)
                .requiresToken())
        .isTrue();
  }

  @Test
  void eachNamespaceEndpointHasItsOwnData() throws Exception {
    McpSyncClient main = TestServers.httpClient(server.port(), "/mcp");
    McpSyncClient team = TestServers.httpClient(server.port(), "/mcp/team-a");
    try {
      main.initialize();
      team.initialize();
      new McpCalls(team).create("task", "Only in team a", "namespaced", null);
      assertThat(
              McpCalls.list(new McpCalls(team).ok("jive_search_content", "query", "*"), "results"))
          .extracting(r -> r.get("title"))
          .contains("Only in team a");
      assertThat(
              McpCalls.list(
                  new McpCalls(main).ok("jive_search_content", "query", "*", "limit", 100),
                  "results"))
          .extracting(r -> r.get("title"))
          .doesNotContain("Only in team a");
      assertThat(data.resolve("open/namespaces/team-a/WorkItem.lance")).exists();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + server.port() + "/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .contains("\"namespace_stores_open\":[\"team-a\"]")
          .containsPattern("\"row_directory_mb\":\\{\"used\":[0-9.]+}");
    } finally {
      main.closeGracefully();
      team.closeGracefully();
    }
  }

  @Test
  void progressIsSentForATokenAndLogsFollowTheClientsLevel() throws Exception {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    McpSyncClient client =
        TestServers.httpSpec(server.port(), "/mcp")
            .progressConsumer(progress::add)
            .loggingConsumer(logs::add)
            .build();
    try {
      client.initialize();
      McpCalls m = new McpCalls(client);
      client.setLoggingLevel(McpSchema.LoggingLevel.ERROR);
      m.create("task", "Quiet create", "no info log at error level", null);
      client.setLoggingLevel(McpSchema.LoggingLevel.INFO);
      m.create("task", "Loud create", "an info log", null);
      McpSchema.CallToolResult r =
          client.callTool(
              McpSchema.CallToolRequest.builder()
                  .name("jive_track_progress")
                  .arguments(Map.of("action", "get_analytics"))
                  .progressToken("analytics-1")
                  .build());
      assertThat(r.isError()).isFalse();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while ((progress.size() < 6 || logs.isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(progress)
          .hasSizeGreaterThanOrEqualTo(6)
          .allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("analytics-1"));
      assertThat(progress).anySatisfy(p -> assertThat(p.progress()).isEqualTo(p.total()));
      assertThat(logs)
          .extracting(McpSchema.LoggingMessageNotification::data)
          .anySatisfy(d -> assertThat(d).contains("created task"));
      assertThat(logs).hasSize(1);
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void theHandshakeIsAnsweredWhileTheModelIsStillLoading() throws Exception {
    GatedEmbedder model = new GatedEmbedder();
    DatabaseConfig db =
        ConfigResolver.fromEnvironment(Map.of("data_path", data.resolve("gated").toString()));
    HttpServer gated =
        new HttpServer(
            TestServers.http(data, project, null),
            new Stores(LanceDBManager.builder(db).embedder(model).build()));
    gated.start();
    McpSyncClient client =
        TestServers.httpSpec(gated.port(), "/mcp").requestTimeout(Duration.ofSeconds(30)).build();
    try {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(9);
      model.gate.countDown();
      assertThat(
              McpCalls.item(
                  new McpCalls(client)
                      .ok(
                          "jive_manage_work_item",
                          "action",
                          "create",
                          "type",
                          "task",
                          "title",
                          "After loading")))
          .containsEntry("title", "After loading");
    } finally {
      model.gate.countDown();
      client.closeGracefully();
      gated.close();
    }
  }
}
