package dev.jive.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.mcp.tools.JiveTools;
import dev.jive.mcp.tools.StoreAccess;
import dev.jive.mcp.tools.ToolDescriptions;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** One MCP server over one store: the nine tools, the work-item resource, the prompts. */
final class Servers {
  static final String NAME = "mcp-jive";
  static final String VERSION =
      Servers.class.getPackage().getImplementationVersion() == null
          ? "dev"
          : Servers.class.getPackage().getImplementationVersion();

  private static final String INSTRUCTIONS =
      "MCP Jive keeps this project's work items (initiative > epic > feature > story > task),"
          + " their dependencies and progress, and architecture and troubleshooting memories."
          + " Find items with jive_search_content or jive_get_work_item; change them with"
          + " jive_manage_work_item; plan with jive_execute_work_item and report progress with"
          + " jive_track_progress. A work item can be named by its UUID, its exact title or"
          + " keywords. Each action's needs are in its tool's action argument; jive://guide/tools"
          + " describes every tool and argument in full.";

  /**
   * The JSON mapper and schema validator of every transport and server in the process, shared so
   * that what the search warm-up compiles and caches (Jackson's serializers, the compiled schemas)
   * is what the clients' calls use.
   */
  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

  static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();

  private Servers() {}

  static McpSyncServer build(
      McpServer.SyncSpecification<?> spec,
      StoreAccess store,
      Path projectDir,
      Clock clock,
      ToolDescriptions descriptions) {
    return spec.serverInfo(NAME, VERSION)
        .jsonMapper(JSON)
        .jsonSchemaValidator(VALIDATOR)
        // The tools check their own arguments (tools.ArgumentCheck, Args): the SDK's check would
        // answer first, with a schema validator's text instead of a name to use and an example.
        .validateToolInputs(false)
        .instructions(INSTRUCTIONS)
        .requestTimeout(Duration.ofMinutes(10))
        .capabilities(
            McpSchema.ServerCapabilities.builder()
                .tools(false)
                .resources(false, false)
                .prompts(false)
                .logging()
                .build())
        .tools(JiveTools.specifications(store, projectDir, clock, descriptions))
        .resources(JiveTools.resources())
        .resourceTemplates(JiveTools.resourceTemplates(store))
        .prompts(JiveTools.prompts(store, projectDir, clock))
        .build();
  }
}
