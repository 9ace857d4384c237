package dev.jive.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server on stdin and stdout. stdout belongs to the protocol alone: before anything else runs,
 * {@code System.out} is pointed at stderr, so a library that prints cannot corrupt the stream; the
 * transport writes to the real file descriptor. Returns when the client closes stdin.
 */
final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  private StdioServer() {}

  static void run(ServerSettings settings) throws InterruptedException {
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    GuardedInput in = new GuardedInput(System.in, protocol);
    try (Stores stores = new Stores(settings.database())) {
      StdioServerTransportProvider transport =
          new StdioServerTransportProvider(
              new JacksonMcpJsonMapper(new ObjectMapper()), in, protocol);
      McpSyncServer server =
          Servers.build(
              McpServer.sync(transport), stores.main(), settings.projectDir(), Clock.systemUTC());
      LOG.info("MCP Jive on stdio; data in {}", stores.main().location());
      in.closed().await();
      LOG.info("stdin closed; shutting down");
      server.closeGracefully();
    }
  }
}
