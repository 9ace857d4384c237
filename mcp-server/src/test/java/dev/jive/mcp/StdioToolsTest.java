package dev.jive.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool over stdio, the server in its own JVM. The Java client fails on any stray line on
 * stdout, so passing also shows that logs stay on stderr.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StdioToolsTest extends ToolsContract {
  @TempDir static Path data;
  @TempDir static Path project;
  private McpSyncClient client;
  private McpCalls calls;

  @BeforeAll
  void start() {
    client = TestServers.stdioSpec(data, project).build();
    client.initialize();
    calls = new McpCalls(client);
  }

  @AfterAll
  void stop() {
    client.closeGracefully();
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
