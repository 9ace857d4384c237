package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic server scenarios of the official MCP conformance suite (npm, on Node 22 from npm)
 * against the built jar over Streamable HTTP.
 */
class ConformanceIT {
  static final List<String> SCENARIOS =
      List.of(
          "server-initialize",
          "ping",
          "logging-set-level",
          "tools-list",
          "resources-list",
          "prompts-list",
          "dns-rebinding-protection",
          "server-sse-multiple-streams");

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void genericServerScenariosPass() throws Exception {
    int port = ExternalProcesses.freePort();
    Process server = ExternalProcesses.startHttp(data, port, logs.resolve("server.log"));
    try {
      for (String scenario : SCENARIOS) {
        ExternalProcesses.Result r =
            ExternalProcesses.run(
                List.of(
                    ExternalProcesses.node22().toString(),
                    ExternalProcesses.npmBin("conformance").toString(),
                    "server",
                    "--url",
                    "http://127.0.0.1:" + port + "/mcp",
                    "--scenario",
                    scenario),
                ExternalProcesses.NODE_DIR,
                120);
        assertThat(r.exit()).as(scenario + ":\n" + r.output()).isZero();
        assertThat(r.output()).as(scenario).contains(" 0 failed").doesNotContain("FAILURE");
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
