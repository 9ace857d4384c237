package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code jive_manage_work_item}: create, update and delete under the hierarchy rules. */
final class ManageWorkItemTool implements JiveTool {
  private static final List<String> ACTIONS = List.of("create", "update", "delete");

  /** Tool argument to WorkItem field, for the fields create and update both take. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("title", "title");
    FIELDS.put("description", "description");
    FIELDS.put("type", "item_type");
    FIELDS.put("status", "status");
    FIELDS.put("priority", "priority");
    FIELDS.put("context_tags", "context_tags");
    FIELDS.put("complexity", "complexity");
    FIELDS.put("notes", "notes");
    FIELDS.put("acceptance_criteria", "acceptance_criteria");
    FIELDS.put("tags", "tags");
    FIELDS.put("assignee", "assignee");
    FIELDS.put("estimated_hours", "estimated_hours");
    FIELDS.put("actual_hours", "actual_hours");
    FIELDS.put("execution_instructions", "execution_instructions");
  }

  @Override
  public String name() {
    return "jive_manage_work_item";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.requireChoice("action", ACTIONS);
    return switch (action) {
      case "create" -> create(args, ctx);
      case "update" -> update(args, ctx);
      default -> delete(args, ctx);
    };
  }

  private ToolOutput create(Args args, ToolContext ctx) {
    args.requireText("type");
    args.requireText("title");
    Map<String, Object> fields = fields(args);
    fields.putIfAbsent("status", "not_started");
    fields.putIfAbsent("priority", "medium");
    args.text("parent_id")
        .ifPresent(
            p ->
                fields.put(
                    "parent_id", References.resolveForWrite(ctx.store(), "parent_id", p).id()));
    WorkItem created = ctx.store().createWorkItem(LanceDBManager.workItemFromFields(fields));
    ctx.client().info("created " + created.itemType().wireName() + " " + created.id());
    return new ToolOutput(
        Views.result("create", "work_item", Views.item(created, "detailed", true)),
        "Created " + Views.block(created, "detailed"));
  }

  private ToolOutput update(Args args, ToolContext ctx) {
    WorkItem current =
        References.resolveForWrite(ctx.store(), "work_item_id", args.requireText("work_item_id"));
    Map<String, Object> fields = fields(args);
    if (args.raw().containsKey("parent_id")) {
      String p = args.text("parent_id").orElse(null);
      fields.put(
          "parent_id",
          p == null ? null : References.resolveForWrite(ctx.store(), "parent_id", p).id());
    }
    if (fields.isEmpty()) {
      throw new InvalidInputException(
          "action", "update needs at least one field to change (title, status, priority, ...)");
    }
    WorkItem updated = ctx.store().updateWorkItem(current.id(), WorkItemPatch.of(fields));
    ctx.client().info("updated work item " + updated.id() + ": " + fields.keySet());
    return new ToolOutput(
        Views.result(
            "update",
            "work_item",
            Views.item(updated, "detailed", true),
            "changed_fields",
            List.copyOf(fields.keySet())),
        "Updated " + fields.keySet() + " of " + Views.block(updated, "detailed"));
  }

  private ToolOutput delete(Args args, ToolContext ctx) {
    WorkItem item =
        References.resolveExactly(ctx.store(), "work_item_id", args.requireText("work_item_id"));
    boolean withChildren = args.flag("delete_children", false);
    List<String> deleted = ctx.store().deleteWorkItem(item.id(), withChildren);
    ctx.client().info("deleted " + deleted.size() + " work item(s) from " + item.id());
    return new ToolOutput(
        Views.result("delete", "deleted_ids", deleted, "deleted_count", deleted.size()),
        "Deleted '"
            + item.title()
            + "'"
            + (deleted.size() > 1 ? " and " + (deleted.size() - 1) + " descendant(s)" : "")
            + ": "
            + String.join(", ", deleted));
  }

  /** The given arguments as WorkItem fields; absent ones are left out (a partial update). */
  private static Map<String, Object> fields(Args args) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : FIELDS.entrySet()) {
      String arg = e.getKey();
      if (!args.raw().containsKey(arg) || args.raw().get(arg) == null) {
        continue;
      }
      Object value =
          switch (arg) {
            case "context_tags", "acceptance_criteria", "tags" -> args.texts(arg);
            case "estimated_hours", "actual_hours" -> args.number(arg).orElse(null);
            case "description", "notes" -> args.rawText(arg).orElse(null);
            default -> args.text(arg).orElse(null);
          };
      out.put(e.getValue(), value);
    }
    return out;
  }
}
