package dev.jive.mcp;

import dev.jive.core.JiveException;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server on Streamable HTTP, in an embedded Tomcat bound to one address. */
final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final Tomcat tomcat = new Tomcat();
  private final Stores stores;
  private final McpEndpoints endpoints;
  private final Path baseDir;
  private final String host;
  private int port;

  HttpServer(ServerSettings settings) throws IOException {
    this(
        settings,
        new Stores(settings.database(), settings.modelChosen(), settings.namespaceLimits()));
  }

  HttpServer(ServerSettings settings, Stores stores) throws IOException {
    this.baseDir = Files.createTempDirectory("jive-mcp-tomcat");
    this.stores = stores;
    this.host = settings.host();
    DefaultServerTransportSecurityValidator validator = validator(settings);
    this.endpoints = new McpEndpoints(settings, stores, validator);
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(settings.port());
    connector.setProperty("address", settings.host());
    connector.setMaxPostSize(settings.maxBodyBytes());
    tomcat.setConnector(connector);
    StandardHost host = (StandardHost) tomcat.getHost();
    // Tomcat's default error page shows server details and, for exceptions, stack traces.
    host.setErrorReportValveClass(QuietErrorReportValve.class.getName());
    Context ctx = tomcat.addContext("", baseDir.toString());
    Wrapper wrapper =
        Tomcat.addServlet(ctx, "jive", new McpHttpServlet(settings, stores, endpoints, validator));
    wrapper.setAsyncSupported(true);
    wrapper.setLoadOnStartup(1);
    ctx.addServletMappingDecoded("/*", "jive");
  }

  /**
   * Host must name this server (so a page on another site cannot reach it through a rebound DNS
   * name); a browser Origin must be local or listed.
   */
  static DefaultServerTransportSecurityValidator validator(ServerSettings s) {
    List<String> hosts = new ArrayList<>(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
    if (!ServerSettings.isLoopback(s.host()) && !s.host().equals("0.0.0.0")) {
      hosts.add(s.host() + ":*");
    }
    hosts.addAll(s.allowedHosts());
    List<String> origins =
        new ArrayList<>(
            List.of(
                "http://localhost:*",
                "http://127.0.0.1:*",
                "http://[::1]:*",
                "https://localhost:*"));
    origins.addAll(s.allowedOrigins());
    return DefaultServerTransportSecurityValidator.builder()
        .allowedHosts(hosts)
        .allowedOrigins(origins)
        .build();
  }

  /**
   * Starts listening; a port that is taken or not allowed fails the start, naming it (Tomcat only
   * logs its connector's failure and serves nothing).
   */
  void start() throws LifecycleException {
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
    if (port < 0) {
      throw new JiveException(
          "cannot listen on "
              + host
              + ":"
              + tomcat.getConnector().getPort()
              + ": the port is in use or not allowed; free it or choose another with --port");
    }
    LOG.info("MCP Jive on http://{}:{}/mcp; data in {}", host, port, stores.location());
  }

  int port() {
    return port;
  }

  void await() {
    tomcat.getServer().await();
  }

  @Override
  public void close() {
    try {
      endpoints.close();
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      LOG.warn("Tomcat did not stop cleanly: {}", e.getMessage());
    } finally {
      stores.close();
      TempFolders.deleteQuietly(baseDir);
    }
  }
}
