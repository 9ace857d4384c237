package dev.jive.mcp;

import dev.jive.core.JiveException;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.mcp.tools.ToolDescriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jive-mcp}: the MCP Jive server. The entry point of this module.
 *
 * <p>Exit codes: 0 after a clean shutdown, 1 when the server fails, 2 for bad options.
 */
@Command(
    name = "jive-mcp",
    mixinStandardHelpOptions = true,
    versionProvider = JiveMcp.Version.class,
    description = "The MCP Jive server: the nine jive_* tools over stdio or Streamable HTTP.")
public final class JiveMcp implements Callable<Integer> {
  /**
   * What the server writes to stderr once the store is open and its search path warmed up, for a
   * client that waits for it (the MCP benchmark).
   */
  public static final String WARMED_UP_LINE = Stores.WARMED_UP;

  private static final Logger LOG = LoggerFactory.getLogger(JiveMcp.class);

  @Option(names = "--transport", description = "stdio (default) or http.", defaultValue = "stdio")
  String transport;

  @Option(
      names = "--host",
      description = "HTTP address to bind (default 127.0.0.1).",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--port",
      description = "HTTP port (default 3454; 0 picks a free one).",
      defaultValue = "3454")
  int port;

  @Option(
      names = "--data-path",
      description = "Where the tables live (default ./data/lancedb, or LANCEDB_DATA_PATH).")
  String dataPath;

  @Option(
      names = "--namespace",
      description = "The namespace /mcp serves (others are at /mcp/<namespace>).")
  String namespace;

  @Option(
      names = "--model",
      description = "Embedding model (default all-MiniLM-L6-v2, or LANCEDB_EMBEDDING_MODEL).")
  String model;

  @Option(
      names = "--project-dir",
      description =
          "The folder file paths of jive_sync_data and jive_memory stay inside (default: the working directory).")
  Path projectDir;

  @Option(
      names = "--max-body",
      description = "Largest HTTP request body in bytes (default 4 MiB).",
      defaultValue = "" + ServerSettings.DEFAULT_MAX_BODY)
  int maxBody;

  @Option(
      names = "--allowed-host",
      split = ",",
      description =
          "Extra Host header values to accept (host:port, or host:* for any port); also JIVE_MCP_ALLOWED_HOSTS.")
  List<String> allowedHosts;

  @Option(
      names = "--allowed-origin",
      split = ",",
      description =
          "Extra browser origins to accept (e.g. https://app.example.com); also JIVE_MCP_ALLOWED_ORIGINS.")
  List<String> allowedOrigins;

  @Option(
      names = "--max-open-namespaces",
      description =
          "HTTP: how many /mcp/<namespace> stores stay open at once; the least recently used unused one is closed past it (default 16).",
      defaultValue = "16")
  int maxOpenNamespaces;

  @Option(
      names = "--namespace-idle-minutes",
      description =
          "HTTP: a /mcp/<namespace> store no call has used for this long is closed, and reopened on the next call (default 10).",
      defaultValue = "10")
  long namespaceIdleMinutes;

  @Option(
      names = "--tool-descriptions",
      description =
          "brief (default): tools/list says what an agent needs to call each tool; full: every description and the output schemas.",
      defaultValue = "brief")
  String toolDescriptions;

  private ToolDescriptions toolDescriptions() {
    try {
      return ToolDescriptions.valueOf(toolDescriptions.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new dev.jive.core.InvalidInputException(
          "tool-descriptions", "must be brief or full, got '" + toolDescriptions + "'");
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the server and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new JiveMcp());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof JiveException) {
            commandLine.getErr().println("jive-mcp: " + e.getMessage());
            return e instanceof dev.jive.core.InvalidInputException ? 2 : 1;
          }
          LOG.error("the server failed", e);
          commandLine.getErr().println("jive-mcp: " + e);
          return 1;
        });
    // Help and usage go to stderr too: on stdio, stdout is the protocol's.
    cli.setOut(new java.io.PrintWriter(System.err, true));
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings settings = settings(System.getenv());
    if (settings.transport() == ServerSettings.Transport.STDIO) {
      StdioServer.run(settings);
      return 0;
    }
    try (HttpServer server = new HttpServer(settings)) {
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jive-shutdown"));
      server.await();
    }
    return 0;
  }

  ServerSettings settings(Map<String, String> env) {
    ServerSettings.Transport t;
    try {
      t = ServerSettings.Transport.valueOf(transport.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new dev.jive.core.InvalidInputException(
          "transport", "must be stdio or http, got '" + transport + "'");
    }
    Map<String, String> explicit = new HashMap<>();
    if (dataPath != null) {
      explicit.put("data_path", dataPath);
    }
    if (namespace != null) {
      explicit.put("namespace", namespace);
    }
    if (model != null) {
      explicit.put("embedding_model", model);
    }
    DatabaseConfig db = ConfigResolver.fromEnvironment(explicit);
    return new ServerSettings(
        t,
        host,
        port,
        db,
        projectDir == null ? Path.of("").toAbsolutePath() : projectDir.toAbsolutePath(),
        env.get("JIVE_MCP_TOKEN"),
        maxBody,
        merge(allowedHosts, env.get("JIVE_MCP_ALLOWED_HOSTS")),
        merge(allowedOrigins, env.get("JIVE_MCP_ALLOWED_ORIGINS")),
        // After jive-migrate reembed the tables record their new model: used unless one is chosen.
        model != null || env.get("LANCEDB_EMBEDDING_MODEL") != null,
        new Stores.NamespaceLimits(maxOpenNamespaces, Duration.ofMinutes(namespaceIdleMinutes)),
        toolDescriptions());
  }

  private static List<String> merge(List<String> given, String env) {
    List<String> out = new java.util.ArrayList<>(given == null ? List.of() : given);
    if (env != null && !env.isBlank()) {
      Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Servers.NAME + " " + Servers.VERSION};
    }
  }
}
