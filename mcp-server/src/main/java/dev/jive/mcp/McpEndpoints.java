package dev.jive.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Streamable HTTP endpoints: {@code /mcp} for the configured namespace and {@code
 * /mcp/<namespace>} for any other, as the old server had. Each is its own MCP server over its own
 * store (all sharing one model), created on first use.
 */
final class McpEndpoints implements AutoCloseable {
  private final ServerSettings settings;
  private final Stores stores;
  private final ServerTransportSecurityValidator validator;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private volatile ServletConfig servletConfig;

  record Endpoint(HttpServletStreamableServerTransportProvider transport, McpSyncServer server) {}

  McpEndpoints(ServerSettings settings, Stores stores, ServerTransportSecurityValidator validator) {
    this.settings = settings;
    this.stores = stores;
    this.validator = validator;
  }

  void init(ServletConfig config) {
    this.servletConfig = config;
  }

  /** The endpoint for a path's namespace ({@code ""} is the configured one). */
  Endpoint endpoint(String namespace) {
    return endpoints.computeIfAbsent(namespace, this::create);
  }

  private Endpoint create(String namespace) {
    String ns = namespace.isEmpty() ? null : namespace;
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(Servers.JSON)
            .mcpEndpoint(namespace.isEmpty() ? "/mcp" : "/mcp/" + namespace)
            .securityValidator(validator)
            .maxRequestSize(settings.maxBodyBytes())
            .keepAliveInterval(Duration.ofSeconds(30))
            .build();
    try {
      if (servletConfig != null) {
        transport.init(servletConfig);
      }
    } catch (ServletException e) {
      throw new IllegalStateException("cannot start the endpoint for " + namespace, e);
    }
    McpSyncServer server =
        Servers.build(
            McpServer.sync(transport),
            stores.access(ns),
            settings.projectDir(),
            Clock.systemUTC(),
            settings.toolDescriptions());
    return new Endpoint(transport, server);
  }

  int count() {
    return endpoints.size();
  }

  @Override
  public void close() {
    endpoints.values().forEach(e -> e.server().closeGracefully());
    endpoints.clear();
  }
}
