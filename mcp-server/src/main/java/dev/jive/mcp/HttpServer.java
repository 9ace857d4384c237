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
    hosts.addAll(ownHosts(s.host()));
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
   * The Host values naming this server besides loopback: the bound address, or for a wildcard bind
   * ({@code 0.0.0.0}, {@code ::}) every address of the machine's interfaces and its host name, so a
   * client reaching it over the LAN is not refused with 421 for naming the server it reached.
   */
  static List<String> ownHosts(String bound) {
    if (ServerSettings.isLoopback(bound)) {
      return List.of();
    }
    if (!bound.equals("0.0.0.0") && !bound.equals("::") && !bound.equals("[::]")) {
      return List.of(bound + ":*");
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    try {
      for (java.net.NetworkInterface ni :
          java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp()) {
          continue;
        }
        for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
          if (a.isLoopbackAddress()) {
            continue;
          }
          String text = a.getHostAddress();
          int zone = text.indexOf('%');
          text = zone < 0 ? text : text.substring(0, zone);
          out.add((a instanceof java.net.Inet6Address ? "[" + text + "]" : text) + ":*");
        }
      }
    } catch (java.net.SocketException e) {
      LOG.warn("cannot list this machine's addresses: {}", e.getMessage());
    }
    try {
      out.add(java.net.InetAddress.getLocalHost().getHostName() + ":*");
    } catch (java.net.UnknownHostException e) {
      // No resolvable host name: the addresses above still count.
    }
    return List.copyOf(out);
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
    if (!ServerSettings.isLoopback(host)) {
      LOG.info(
          "Accepting requests whose Host is localhost or one of {}; a client reaching this server"
              + " by another name (a DNS name, a proxy) needs --allowed-host NAME:{} (or NAME:*)",
          ownHosts(host).stream().map(h -> h.replace(":*", "")).toList(),
          port);
    }
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
