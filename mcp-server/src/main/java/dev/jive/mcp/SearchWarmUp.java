package dev.jive.mcp;

import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.mcp.tools.JiveTools;
import dev.jive.mcp.tools.StoreAccess;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Made-up searches through a second MCP server on the same store, over an in-process pipe, in the
 * server's idle time after start. Each is a {@code tools/call} of {@code jive_search_content} as a
 * client sends it, so everything a client's search runs is run: the transport's reading and
 * writing, the session's dispatch, argument and answer validation, the store's hybrid and semantic
 * search, the rendering. The JIT compiles that path only after a few hundred searches, and until
 * then the compiler threads take the cores a search needs: over stdio at 10,000 items the first 200
 * searches took about twice as long as those from the 400th on (docs/performance.md). An agent's
 * first search usually comes seconds after the handshake, while its model reads the tool list: the
 * warm-up uses those seconds.
 *
 * <p>Searches read and never write. The warm-up waits while a client's call is running, so it
 * competes for the cores only with calls that arrive during one of its searches. It does nothing
 * when the store holds no work items (nothing to search) and stops when told to.
 */
final class SearchWarmUp {
  private static final String[] SUBJECTS = {
    "login", "checkout", "report", "database", "deploy", "notification", "search", "dashboard",
    "invoice", "upload", "settings", "onboarding", "billing", "profile", "cache", "migration"
  };
  private static final String[] PROBLEMS = {
    "is slow", "fails on retry", "shows wrong totals", "breaks on mobile"
  };

  /** Hybrid runs both retrievers (its keyword leg where the full-text index is built). */
  private static final String[] TYPES = {"hybrid", "hybrid", "hybrid", "semantic"};

  private static final String[] FORMATS = {"summary", "detailed", "minimal"};
  private static final long IDLE_POLL_MILLIS = 10;
  private static final int PIPE_BYTES = 1 << 20;

  private SearchWarmUp() {}

  /**
   * Runs up to {@code searches} searches; returns how many ran. {@code stop} is asked before each.
   *
   * @throws IllegalStateException when a search fails (the server's own searches would too)
   */
  static int run(LanceDBManager store, int searches, BooleanSupplier stop)
      throws InterruptedException {
    if (searches <= 0 || store.countWorkItems(Filter.matchAll()) == 0) {
      return 0;
    }
    try (Loopback client = new Loopback(store)) {
      client.call("initialize", initializeParams());
      client.notify("notifications/initialized");
      for (int i = 0; i < searches; i++) {
        while (JiveTools.inFlight() > 0) {
          if (stop.getAsBoolean()) {
            return i;
          }
          Thread.sleep(IDLE_POLL_MILLIS);
        }
        if (stop.getAsBoolean()) {
          return i;
        }
        Map<?, ?> result = client.call("tools/call", searchParams(i));
        if (Boolean.TRUE.equals(result.get("isError"))) {
          throw new IllegalStateException("a warm-up search failed: " + result.get("content"));
        }
      }
      return searches;
    } catch (IOException e) {
      throw new IllegalStateException("the search warm-up's pipe failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> initializeParams() {
    return Map.of(
        "protocolVersion",
        "2025-06-18",
        "capabilities",
        Map.of(),
        "clientInfo",
        Map.of("name", "jive-warm-up", "version", Servers.VERSION));
  }

  /**
   * A few dozen texts, each searched several times: the model runs once per text (the store keeps
   * recent query vectors) and the warm-up's time goes to the Java code the JIT compiles.
   */
  private static Map<String, Object> searchParams(int i) {
    String query =
        SUBJECTS[i % SUBJECTS.length] + " " + PROBLEMS[(i / SUBJECTS.length) % PROBLEMS.length];
    return Map.of(
        "name",
        "jive_search_content",
        "arguments",
        Map.of(
            "query",
            query,
            "search_type",
            TYPES[i % TYPES.length],
            "limit",
            10,
            "format",
            FORMATS[i % FORMATS.length]));
  }

  /** A server on the store over a pair of pipes, and the client end of them. */
  private static final class Loopback implements AutoCloseable {
    private final OutputStream requests;
    private final BufferedReader answers;
    private final McpSyncServer server;
    private long nextId;

    Loopback(LanceDBManager store) throws IOException {
      PipedOutputStream toServer = new PipedOutputStream();
      PipedInputStream serverIn = new PipedInputStream(toServer, PIPE_BYTES);
      PipedInputStream fromServer = new PipedInputStream(PIPE_BYTES);
      PipedOutputStream serverOut = new PipedOutputStream(fromServer);
      this.requests = toServer;
      this.answers = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
      this.server =
          Servers.build(
              McpServer.sync(new StdioServerTransportProvider(Servers.JSON, serverIn, serverOut)),
              StoreAccess.of(() -> store),
              null,
              Clock.systemUTC());
    }

    /** Sends a request and returns its result; notifications in between are skipped. */
    Map<?, ?> call(String method, Map<String, Object> params) throws IOException {
      long id = ++nextId;
      send(message(method, params, id));
      while (true) {
        String line = answers.readLine();
        if (line == null) {
          throw new IOException("the warm-up server closed its output");
        }
        Map<?, ?> answer = Servers.JSON.readValue(line, Map.class);
        if (answer.get("id") instanceof Number n && n.longValue() == id) {
          if (answer.get("error") != null) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
          }
          return (Map<?, ?>) answer.get("result");
        }
      }
    }

    void notify(String method) throws IOException {
      send(message(method, null, null));
    }

    private static Map<String, Object> message(String method, Object params, Object id) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("jsonrpc", "2.0");
      if (id != null) {
        m.put("id", id);
      }
      m.put("method", method);
      if (params != null) {
        m.put("params", params);
      }
      return m;
    }

    private void send(Map<String, Object> message) throws IOException {
      requests.write(
          (Servers.JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
      requests.flush();
    }

    @Override
    public void close() {
      server.closeGracefully();
      try {
        requests.close();
        answers.close();
      } catch (IOException e) {
        // The pipes are in memory; nothing is lost by a failed close.
      }
    }
  }
}
