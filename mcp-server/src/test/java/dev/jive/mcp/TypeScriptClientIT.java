package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP TypeScript SDK client (from npm) against the built jar over Streamable HTTP. */
class TypeScriptClientIT {
  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void typeScriptClientCreatesSearchesLinksAndTracksOverHttp() throws Exception {
    int port = ExternalProcesses.freePort();
    Process server = ExternalProcesses.startHttp(data, port, logs.resolve("server.log"));
    try {
      ExternalProcesses.Result r =
          ExternalProcesses.run(
              List.of("node", "ts-client.mjs", "http://127.0.0.1:" + port + "/mcp"),
              ExternalProcesses.NODE_DIR,
              120);
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("\"ok\":true").contains("\"tools\":9");
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
