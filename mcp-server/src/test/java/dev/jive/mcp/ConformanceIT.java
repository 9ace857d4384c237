package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server scenario the official MCP conformance suite lists (npm, on Node 22 from npm) against
 * the built jar over Streamable HTTP. A scenario either passes, or it calls a fixture (a tool,
 * resource or prompt named {@code test_*}) that only the suite's reference server defines: those
 * are listed here with the fixture they need and in docs/mcp-server.md, and must still fail the way
 * the fixture explains, so a scenario that starts passing, or a new one, is noticed.
 */
class ConformanceIT {
  static final Set<String> PASSING =
      Set.of(
          "server-initialize",
          "ping",
          "logging-set-level",
          "tools-list",
          "resources-list",
          "prompts-list",
          "dns-rebinding-protection",
          "server-sse-multiple-streams",
          "server-sse-polling");

  /** Scenario to the text of its failure that shows it is the fixture, not our server. */
  static final Map<String, String> NEEDS_FIXTURE =
      Map.ofEntries(
          Map.entry("completion-complete", "completion/complete"),
          Map.entry("tools-call-simple-text", "Unknown tool"),
          Map.entry("tools-call-image", "Unknown tool"),
          Map.entry("tools-call-audio", "Unknown tool"),
          Map.entry("tools-call-embedded-resource", "Unknown tool"),
          Map.entry("tools-call-mixed-content", "Unknown tool"),
          Map.entry("tools-call-with-logging", "Unknown tool"),
          Map.entry("tools-call-error", "test_error_handling"),
          Map.entry("tools-call-with-progress", "Unknown tool"),
          Map.entry("tools-call-sampling", "Unknown tool"),
          Map.entry("tools-call-elicitation", "Unknown tool"),
          Map.entry("json-schema-2020-12", "json_schema_2020_12_tool"),
          Map.entry("elicitation-sep1034-defaults", "Unknown tool"),
          Map.entry("elicitation-sep1330-enums", "Unknown tool"),
          Map.entry("resources-read-text", "Resource not found"),
          Map.entry("resources-read-binary", "Resource not found"),
          Map.entry("resources-templates-read", "Resource not found"),
          Map.entry("resources-subscribe", "resources/subscribe"),
          Map.entry("resources-unsubscribe", "resources/subscribe"),
          Map.entry("prompts-get-simple", "Invalid prompt name"),
          Map.entry("prompts-get-with-args", "Invalid prompt name"),
          Map.entry("prompts-get-embedded-resource", "Invalid prompt name"),
          Map.entry("prompts-get-with-image", "Invalid prompt name"));

  @TempDir Path data;
  @TempDir Path logs;

  static ExternalProcesses.Result conformance(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ExternalProcesses.node22().toString());
    cmd.add(ExternalProcesses.npmBin("conformance").toString());
    cmd.addAll(List.of(args));
    return ExternalProcesses.run(cmd, ExternalProcesses.NODE_DIR, 120);
  }

  static List<String> serverScenarios() throws Exception {
    String listing = conformance("list").output();
    String server = listing.substring(listing.indexOf("Server scenarios"));
    server = server.substring(0, server.indexOf("Client scenarios"));
    List<String> names = new ArrayList<>();
    for (String line : server.split("\n")) {
      if (line.trim().startsWith("- ")) {
        names.add(line.trim().substring(2).split(" ")[0]);
      }
    }
    return names;
  }

  @Test
  void everyServerScenarioPassesOrNeedsAFixtureTheDocsName() throws Exception {
    List<String> scenarios = serverScenarios();
    assertThat(scenarios).as("server scenarios the suite lists").hasSizeGreaterThan(20);
    String docs = Files.readString(ExternalProcesses.MODULE.resolve("../docs/mcp-server.md"));
    int port = ExternalProcesses.freePort();
    Process server = ExternalProcesses.startHttp(data, port, logs.resolve("server.log"));
    try {
      for (String scenario : scenarios) {
        assertThat(PASSING.contains(scenario) || NEEDS_FIXTURE.containsKey(scenario))
            .as("a scenario this test does not know yet: " + scenario)
            .isTrue();
        ExternalProcesses.Result r =
            conformance(
                "server", "--url", "http://127.0.0.1:" + port + "/mcp", "--scenario", scenario);
        if (PASSING.contains(scenario)) {
          assertThat(r.exit()).as(scenario + ":\n" + r.output()).isZero();
          assertThat(r.output()).as(scenario).contains(" 0 failed").doesNotContain("FAILURE");
        } else {
          assertThat(r.output())
              .as(scenario + " fails only for its fixture; if it passes now, move it to PASSING")
              .contains("FAILURE")
              .contains(NEEDS_FIXTURE.get(scenario));
          assertThat(docs)
              .as("docs/mcp-server.md names " + scenario)
              .contains("`" + scenario + "`");
        }
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
