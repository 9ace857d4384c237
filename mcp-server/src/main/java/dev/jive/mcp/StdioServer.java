package dev.jive.mcp;

import dev.jive.mcp.tools.JiveTools;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server on stdin and stdout. stdout belongs to the protocol alone: before anything else runs,
 * {@code System.out} is pointed at stderr, so a library that prints cannot corrupt the stream; the
 * transport writes to the real file descriptor. Returns when the client closes stdin.
 */
final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  private static final long DRAIN_MILLIS = 300;

  private StdioServer() {}

  /**
   * A client may write its requests and close stdin at once (a script piping into us): the answers
   * to what it sent are still owed, so running work is let finish before the end is passed on.
   */
  private static void drain() {
    LOG.info("stdin closed; answering what is in flight");
    try {
      Thread.sleep(DRAIN_MILLIS);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (JiveTools.inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(ServerSettings settings) throws InterruptedException {
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    GuardedInput in = new GuardedInput(System.in, protocol, StdioServer::drain);
    try (Stores stores =
        new Stores(settings.database(), settings.modelChosen(), settings.namespaceLimits())) {
      StdioServerTransportProvider transport =
          new StdioServerTransportProvider(Servers.JSON, in, protocol);
      McpSyncServer server =
          Servers.build(
              McpServer.sync(transport),
              stores.access(null),
              settings.projectDir(),
              Clock.systemUTC(),
              settings.toolDescriptions());
      LOG.info("MCP Jive on stdio; data in {}", stores.location());
      in.closed().await();
      LOG.info("stdin closed; shutting down");
      server.closeGracefully();
    }
  }
}
