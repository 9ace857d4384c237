package dev.jive.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.ServingJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Servers and clients for the tests: in-process HTTP, and stdio in a child JVM. */
final class TestServers {
  private TestServers() {}

  static ServerSettings http(Path data, Path project, String token) {
    DatabaseConfig db = ConfigResolver.fromEnvironment(Map.of("data_path", data.toString()));
    return new ServerSettings(
        ServerSettings.Transport.HTTP,
        "127.0.0.1",
        0,
        db,
        project,
        token,
        64 * 1024,
        List.of(),
        List.of(),
        false,
        Stores.NamespaceLimits.DEFAULT,
        dev.jive.mcp.tools.ToolDescriptions.BRIEF);
  }

  static McpSyncClient httpClient(int port, String endpoint, McpClient.SyncSpec... ignored) {
    return httpSpec(port, endpoint).build();
  }

  static McpClient.SyncSpec httpSpec(int port, String endpoint) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
            .endpoint(endpoint)
            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
            .build();
    return McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("jive-test", "1"))
        .requestTimeout(Duration.ofSeconds(60));
  }

  /** The command that starts the server on stdio in a child JVM with this JVM's classpath. */
  static List<String> stdioCommand(Path data, Path project) {
    List<String> cmd = new ArrayList<>();
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(ServingJvm.lanceFlags());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.jive.mcp.JiveMcp");
    cmd.add("--data-path");
    cmd.add(data.toString());
    cmd.add("--project-dir");
    cmd.add(project.toString());
    return cmd;
  }

  static McpClient.SyncSpec stdioSpec(Path data, Path project) {
    ServerParameters params =
        ServerParameters.builder(ServingJvm.java()).args(stdioCommand(data, project)).build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(line -> System.err.println("[server] " + line));
    return McpClient.sync(transport)
        .clientInfo(new McpSchema.Implementation("jive-test", "1"))
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60));
  }
}
