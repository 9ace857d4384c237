package dev.jive.mcp.tools;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import dev.jive.core.NotFoundException;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nine {@code jive_*} tools as MCP tool specifications: the entry point of this package.
 *
 * <p>Every call runs inside one error boundary: the caller's mistakes (not found, invalid input,
 * conflict) come back as {@code isError} results whose text says what to change; anything else is
 * logged with its stack trace on stderr and reported to the client as one line, never a trace.
 */
public final class JiveTools {
  private static final Logger LOG = LoggerFactory.getLogger(JiveTools.class);

  static final List<JiveTool> ALL =
      List.of(
          new ManageWorkItemTool(),
          new GetWorkItemTool(),
          new SearchContentTool(),
          new HierarchyTool(),
          new ExecuteWorkItemTool(),
          new TrackProgressTool(),
          new SyncDataTool(),
          new ReorderWorkItemsTool(),
          new MemoryTool());

  private static final java.util.concurrent.atomic.AtomicInteger IN_FLIGHT =
      new java.util.concurrent.atomic.AtomicInteger();

  private JiveTools() {}

  /** Tool calls running now (the stdio server lets them finish before it exits). */
  public static int inFlight() {
    return IN_FLIGHT.get();
  }

  /** The tool names, in the order the old server listed them. */
  public static List<String> names() {
    return ALL.stream().map(JiveTool::name).toList();
  }

  /**
   * The tools working on one store.
   *
   * @param projectDir the folder that file paths (sync, memory export) are resolved in and kept to
   */
  public static List<SyncToolSpecification> specifications(
      StoreAccess store, Path projectDir, Clock clock, ToolDescriptions descriptions) {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (JiveTool tool : ALL) {
      Map<String, Object> spec = ToolSchemas.spec(tool.name());
      McpSchema.Tool definition = ToolSchemas.definition(tool.name(), spec, descriptions);
      @SuppressWarnings("unchecked")
      ArgumentCheck check =
          new ArgumentCheck(tool.name(), (Map<String, Object>) spec.get("inputSchema"));
      out.add(
          SyncToolSpecification.builder()
              .tool(definition)
              .callHandler(
                  (exchange, request) ->
                      call(tool, check, exchange, request, store, projectDir, clock))
              .build());
    }
    return out;
  }

  /** The resource template {@code jive://work-items/{id}}. */
  public static List<SyncResourceTemplateSpecification> resourceTemplates(StoreAccess store) {
    return List.of(WorkItemResource.specification(store));
  }

  /** The static resources: the tool guide ({@code jive://guide/tools}). */
  public static List<SyncResourceSpecification> resources() {
    return List.of(ToolGuideResource.specification());
  }

  /** The prompts: what to work on next, and how to work on one item. */
  public static List<SyncPromptSpecification> prompts(
      StoreAccess store, Path projectDir, Clock clock) {
    return Prompts.specifications(store, projectDir, clock);
  }

  static CallToolResult call(
      JiveTool tool,
      ArgumentCheck check,
      McpSyncServerExchange exchange,
      CallToolRequest request,
      StoreAccess store,
      Path projectDir,
      Clock clock) {
    long start = System.nanoTime();
    // Worker threads are shared and may carry a servlet container's class loader as their context
    // loader; lookups (ServiceLoader, JAXP) must see this server's classes instead.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(JiveTools.class.getClassLoader());
    IN_FLIGHT.incrementAndGet();
    try {
      return callInContext(tool, check, request, store, projectDir, clock, exchange, start);
    } finally {
      IN_FLIGHT.decrementAndGet();
      thread.setContextClassLoader(previous);
    }
  }

  private static CallToolResult callInContext(
      JiveTool tool,
      ArgumentCheck check,
      CallToolRequest request,
      StoreAccess store,
      Path projectDir,
      Clock clock,
      McpSyncServerExchange exchange,
      long start) {
    try {
      check.check(request.arguments());
      ToolOutput out;
      // Opening the store can fail (a model mismatch, say): that is reported like a tool error.
      try (StoreAccess.Lease lease = store.borrow()) {
        ToolContext ctx =
            new ToolContext(
                lease.store(), projectDir, clock, new ExchangeChannel(exchange, request));
        out = tool.call(new Args(request.arguments()), ctx);
      }
      LOG.debug("{} took {} ms", tool.name(), (System.nanoTime() - start) / 1_000_000);
      return CallToolResult.builder()
          .structuredContent(out.structured())
          .addTextContent(out.text())
          .isError(false)
          .build();
    } catch (JiveException e) {
      LOG.info("{} refused: {}", tool.name(), e.getMessage());
      return error(kind(e) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} failed", tool.name(), e);
      return error(
          "internal error in "
              + tool.name()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
              + "). Nothing was half-written; the server log has the details.");
    }
  }

  private static String kind(JiveException e) {
    if (e instanceof NotFoundException) {
      return "Not found";
    } else if (e instanceof InvalidInputException) {
      return "Invalid input";
    } else if (e instanceof ConflictException) {
      return "Conflict";
    }
    return "Error";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
