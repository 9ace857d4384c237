package dev.jive.mcp.tools;

import dev.jive.core.ArchitectureMemory;
import dev.jive.core.ExecutionLog;
import dev.jive.core.NotFoundException;
import dev.jive.core.Status;
import dev.jive.core.TroubleshootMemory;
import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code jive_execute_work_item}. There is no executor: the agent does the work. This tool gives it
 * dependency-ordered plans, guidance and prompt text, and keeps each execution's status in the
 * {@code ExecutionLog} table (action {@code execute}, metadata {@code execution_id}).
 */
final class ExecuteWorkItemTool implements JiveTool {
  private static final List<String> ACTIONS =
      List.of("execute", "status", "cancel", "validate", "plan", "guide", "instruct", "prompt");
  private static final List<String> MODES =
      List.of("autonomous", "guided", "validation_only", "dry_run");

  @Override
  public String name() {
    return "jive_execute_work_item";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.choice("action", ACTIONS, "execute");
    String ref = args.requireText("work_item_id");
    WorkItem item =
        action.equals("execute") || action.equals("cancel")
            ? References.resolveForWrite(ctx.store(), "work_item_id", ref)
            : References.resolve(ctx.store(), "work_item_id", ref);
    String order =
        args.object("workflow_config").choice("execution_order", Plan.ORDERS, "dependency_based");
    return switch (action) {
      case "plan" -> plan(item, order, ctx);
      case "validate" -> validate(item, order, ctx);
      case "guide" -> guide(item, ctx);
      case "instruct" -> instruct(item, order, ctx);
      case "prompt" -> prompt(item, order, ctx);
      case "status" -> status(item, args, ctx);
      case "cancel" -> cancel(item, args, ctx);
      default -> execute(item, order, args, ctx);
    };
  }

  private ToolOutput plan(WorkItem item, String order, ToolContext ctx) {
    Plan plan = Plan.of(Project.of(ctx), item, order);
    return new ToolOutput(
        planResult("plan", item, plan),
        "Plan for '" + item.title() + "' (" + order + "):\n" + plan.render());
  }

  private static Map<String, Object> planResult(String action, WorkItem item, Plan plan) {
    int waves = plan.steps().stream().mapToInt(Plan.Step::wave).max().orElse(0);
    return Views.result(
        action,
        "work_item",
        Views.item(item, "summary", false),
        "execution_order",
        plan.order(),
        "steps",
        plan.stepViews(),
        "total_steps",
        plan.steps().size(),
        "waves",
        waves,
        "external_blockers",
        plan.externalBlockers());
  }

  /** What stands in the way of starting: unfinished dependencies, a finished item, a cycle. */
  private static List<String> readiness(WorkItem item, Project p, Plan plan) {
    List<String> issues = new ArrayList<>();
    if (item.status() == Status.COMPLETED) {
      issues.add("the item is already completed");
    }
    if (item.status() == Status.CANCELLED) {
      issues.add("the item is cancelled");
    }
    plan.externalBlockers()
        .forEach(
            (id, deps) -> {
              for (String d : deps) {
                String title = p.get(d).map(WorkItem::title).orElse("a missing item");
                String status = p.get(d).map(w -> w.status().wireName()).orElse("missing");
                issues.add(
                    p.get(id).map(WorkItem::title).orElse(id)
                        + " waits for '"
                        + title
                        + "' ("
                        + d
                        + ", "
                        + status
                        + ")");
              }
            });
    return issues;
  }

  private ToolOutput validate(WorkItem item, String order, ToolContext ctx) {
    Project p = Project.of(ctx);
    Plan plan = Plan.of(p, item, order);
    List<String> issues = readiness(item, p, plan);
    List<String> warnings = new ArrayList<>();
    for (Plan.Step s : plan.steps()) {
      if (s.item().acceptanceCriteria().isEmpty() && p.children(s.item().id()).isEmpty()) {
        warnings.add("'" + s.item().title() + "' has no acceptance criteria");
      }
    }
    Map<String, Object> out =
        Views.result("validate", "ready", issues.isEmpty(), "issues", issues, "warnings", warnings);
    out.put("total_steps", plan.steps().size());
    String text =
        (issues.isEmpty() ? "Ready to execute '" : "Not ready to execute '")
            + item.title()
            + "'"
            + (issues.isEmpty() ? "" : ":\n- " + String.join("\n- ", issues))
            + (warnings.isEmpty() ? "" : "\nWarnings:\n- " + String.join("\n- ", warnings));
    return new ToolOutput(out, text);
  }

  private ToolOutput execute(WorkItem item, String order, Args args, ToolContext ctx) {
    String mode = args.choice("execution_mode", MODES, "autonomous");
    Project p = Project.of(ctx);
    Plan plan = Plan.of(p, item, order);
    List<String> issues = readiness(item, p, plan);
    if (mode.equals("validation_only") || mode.equals("dry_run") || !issues.isEmpty()) {
      Map<String, Object> out = planResult("execute", item, plan);
      out.put("execution_mode", mode);
      out.put("started", false);
      out.put("ready", issues.isEmpty());
      out.put("issues", issues);
      String why =
          issues.isEmpty()
              ? "Nothing was started (" + mode + "). The plan:\n"
              : "Not started:\n- " + String.join("\n- ", issues) + "\nThe plan:\n";
      return new ToolOutput(out, why + plan.render());
    }
    String executionId = UUID.randomUUID().toString();
    List<String> stepIds = plan.steps().stream().map(s -> s.item().id()).toList();
    record(
        ctx,
        item,
        executionId,
        "execute",
        "started",
        mode + " execution of " + stepIds.size() + " step(s)",
        mode,
        stepIds);
    WorkItem started = item;
    if (item.status() == Status.NOT_STARTED || item.status() == Status.BLOCKED) {
      started =
          ctx.store().updateWorkItem(item.id(), WorkItemPatch.empty().set("status", "in_progress"));
    }
    Map<String, Object> out = planResult("execute", started, plan);
    out.put("execution_id", executionId);
    out.put("execution_mode", mode);
    out.put("started", true);
    out.put("instructions", instructions(started, plan, mode));
    ctx.client().info("execution " + executionId + " started for " + item.id());
    return new ToolOutput(
        out,
        "Execution "
            + executionId
            + " started ("
            + mode
            + "). Work through the steps in order; report progress with jive_track_progress.\n"
            + plan.render());
  }

  private void record(
      ToolContext ctx,
      WorkItem item,
      String executionId,
      String action,
      String status,
      String details,
      String mode,
      List<String> steps) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("execution_id", executionId);
    if (mode != null) {
      meta.put("execution_mode", mode);
    }
    if (steps != null) {
      meta.put("steps", steps);
    }
    String id = LanceDBManager.newId();
    ctx.store()
        .logExecution(
            new ExecutionLog(
                id,
                id,
                item.id(),
                action,
                status,
                "mcp",
                details,
                null,
                0,
                ctx.now(),
                Views.json(meta)));
  }

  /** The logs of one execution (or of the item's latest one), newest first. */
  private static List<ExecutionLog> executionLogs(
      WorkItem item, String executionId, ToolContext ctx) {
    List<ExecutionLog> all = ctx.store().getExecutionLogs(item.id(), 1000);
    String wanted = executionId;
    if (wanted == null) {
      for (ExecutionLog l : all) {
        Object id = executionIdOf(l);
        if (id != null) {
          wanted = id.toString();
          break;
        }
      }
    }
    if (wanted == null) {
      throw new NotFoundException(
          "work item " + item.id() + " has no recorded execution; start one with action=execute");
    }
    List<ExecutionLog> out = new ArrayList<>();
    for (ExecutionLog l : all) {
      if (wanted.equals(executionIdOf(l))) {
        out.add(l);
      }
    }
    if (out.isEmpty()) {
      throw new NotFoundException(
          "execution_id: no execution " + wanted + " is recorded for work item " + item.id());
    }
    return out;
  }

  private static Object executionIdOf(ExecutionLog l) {
    Object meta = Views.metadata(l.metadata());
    return meta instanceof Map<?, ?> m ? m.get("execution_id") : null;
  }

  private ToolOutput status(WorkItem item, Args args, ToolContext ctx) {
    List<ExecutionLog> logs = executionLogs(item, args.text("execution_id").orElse(null), ctx);
    ExecutionLog latest = logs.get(0);
    List<Map<String, Object>> history = new ArrayList<>();
    for (ExecutionLog l : logs) {
      history.add(
          Map.of(
              "action", l.action(),
              "status", l.status(),
              "details", l.details(),
              "timestamp", l.timestamp().toString()));
    }
    WorkItem fresh = ctx.store().findById(item.id()).orElse(item);
    Map<String, Object> out =
        Views.result(
            "status",
            "execution_id",
            String.valueOf(executionIdOf(latest)),
            "execution_status",
            latest.status(),
            "work_item",
            Views.item(fresh, "summary", false),
            "history",
            history);
    return new ToolOutput(
        out,
        "Execution "
            + executionIdOf(latest)
            + ": "
            + latest.status()
            + "; the item is "
            + fresh.status().wireName()
            + " at "
            + Math.round(fresh.progress())
            + "%");
  }

  private ToolOutput cancel(WorkItem item, Args args, ToolContext ctx) {
    List<ExecutionLog> logs = executionLogs(item, args.text("execution_id").orElse(null), ctx);
    String executionId = String.valueOf(executionIdOf(logs.get(0)));
    String previous = logs.get(0).status();
    if (previous.equals("cancelled")) {
      return new ToolOutput(
          Views.result(
              "cancel",
              "execution_id",
              executionId,
              "execution_status",
              "cancelled",
              "changed",
              false),
          "Execution " + executionId + " was already cancelled");
    }
    record(ctx, item, executionId, "cancel", "cancelled", "cancelled by the agent", null, null);
    ctx.client().info("execution " + executionId + " cancelled");
    return new ToolOutput(
        Views.result(
            "cancel",
            "execution_id",
            executionId,
            "execution_status",
            "cancelled",
            "changed",
            true),
        "Execution " + executionId + " cancelled (it was " + previous + ")");
  }

  private ToolOutput guide(WorkItem item, ToolContext ctx) {
    Project p = Project.of(ctx);
    Map<String, Object> out =
        Views.result("guide", "work_item", Views.item(item, "detailed", false));
    List<String> context = new ArrayList<>();
    List<Project.Leveled> up = p.ancestors(item.id(), 10);
    for (int i = up.size() - 1; i >= 0; i--) {
      context.add(up.get(i).item().itemType().wireName() + ": " + up.get(i).item().title());
    }
    out.put("context", context);
    List<String> deps = new ArrayList<>();
    for (String d : item.dependencies()) {
      deps.add(
          p.get(d)
              .map(w -> w.title() + " (" + w.status().wireName() + ")")
              .orElse(d + " (missing)"));
    }
    out.put("dependencies", deps);
    List<Map<String, Object>> architecture = new ArrayList<>();
    List<Map<String, Object>> troubleshooting = new ArrayList<>();
    String query = item.embeddingText();
    if (!query.isBlank()) {
      for (SearchHit<ArchitectureMemory> h :
          ctx.store().searchArchitectureMemories(SearchRequest.of(query, SearchType.SEMANTIC, 3))) {
        Map<String, Object> v = Views.architecture(h.item());
        v.put("score", h.score());
        architecture.add(v);
      }
      for (SearchHit<TroubleshootMemory> h :
          ctx.store().searchTroubleshootMemories(SearchRequest.of(query, SearchType.SEMANTIC, 2))) {
        Map<String, Object> v = Views.troubleshoot(h.item());
        v.put("score", h.score());
        troubleshooting.add(v);
      }
    }
    out.put("architecture_memories", architecture);
    out.put("troubleshoot_memories", troubleshooting);
    StringBuilder t = new StringBuilder();
    t.append("# ")
        .append(item.title())
        .append(" (")
        .append(item.itemType().wireName())
        .append(")\n");
    if (!context.isEmpty()) {
      t.append("Part of: ").append(String.join(" > ", context)).append('\n');
    }
    if (!item.description().isBlank()) {
      t.append('\n').append(item.description()).append('\n');
    }
    if (!item.acceptanceCriteria().isEmpty()) {
      t.append("\nDone when:\n");
      item.acceptanceCriteria().forEach(c -> t.append("- ").append(c).append('\n'));
    }
    if (!deps.isEmpty()) {
      t.append("\nDepends on:\n");
      deps.forEach(d -> t.append("- ").append(d).append('\n'));
    }
    if (item.notes() != null && !item.notes().isBlank()) {
      t.append("\nNotes: ").append(item.notes()).append('\n');
    }
    appendMemories(t, "Relevant architecture memories", architecture);
    appendMemories(t, "Known problems nearby", troubleshooting);
    return new ToolOutput(out, t.toString().stripTrailing());
  }

  private static void appendMemories(
      StringBuilder t, String heading, List<Map<String, Object>> memories) {
    if (!memories.isEmpty()) {
      t.append('\n').append(heading).append(":\n");
      memories.forEach(
          m ->
              t.append("- ")
                  .append(m.get("slug"))
                  .append(": ")
                  .append(m.get("title"))
                  .append('\n'));
    }
  }

  private static List<String> instructions(WorkItem item, Plan plan, String mode) {
    List<String> out = new ArrayList<>();
    for (Plan.Step s : plan.steps()) {
      StringBuilder b = new StringBuilder();
      b.append("Step ").append(s.step()).append(": ");
      boolean container =
          !s.after().isEmpty() && s.item().itemType() != dev.jive.core.WorkItemType.TASK;
      b.append(container ? "Check that '" : "Complete '").append(s.item().title()).append("'");
      if (!s.item().acceptanceCriteria().isEmpty()) {
        b.append(" so that: ").append(String.join("; ", s.item().acceptanceCriteria()));
      } else if (!s.item().description().isBlank()) {
        b.append(": ").append(s.item().description());
      }
      if (s.item().executionInstructions() != null && !s.item().executionInstructions().isBlank()) {
        b.append(" (").append(s.item().executionInstructions()).append(")");
      }
      b.append(". Then call jive_track_progress action=track work_item_id=")
          .append(s.item().id())
          .append(" with progress_data.status=completed.");
      if (mode.equals("guided")) {
        b.append(" Ask the user to confirm before the next step.");
      }
      out.add(b.toString());
    }
    if (out.isEmpty()) {
      out.add("Nothing is left to do under '" + item.title() + "'.");
    }
    return out;
  }

  private ToolOutput instruct(WorkItem item, String order, ToolContext ctx) {
    Plan plan = Plan.of(Project.of(ctx), item, order);
    List<String> steps = instructions(item, plan, "autonomous");
    return new ToolOutput(
        Views.result("instruct", "work_item_id", item.id(), "instructions", steps),
        String.join("\n", steps));
  }

  private ToolOutput prompt(WorkItem item, String order, ToolContext ctx) {
    String guide = guide(item, ctx).text();
    Plan plan = Plan.of(Project.of(ctx), item, order);
    String prompt =
        "You are implementing the following work item. Follow the plan in order, meet every"
            + " acceptance criterion, and record progress with jive_track_progress after each"
            + " step.\n\n"
            + guide
            + "\n\n## Plan\n"
            + String.join("\n", instructions(item, plan, "autonomous"));
    return new ToolOutput(
        Views.result("prompt", "work_item_id", item.id(), "prompt", prompt), prompt);
  }
}
