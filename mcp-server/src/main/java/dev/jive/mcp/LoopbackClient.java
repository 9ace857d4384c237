package dev.jive.mcp;

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
 * An MCP server on a store over a pair of in-process pipes, and the client end of them, speaking
 * JSON-RPC lines as a stdio client does: the server's warm-ups run the path a client's calls run.
 * Used from one thread.
 */
final class LoopbackClient implements AutoCloseable {
  private static final int PIPE_BYTES = 1 << 20;
  private static final long IDLE_POLL_MILLIS = 10;

  private final OutputStream requests;
  private final BufferedReader answers;
  private final McpSyncServer server;
  private long nextId;

  private LoopbackClient(LanceDBManager store) throws IOException {
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
            Clock.systemUTC(),
            dev.jive.mcp.tools.ToolDescriptions.BRIEF);
  }

  /**
   * Waits until no client's tool call is running, so a warm-up competes for the cores only with
   * calls that arrive during one of its own.
   *
   * @return false when {@code stop} says to stop
   */
  static boolean awaitIdle(BooleanSupplier stop) throws InterruptedException {
    while (JiveTools.inFlight() > 0) {
      if (stop.getAsBoolean()) {
        return false;
      }
      Thread.sleep(IDLE_POLL_MILLIS);
    }
    return !stop.getAsBoolean();
  }

  /** Opens the session: {@code initialize}, then {@code notifications/initialized}. */
  static LoopbackClient open(LanceDBManager store) throws IOException {
    LoopbackClient client = new LoopbackClient(store);
    client.call(
        "initialize",
        Map.of(
            "protocolVersion",
            "2025-06-18",
            "capabilities",
            Map.of(),
            "clientInfo",
            Map.of("name", "jive-warm-up", "version", Servers.VERSION)));
    client.notify("notifications/initialized");
    return client;
  }

  /**
   * Calls a tool and returns its result.
   *
   * @throws IllegalStateException when the call fails or its result is an error
   */
  Map<?, ?> callTool(String name, Map<String, Object> arguments) throws IOException {
    Map<?, ?> result = call("tools/call", Map.of("name", name, "arguments", arguments));
    if (Boolean.TRUE.equals(result.get("isError"))) {
      throw new IllegalStateException(name + " failed: " + result.get("content"));
    }
    return result;
  }

  /** Sends a request and returns its result; notifications in between are skipped. */
  private Map<?, ?> call(String method, Map<String, Object> params) throws IOException {
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
