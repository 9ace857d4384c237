package dev.jive.mcp;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.mcp.tools.ToolDescriptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the server runs: the transport, where HTTP listens, the store's configuration, the project
 * folder file paths are kept in, and the HTTP safeguards.
 *
 * @param token the bearer token HTTP clients must send; required when {@code host} is not loopback
 * @param maxBodyBytes the largest HTTP request body accepted
 * @param allowedHosts extra {@code Host} values accepted besides the bound address and localhost
 * @param allowedOrigins extra browser {@code Origin}s accepted besides localhost
 * @param modelChosen whether the model was set explicitly (else the tables' recorded one is used)
 * @param namespaceLimits when the stores of HTTP's other namespaces are closed
 * @param toolDescriptions how much text {@code tools/list} carries
 */
record ServerSettings(
    Transport transport,
    String host,
    int port,
    DatabaseConfig database,
    Path projectDir,
    String token,
    int maxBodyBytes,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    boolean modelChosen,
    Stores.NamespaceLimits namespaceLimits,
    ToolDescriptions toolDescriptions) {

  static final int DEFAULT_PORT = 3454;
  static final int DEFAULT_MAX_BODY = 4 * 1024 * 1024;

  enum Transport {
    STDIO,
    HTTP
  }

  ServerSettings {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port", "must be between 0 and 65535, got " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new InvalidInputException(
          "max-body", "must be at least 1024 bytes, got " + maxBodyBytes);
    }
    if (transport == Transport.HTTP && !isLoopback(host) && (token == null || token.isBlank())) {
      throw new InvalidInputException(
          "host",
          host
              + " is reachable from other machines; set JIVE_MCP_TOKEN to a secret bearer token"
              + " (clients send 'Authorization: Bearer <token>') or bind 127.0.0.1");
    }
    if (token != null && !token.isBlank() && token.length() < 16) {
      throw new InvalidInputException(
          "JIVE_MCP_TOKEN", "is too short to be a secret (at least 16 characters)");
    }
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  boolean requiresToken() {
    return token != null && !token.isBlank();
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InvalidInputException("host", "cannot resolve " + host + ": " + e.getMessage());
    }
  }
}
