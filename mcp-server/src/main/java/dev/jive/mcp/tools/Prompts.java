package dev.jive.mcp.tools;

import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.lancedb.LanceDBManager;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Two prompts an agent (or its user) can pick: what to work on next, and how to work on one item.
 * Both are built from the same data the tools read.
 */
final class Prompts {
  private Prompts() {}

  static List<SyncPromptSpecification> specifications(
      StoreAccess store, Path projectDir, Clock clock) {
    McpSchema.Prompt next =
        new McpSchema.Prompt(
            "jive_next_task",
            "What to work on next",
            "The open tasks whose dependencies are done, most urgent first",
            List.of());
    McpSchema.Prompt work =
        new McpSchema.Prompt(
            "jive_work_on_item",
            "Work on a work item",
            "Context, acceptance criteria and a dependency-ordered plan for one item",
            List.of(
                new McpSchema.PromptArgument(
                    "work_item_id", "A UUID, exact title or keywords", true)));
    return List.of(
        new SyncPromptSpecification(
            next,
            (ex, req) -> {
              try (StoreAccess.Lease lease = store.borrow()) {
                return result("What to work on next", nextTask(lease.store()));
              }
            }),
        new SyncPromptSpecification(
            work,
            (ex, req) -> {
              Object ref = req.arguments() == null ? null : req.arguments().get("work_item_id");
              Map<String, Object> args =
                  ref == null ? Map.of() : Map.of("work_item_id", ref, "action", "prompt");
              try (StoreAccess.Lease lease = store.borrow()) {
                ToolContext ctx =
                    new ToolContext(
                        lease.store(), projectDir, clock, ToolContext.ClientChannel.NONE);
                String text = new ExecuteWorkItemTool().call(new Args(args), ctx).text();
                return result("Work on " + ref, text);
              }
            }));
  }

  private static McpSchema.GetPromptResult result(String description, String text) {
    return new McpSchema.GetPromptResult(
        description,
        List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
  }

  static String nextTask(LanceDBManager store) {
    Project p = new Project(store.allWorkItems());
    List<WorkItem> ready = new ArrayList<>();
    for (WorkItem w : p.byId.values()) {
      boolean leaf = p.children(w.id()).isEmpty();
      boolean open = w.status() == Status.NOT_STARTED || w.status() == Status.IN_PROGRESS;
      boolean unblocked =
          w.dependencies().stream()
              .allMatch(d -> p.get(d).map(x -> x.status() == Status.COMPLETED).orElse(true));
      if (leaf && open && unblocked) {
        ready.add(w);
      }
    }
    ready.sort(
        Comparator.comparing((WorkItem w) -> w.status() != Status.IN_PROGRESS)
            .thenComparing(w -> -w.priority().ordinal())
            .thenComparing(SequenceNumbers.SIBLING_ORDER));
    StringBuilder b = new StringBuilder();
    if (ready.isEmpty()) {
      b.append("No open task is ready: everything is done, blocked or waiting on dependencies.");
      b.append(" Use jive_track_progress action=get_status to see what blocks progress.");
      return b.toString();
    }
    b.append("These tasks are ready to work on (in progress first, then by priority):\n");
    ready.stream().limit(10).forEach(w -> b.append("- ").append(Views.line(w)).append('\n'));
    WorkItem first = ready.get(0);
    b.append("\nSuggested next: '")
        .append(first.title())
        .append("'")
        .append(first.priority() == Priority.CRITICAL ? " (critical)" : "")
        .append(". Call jive_execute_work_item with work_item_id=")
        .append(first.id())
        .append(" and action=guide to start.");
    return b.toString();
  }
}
