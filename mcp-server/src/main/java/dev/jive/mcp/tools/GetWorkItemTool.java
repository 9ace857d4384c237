package dev.jive.mcp.tools;

import dev.jive.core.WorkItem;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code jive_get_work_item}: one item by reference, or a filtered, sorted page of them. */
final class GetWorkItemTool implements JiveTool {
  private static final List<String> SORTS =
      List.of("order_index", "created_date", "updated_date", "priority", "status", "title");

  @Override
  public String name() {
    return "jive_get_work_item";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String format = Views.format(args);
    boolean meta = args.flag("include_metadata", true);
    boolean withChildren = args.flag("include_children", false);
    if (args.has("work_item_id")) {
      WorkItem w =
          References.resolve(ctx.store(), "work_item_id", args.requireText("work_item_id"));
      Map<String, Object> out = Views.result("get", "work_item", Views.item(w, format, meta));
      StringBuilder text = new StringBuilder(Views.block(w, format));
      if (withChildren) {
        List<WorkItem> kids = ctx.store().children(w.id(), false);
        out.put("children", Views.items(kids, format, meta));
        text.append("\nChildren (")
            .append(kids.size())
            .append("):\n")
            .append(Views.lines(kids, "minimal".equals(format) ? format : "summary"));
      }
      return new ToolOutput(out, text.toString());
    }
    Filter filter = Filters.workItems(args.object("filters"));
    WorkItemQuery.SortBy sortBy =
        WorkItemQuery.SortBy.parse(args.choice("sort_by", SORTS, "order_index"));
    boolean asc = args.choice("sort_order", List.of("asc", "desc"), "asc").equals("asc");
    int limit = args.integer("limit", 50, 1, 100);
    int offset = args.integer("offset", 0, 0, Integer.MAX_VALUE);
    List<WorkItem> page =
        ctx.store().listWorkItems(new WorkItemQuery(filter, sortBy, asc, limit, offset));
    long total = ctx.store().countWorkItems(filter);
    List<Map<String, Object>> views = new ArrayList<>();
    for (WorkItem w : page) {
      Map<String, Object> v = Views.item(w, format, meta);
      if (withChildren) {
        v.put("children", Views.items(ctx.store().children(w.id(), false), "minimal", false));
      }
      views.add(v);
    }
    Map<String, Object> out =
        Views.result(
            "list",
            "work_items",
            views,
            "total",
            total,
            "limit",
            limit,
            "offset",
            offset,
            "has_more",
            offset + page.size() < total);
    String text =
        "Work items "
            + (page.isEmpty() ? 0 : offset + 1)
            + "-"
            + (offset + page.size())
            + " of "
            + total
            + ":\n"
            + Views.lines(page, format);
    return new ToolOutput(out, text);
  }
}
