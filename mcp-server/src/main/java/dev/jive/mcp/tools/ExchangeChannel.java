package dev.jive.mcp.tools;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress and log notifications back to the client of one call. Progress goes out only when the
 * request carried a progress token; log messages go through the session, which drops those below
 * the level the client set with {@code logging/setLevel}. A client that went away must not fail the
 * call, so sending errors are logged and dropped.
 */
final class ExchangeChannel implements ToolContext.ClientChannel {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeChannel.class);

  private final McpSyncServerExchange exchange;
  private final Object progressToken;

  ExchangeChannel(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    this.exchange = exchange;
    this.progressToken = request.meta() == null ? null : request.meta().get("progressToken");
  }

  @Override
  public void progress(double done, double total, String message) {
    if (progressToken == null || exchange == null) {
      return;
    }
    try {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(progressToken, done, total, message));
    } catch (RuntimeException e) {
      LOG.debug("progress notification not sent: {}", e.getMessage());
    }
  }

  @Override
  public void info(String message) {
    log(McpSchema.LoggingLevel.INFO, message);
  }

  @Override
  public void debug(String message) {
    log(McpSchema.LoggingLevel.DEBUG, message);
  }

  private void log(McpSchema.LoggingLevel level, String message) {
    if (exchange == null) {
      return;
    }
    try {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder()
              .level(level)
              .logger("jive")
              .data(message)
              .build());
    } catch (RuntimeException e) {
      LOG.debug("log notification not sent: {}", e.getMessage());
    }
  }
}
