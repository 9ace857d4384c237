package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code jive_track_progress}: records progress (status following it when asked), reports grouped
 * as asked, stored milestones, and analytics computed from the items themselves.
 *
 * <p>The store keeps no separate completion date: a completed item's {@code updated_at} stands for
 * when it was completed, which holds as long as finished items are not edited afterwards.
 */
final class TrackProgressTool implements JiveTool {
  private static final List<String> ACTIONS =
      List.of("track", "get_report", "set_milestone", "get_analytics", "get_status");
  private static final List<String> GROUPS =
      List.of("status", "priority", "type", "assignee", "parent");
  private static final List<String> ANALYSES =
      List.of("comprehensive", "velocity", "burndown", "completion_rate", "bottlenecks", "trends");

  @Override
  public String name() {
    return "jive_track_progress";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.requireChoice("action", ACTIONS);
    return switch (action) {
      case "track" -> track(args, ctx);
      case "get_report" -> report(args, ctx);
      case "set_milestone" -> milestone(args, ctx);
      case "get_analytics" -> analytics(args, ctx);
      default -> status(args, ctx);
    };
  }

  /** The items the call names (work_item_id and/or work_item_ids), resolved for a read. */
  private static List<WorkItem> named(Args args, ToolContext ctx) {
    return named(args, ctx, false);
  }

  /** As {@link #named(Args, ToolContext)}; for a write, a reference must name one item only. */
  private static List<WorkItem> named(Args args, ToolContext ctx, boolean forWrite) {
    List<WorkItem> out = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    args.text("work_item_id")
        .ifPresent(
            r -> {
              fields.add("work_item_id");
              refs.add(r);
            });
    List<String> many = args.texts("work_item_ids");
    for (int i = 0; i < many.size(); i++) {
      fields.add("work_item_ids[" + i + "]");
      refs.add(many.get(i));
    }
    for (int i = 0; i < refs.size(); i++) {
      out.add(
          forWrite
              ? References.resolveForWrite(ctx.store(), fields.get(i), refs.get(i))
              : References.resolve(ctx.store(), fields.get(i), refs.get(i)));
    }
    return out;
  }

  private ToolOutput track(Args args, ToolContext ctx) {
    List<WorkItem> items = named(args, ctx, true);
    if (items.isEmpty()) {
      throw new InvalidInputException("work_item_id", "track needs work_item_id or work_item_ids");
    }
    Args data = args.object("progress_data");
    Double pct = data.number("progress_percentage").orElse(null);
    if (pct != null && (pct < 0 || pct > 100)) {
      throw new InvalidInputException(
          "progress_data.progress_percentage", "must be between 0 and 100, got " + pct);
    }
    String status = data.text("status").map(s -> Status.parse(s).wireName()).orElse(null);
    boolean auto = data.flag("auto_calculate_status", false);
    List<String> blockers = data.texts("blockers");
    if (status == null && auto && pct != null) {
      status =
          !blockers.isEmpty()
              ? "blocked"
              : pct >= 100 ? "completed" : pct > 0 ? "in_progress" : "not_started";
    }
    if (pct == null
        && status == null
        && !data.has("notes")
        && blockers.isEmpty()
        && !data.has("estimated_completion")) {
      throw new InvalidInputException(
          "progress_data",
          "give progress_percentage, status, notes, blockers or estimated_completion");
    }
    List<Map<String, Object>> updated = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (WorkItem w : items) {
      WorkItemPatch patch = WorkItemPatch.empty();
      double progress = pct != null ? pct : w.progress();
      String newStatus = status;
      if (newStatus != null && pct == null) {
        progress = dev.jive.core.rules.ProgressRollup.leafProgress(Status.parse(newStatus));
      }
      if (pct != null || newStatus != null) {
        patch.set("progress", progress);
      }
      if (newStatus != null) {
        patch.set("status", newStatus);
      }
      data.rawText("notes").ifPresent(n -> patch.set("notes", n));
      if (!blockers.isEmpty() || data.has("estimated_completion")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> meta =
            new LinkedHashMap<>((Map<String, Object>) Views.metadata(w.metadata()));
        if (!blockers.isEmpty()) {
          meta.put("blockers", blockers);
        }
        data.instant("estimated_completion")
            .ifPresent(t -> meta.put("estimated_completion", t.toString()));
        patch.set("metadata", Views.json(meta));
      }
      WorkItem after = ctx.store().updateWorkItem(w.id(), patch);
      logProgress(ctx, w, after);
      Map<String, Object> v = Views.item(after, "summary", false);
      v.put("previous_progress", w.progress());
      v.put("previous_status", w.status().wireName());
      if (!ctx.store().children(after.id(), false).isEmpty()) {
        v.put(
            "note",
            "progress of an item with children is the mean of its children's and is recalculated from them");
      }
      updated.add(v);
      text.append(Views.line(after))
          .append(" (was ")
          .append(w.status().wireName())
          .append(", ")
          .append(Math.round(w.progress()))
          .append("%)\n");
    }
    return new ToolOutput(
        Views.result("track", "updated", updated), text.toString().stripTrailing());
  }

  private static void logProgress(ToolContext ctx, WorkItem before, WorkItem after) {
    String id = LanceDBManager.newId();
    ctx.store()
        .logExecution(
            new dev.jive.core.ExecutionLog(
                id,
                id,
                after.id(),
                "progress",
                after.status().wireName(),
                "mcp",
                before.status().wireName()
                    + " "
                    + Math.round(before.progress())
                    + "% -> "
                    + after.status().wireName()
                    + " "
                    + Math.round(after.progress())
                    + "%",
                null,
                0,
                ctx.now(),
                Views.json(
                    Map.of("previous_progress", before.progress(), "progress", after.progress()))));
  }

  /** The items a report or analysis covers: the named items' subtrees, or everything. */
  private static List<WorkItem> scope(Project p, List<WorkItem> named) {
    if (named.isEmpty()) {
      return new ArrayList<>(p.byId.values());
    }
    Map<String, WorkItem> out = new LinkedHashMap<>();
    for (WorkItem w : named) {
      p.subtree(w.id()).forEach(x -> out.put(x.id(), x));
    }
    return new ArrayList<>(out.values());
  }

  private ToolOutput report(Args args, ToolContext ctx) {
    Args config = args.object("report_config");
    String groupBy = config.choice("group_by", GROUPS, "status");
    boolean completed = config.flag("include_completed", true);
    Project p = Project.of(ctx);
    List<WorkItem> items = scope(p, named(args, ctx));
    Function<WorkItem, String> key =
        switch (groupBy) {
          case "priority" -> w -> w.priority().wireName();
          case "type" -> w -> w.itemType().wireName();
          case "assignee" -> w -> w.assignee() == null ? "unassigned" : w.assignee();
          case "parent" ->
              w ->
                  w.isRoot()
                      ? "(top level)"
                      : p.get(w.parentId()).map(WorkItem::title).orElse(w.parentId());
          default -> w -> w.status().wireName();
        };
    Map<String, List<WorkItem>> groups = new TreeMap<>();
    for (WorkItem w : items) {
      if (completed || w.status() != Status.COMPLETED) {
        groups.computeIfAbsent(key.apply(w), k -> new ArrayList<>()).add(w);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    StringBuilder text =
        new StringBuilder("Report by " + groupBy + " (" + items.size() + " item(s)):");
    for (Map.Entry<String, List<WorkItem>> g : groups.entrySet()) {
      double mean = g.getValue().stream().mapToDouble(WorkItem::progress).average().orElse(0);
      long done = g.getValue().stream().filter(w -> w.status() == Status.COMPLETED).count();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group", g.getKey());
      m.put("count", g.getValue().size());
      m.put("completed", done);
      m.put("average_progress", round(mean));
      m.put("items", Views.items(g.getValue(), "minimal", false));
      out.add(m);
      text.append(
          String.format(
              Locale.ROOT,
              "%n- %s: %d item(s), %d completed, %.1f%% average",
              g.getKey(),
              g.getValue().size(),
              done,
              mean));
    }
    return new ToolOutput(
        Views.result(
            "get_report",
            "group_by",
            groupBy,
            "total",
            items.size(),
            "groups",
            out,
            "summary",
            summary(items)),
        text.toString());
  }

  private static Map<String, Object> summary(List<WorkItem> items) {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<String, Long> byStatus = new TreeMap<>();
    for (Status st : Status.values()) {
      byStatus.put(st.wireName(), 0L);
    }
    items.forEach(w -> byStatus.merge(w.status().wireName(), 1L, Long::sum));
    s.put("total", items.size());
    s.put("by_status", byStatus);
    long counted = items.stream().filter(w -> w.status() != Status.CANCELLED).count();
    long done = byStatus.get("completed");
    s.put("completion_rate", counted == 0 ? 0.0 : round(100.0 * done / counted));
    s.put(
        "average_progress",
        round(
            items.stream()
                .filter(w -> w.status() != Status.CANCELLED)
                .mapToDouble(WorkItem::progress)
                .average()
                .orElse(0)));
    return s;
  }

  private ToolOutput milestone(Args args, ToolContext ctx) {
    Args config = args.object("milestone_config");
    String title = config.requireText("title");
    String type = config.choice("milestone_type", Milestones.TYPES, "checkpoint");
    Instant target = config.instant("target_date").orElse(null);
    List<String> tasks = new ArrayList<>();
    List<String> refs = config.texts("associated_tasks");
    for (int i = 0; i < refs.size(); i++) {
      tasks.add(
          References.resolveForWrite(
                  ctx.store(), "milestone_config.associated_tasks[" + i + "]", refs.get(i))
              .id());
    }
    named(args, ctx)
        .forEach(
            w -> {
              if (!tasks.contains(w.id())) {
                tasks.add(w.id());
              }
            });
    Map<String, Object> row = new LinkedHashMap<>();
    String id = config.text("milestone_id").orElse(LanceDBManager.newId());
    row.put("id", id);
    row.put("title", title);
    row.put("milestone_type", type);
    row.put("target_date", target == null ? null : target.toString());
    row.put("description", config.rawText("description").orElse(null));
    row.put("associated_tasks", tasks);
    row.put("created_at", ctx.now().toString());
    row.put("metadata", "{}");
    Milestones.put(ctx.store(), row);
    Map<String, Object> view = milestoneView(row, Project.of(ctx), ctx.now());
    ctx.client().info("milestone " + title + " set");
    return new ToolOutput(
        Views.result("set_milestone", "milestone", view),
        "Milestone '"
            + title
            + "' ("
            + type
            + ")"
            + (target == null ? "" : " due " + target)
            + " with "
            + tasks.size()
            + " task(s), "
            + view.get("progress")
            + "% done");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> milestoneView(
      Map<String, Object> row, Project p, Instant now) {
    Map<String, Object> v = new LinkedHashMap<>(row);
    v.remove("metadata");
    List<String> tasks = (List<String>) row.getOrDefault("associated_tasks", List.of());
    double progress =
        tasks.stream()
            .mapToDouble(t -> p.get(t).map(WorkItem::progress).orElse(0.0))
            .average()
            .orElse(0);
    boolean done =
        !tasks.isEmpty()
            && tasks.stream()
                .allMatch(t -> p.get(t).map(w -> w.status() == Status.COMPLETED).orElse(false));
    v.put("progress", round(progress));
    v.put("completed", done);
    Object target = row.get("target_date");
    v.put("overdue", target != null && !done && Instant.parse(target.toString()).isBefore(now));
    return v;
  }

  private ToolOutput status(Args args, ToolContext ctx) {
    Project p = Project.of(ctx);
    List<WorkItem> named = named(args, ctx);
    List<WorkItem> items = scope(p, named);
    List<Map<String, Object>> milestones = new ArrayList<>();
    for (Map<String, Object> row : Milestones.all(ctx.store())) {
      milestones.add(milestoneView(row, p, ctx.now()));
    }
    milestones.sort(Comparator.comparing(m -> String.valueOf(m.get("target_date"))));
    Map<String, Object> s = summary(items);
    List<WorkItem> blocked = items.stream().filter(w -> w.status() == Status.BLOCKED).toList();
    Map<String, Object> out =
        Views.result(
            "get_status",
            "summary",
            s,
            "items",
            Views.items(named, "summary", false),
            "blocked",
            Views.items(blocked, "minimal", false),
            "milestones",
            milestones);
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%d item(s): %s; %.1f%% complete, %.1f%% average progress",
            items.size(),
            s.get("by_status"),
            s.get("completion_rate"),
            s.get("average_progress")));
    named.forEach(w -> text.append('\n').append(Views.line(w)));
    if (!blocked.isEmpty()) {
      text.append("\nBlocked:");
      blocked.forEach(w -> text.append("\n- ").append(Views.line(w)));
    }
    for (Map<String, Object> m : milestones) {
      text.append(
          String.format(
              Locale.ROOT,
              "%nMilestone %s (%s) %s%% done%s",
              m.get("title"),
              m.get("milestone_type"),
              m.get("progress"),
              Boolean.TRUE.equals(m.get("overdue")) ? ", OVERDUE" : ""));
    }
    return new ToolOutput(out, text.toString());
  }

  private ToolOutput analytics(Args args, ToolContext ctx) {
    Args config = args.object("analytics_config");
    String type = config.choice("analysis_type", ANALYSES, "comprehensive");
    int days = config.integer("time_period_days", 28, 1, 3650);
    Project p = Project.of(ctx);
    List<WorkItem> items = scope(p, named(args, ctx));
    Instant now = ctx.now();
    Instant from = now.minus(Duration.ofDays(days));
    boolean all = type.equals("comprehensive");
    Map<String, Object> out =
        Views.result(
            "get_analytics",
            "analysis_type",
            type,
            "time_period_days",
            days,
            "items_analysed",
            items.size());
    StringBuilder text =
        new StringBuilder("Analytics over " + items.size() + " item(s), last " + days + " day(s):");
    int steps = all ? 5 : 1;
    int step = 0;
    if (all || type.equals("velocity")) {
      ctx.client().progress(step++, steps, "velocity");
      Map<String, Object> v = velocity(items, from, now, days);
      out.put("velocity", v);
      text.append(
          String.format(
              Locale.ROOT,
              "%nVelocity: %s item(s) completed, %.2f per week",
              v.get("completed_in_period"),
              v.get("per_week")));
    }
    if (all || type.equals("burndown")) {
      ctx.client().progress(step++, steps, "burndown");
      List<Map<String, Object>> b = burndown(items, from, now, days);
      out.put("burndown", b);
      text.append("\nBurndown: ")
          .append(b.isEmpty() ? 0 : b.get(0).get("remaining"))
          .append(" open at the start, ")
          .append(b.isEmpty() ? 0 : b.get(b.size() - 1).get("remaining"))
          .append(" now");
    }
    if (all || type.equals("completion_rate")) {
      ctx.client().progress(step++, steps, "completion rate");
      Map<String, Object> c = completionRate(items);
      out.put("completion_rate", c);
      text.append("\nCompletion rate: ")
          .append(c.get("overall"))
          .append("% (by type ")
          .append(c.get("by_type"))
          .append(")");
    }
    if (all || type.equals("bottlenecks")) {
      ctx.client().progress(step++, steps, "bottlenecks");
      List<Map<String, Object>> b = bottlenecks(p, items, now);
      out.put("bottlenecks", b);
      text.append("\nBottlenecks: ").append(b.size());
      b.stream()
          .limit(5)
          .forEach(
              m -> text.append("\n- ").append(m.get("title")).append(": ").append(m.get("reason")));
    }
    if (all || type.equals("trends")) {
      ctx.client().progress(step++, steps, "trends");
      List<Map<String, Object>> t = trends(items, from, now);
      out.put("trends", t);
      text.append("\nTrends (created/completed per week): ");
      t.forEach(
          w ->
              text.append(w.get("week_start"))
                  .append(" +")
                  .append(w.get("created"))
                  .append("/-")
                  .append(w.get("completed"))
                  .append("  "));
    }
    ctx.client().progress(steps, steps, "done");
    return new ToolOutput(out, text.toString().stripTrailing());
  }

  private static boolean completedBetween(WorkItem w, Instant from, Instant to) {
    return w.status() == Status.COMPLETED
        && w.updatedAt() != null
        && !w.updatedAt().isBefore(from)
        && !w.updatedAt().isAfter(to);
  }

  private static Map<String, Object> velocity(
      List<WorkItem> items, Instant from, Instant now, int days) {
    List<WorkItem> done = items.stream().filter(w -> completedBetween(w, from, now)).toList();
    double hours =
        done.stream()
            .mapToDouble(
                w ->
                    w.actualHours() != null
                        ? w.actualHours()
                        : w.estimatedHours() != null ? w.estimatedHours() : 0)
            .sum();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("completed_in_period", done.size());
    v.put("per_week", round(done.size() * 7.0 / days));
    v.put("per_day", round(done.size() / (double) days));
    v.put("hours_completed", round(hours));
    Map<String, Long> byType = new TreeMap<>();
    done.forEach(w -> byType.merge(w.itemType().wireName(), 1L, Long::sum));
    v.put("by_type", byType);
    return v;
  }

  private static List<Map<String, Object>> burndown(
      List<WorkItem> items, Instant from, Instant now, int days) {
    int stride = Math.max(1, days / 30);
    List<Map<String, Object>> out = new ArrayList<>();
    LocalDate start = from.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate end = now.atZone(ZoneOffset.UTC).toLocalDate();
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(stride)) {
      Instant at = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant cut = at.isAfter(now) ? now : at;
      long remaining =
          items.stream()
              .filter(w -> w.status() != Status.CANCELLED)
              .filter(w -> w.createdAt() == null || !w.createdAt().isAfter(cut))
              .filter(
                  w ->
                      !(w.status() == Status.COMPLETED
                          && w.updatedAt() != null
                          && !w.updatedAt().isAfter(cut)))
              .count();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("date", d.toString());
      m.put("remaining", remaining);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> completionRate(List<WorkItem> items) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("overall", summary(items).get("completion_rate"));
    Map<String, Double> byType = new TreeMap<>();
    for (WorkItemType t : WorkItemType.values()) {
      List<WorkItem> of =
          items.stream().filter(w -> w.itemType() == t && w.status() != Status.CANCELLED).toList();
      if (!of.isEmpty()) {
        byType.put(
            t.wireName(),
            round(
                100.0
                    * of.stream().filter(w -> w.status() == Status.COMPLETED).count()
                    / of.size()));
      }
    }
    c.put("by_type", byType);
    c.put("cancelled", items.stream().filter(w -> w.status() == Status.CANCELLED).count());
    return c;
  }

  private static List<Map<String, Object>> bottlenecks(
      Project p, List<WorkItem> items, Instant now) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WorkItem w : items) {
      if (!Project.isOpen(w)) {
        continue;
      }
      long waiting = p.dependents(w.id()).stream().filter(Project::isOpen).count();
      String reason = null;
      if (w.status() == Status.BLOCKED) {
        reason = "blocked" + (waiting > 0 ? ", holding up " + waiting + " item(s)" : "");
      } else if (waiting >= 2) {
        reason = "not finished and " + waiting + " open item(s) depend on it";
      } else if (w.status() == Status.IN_PROGRESS
          && w.updatedAt() != null
          && w.updatedAt().isBefore(now.minus(14, ChronoUnit.DAYS))) {
        reason =
            "in progress with no update for "
                + Duration.between(w.updatedAt(), now).toDays()
                + " day(s)";
      }
      if (reason != null) {
        Map<String, Object> m = Views.item(w, "minimal", false);
        m.put("reason", reason);
        m.put("dependents_waiting", waiting);
        out.add(m);
      }
    }
    out.sort(
        Comparator.comparing(
                (Map<String, Object> m) -> -((Number) m.get("dependents_waiting")).longValue())
            .thenComparing(m -> String.valueOf(m.get("id"))));
    return out;
  }

  private static List<Map<String, Object>> trends(List<WorkItem> items, Instant from, Instant now) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Instant week = from; week.isBefore(now); week = week.plus(Duration.ofDays(7))) {
      Instant weekStart = week;
      Instant weekEnd = week.plus(Duration.ofDays(7));
      long created =
          items.stream()
              .filter(
                  w ->
                      w.createdAt() != null
                          && !w.createdAt().isBefore(weekStart)
                          && w.createdAt().isBefore(weekEnd))
              .count();
      long completed =
          items.stream().filter(w -> completedBetween(w, weekStart, weekEnd.minusNanos(1))).count();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("week_start", weekStart.atZone(ZoneOffset.UTC).toLocalDate().toString());
      m.put("created", created);
      m.put("completed", completed);
      out.add(m);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
