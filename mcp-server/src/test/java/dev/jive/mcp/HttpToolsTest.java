package dev.jive.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every tool over Streamable HTTP, with the MCP Java SDK's client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpToolsTest extends ToolsContract {
  @TempDir static Path data;
  @TempDir static Path project;
  private HttpServer server;
  private McpSyncClient client;
  private McpCalls calls;

  @BeforeAll
  void start() throws Exception {
    server = new HttpServer(TestServers.http(data, project, null));
    server.start();
    client = TestServers.httpClient(server.port(), "/mcp");
    client.initialize();
    calls = new McpCalls(client);
  }

  @AfterAll
  void stop() {
    client.closeGracefully();
    server.close();
  }

  @Override
  McpCalls mcp() {
    return calls;
  }

  @Override
  Path projectDir() {
    return project;
  }
}
