package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code jive_reorder_work_items}: reorder siblings, move an item under another parent (hierarchy
 * checked), swap two siblings, or renumber everything. Order lives in {@code order_index}; the
 * sequence numbers ("1.2.1") are regenerated after each change.
 */
final class ReorderWorkItemsTool implements JiveTool {
  private static final List<String> ACTIONS = List.of("reorder", "move", "swap", "recalculate");

  @Override
  public String name() {
    return "jive_reorder_work_items";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    String action = args.requireChoice("action", ACTIONS);
    return switch (action) {
      case "reorder" -> reorder(args, ctx);
      case "move" -> move(args, ctx);
      case "swap" -> swap(args, ctx);
      default -> recalculate(ctx);
    };
  }

  private ToolOutput reorder(Args args, ToolContext ctx) {
    List<String> refs = args.texts("work_item_ids");
    if (refs.isEmpty()) {
      throw new InvalidInputException(
          "work_item_ids", "reorder needs the sibling ids in their new order");
    }
    List<WorkItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < refs.size(); i++) {
      WorkItem w = References.resolveForWrite(ctx.store(), "work_item_ids[" + i + "]", refs.get(i));
      if (!seen.add(w.id())) {
        throw new InvalidInputException("work_item_ids[" + i + "]", "names " + w.id() + " twice");
      }
      items.add(w);
    }
    String parent = items.get(0).parentId();
    if (args.has("parent_id")) {
      parent =
          References.resolveForWrite(ctx.store(), "parent_id", args.requireText("parent_id")).id();
    }
    for (int i = 0; i < items.size(); i++) {
      if (!Objects.equals(blankToNull(items.get(i).parentId()), blankToNull(parent))) {
        throw new InvalidInputException(
            "work_item_ids[" + i + "]",
            "'"
                + items.get(i).title()
                + "' is not a child of "
                + (parent == null ? "the top level" : parent)
                + "; reorder only reorders siblings (use action=move to change a parent)");
      }
    }
    // The named items take the first places, in the given order; the other siblings follow in
    // their current order.
    List<WorkItem> siblings = siblings(ctx, parent);
    List<WorkItem> order = new ArrayList<>(items);
    for (WorkItem s : siblings) {
      if (!seen.contains(s.id())) {
        order.add(s);
      }
    }
    Map<String, Integer> changed = orderOf(order);
    Map<String, String> numbers = ctx.store().reorder(changed);
    List<WorkItem> after = siblings(ctx, parent);
    return new ToolOutput(
        Views.result(
            "reorder",
            "order",
            Views.items(after, "summary", false),
            "changed_count",
            changed.size(),
            "renumbered",
            numbers.size()),
        "New order:\n" + Views.lines(after, "summary"));
  }

  private ToolOutput move(Args args, ToolContext ctx) {
    WorkItem item =
        References.resolveForWrite(ctx.store(), "work_item_id", args.requireText("work_item_id"));
    String newParent =
        args.text("new_parent_id")
            .map(r -> References.resolveForWrite(ctx.store(), "new_parent_id", r).id())
            .orElse(null);
    if (newParent != null && newParent.equals(item.id())) {
      throw new InvalidInputException("new_parent_id", "an item cannot be its own parent");
    }
    WorkItem moved = item;
    if (!Objects.equals(blankToNull(item.parentId()), newParent)) {
      moved =
          ctx.store().updateWorkItem(item.id(), WorkItemPatch.empty().set("parent_id", newParent));
    }
    List<WorkItem> siblings = new ArrayList<>(siblings(ctx, newParent));
    siblings.removeIf(w -> w.id().equals(item.id()));
    int position = args.integer("position", siblings.size(), 0, Integer.MAX_VALUE);
    siblings.add(Math.min(position, siblings.size()), moved);
    Map<String, Integer> order = orderOf(siblings);
    if (!Objects.equals(blankToNull(item.parentId()), newParent)) {
      order.putAll(orderOf(siblings(ctx, blankToNull(item.parentId()))));
    }
    // The move was one commit; the new order of both sibling lists and the numbers are another.
    ctx.store().reorder(order);
    WorkItem after = ctx.store().findById(item.id()).orElseThrow();
    return new ToolOutput(
        Views.result(
            "move",
            "work_item",
            Views.item(after, "summary", false),
            "previous_parent_id",
            item.parentId(),
            "new_parent_id",
            newParent),
        "Moved "
            + Views.line(after)
            + " under "
            + (newParent == null ? "the top level" : newParent));
  }

  private ToolOutput swap(Args args, ToolContext ctx) {
    WorkItem a =
        References.resolveForWrite(
            ctx.store(), "work_item_id_1", args.requireText("work_item_id_1"));
    WorkItem b =
        References.resolveForWrite(
            ctx.store(), "work_item_id_2", args.requireText("work_item_id_2"));
    if (a.id().equals(b.id())) {
      throw new InvalidInputException("work_item_id_2", "names the same item as work_item_id_1");
    }
    if (!Objects.equals(blankToNull(a.parentId()), blankToNull(b.parentId()))) {
      throw new InvalidInputException(
          "work_item_id_2",
          "swap needs two siblings; '"
              + a.title()
              + "' and '"
              + b.title()
              + "' have different parents (use action=move)");
    }
    List<WorkItem> siblings = new ArrayList<>(siblings(ctx, blankToNull(a.parentId())));
    int i = indexOf(siblings, a.id());
    int j = indexOf(siblings, b.id());
    siblings.set(i, b);
    siblings.set(j, a);
    ctx.store().reorder(orderOf(siblings));
    List<WorkItem> after = siblings(ctx, blankToNull(a.parentId()));
    return new ToolOutput(
        Views.result("swap", "order", Views.items(after, "summary", false)),
        "Swapped '" + a.title() + "' and '" + b.title() + "':\n" + Views.lines(after, "summary"));
  }

  private ToolOutput recalculate(ToolContext ctx) {
    Project p = Project.of(ctx);
    Map<String, Integer> order = orderOf(p.roots());
    for (WorkItem w : p.byId.values()) {
      order.putAll(orderOf(p.children(w.id())));
    }
    int changed = order.size();
    Map<String, String> numbers = ctx.store().reorder(order);
    return new ToolOutput(
        Views.result(
            "recalculate",
            "order_indexes_changed",
            changed,
            "sequence_numbers_changed",
            numbers.size()),
        "Renumbered: "
            + changed
            + " order index(es) and "
            + numbers.size()
            + " sequence number(s) changed");
  }

  private static int indexOf(List<WorkItem> items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException(id + " is not among its siblings");
  }

  private static List<WorkItem> siblings(ToolContext ctx, String parent) {
    if (parent == null) {
      return Project.of(ctx).roots();
    }
    return ctx.store().children(parent, false);
  }

  /** Gives the items order_index 0, 1, 2... in list order; writes only those that change. */
  /** The order indexes that differ from the positions in {@code ordered}. */
  private static Map<String, Integer> orderOf(List<WorkItem> ordered) {
    Map<String, Integer> changed = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).orderIndex() != i) {
        changed.put(ordered.get(i).id(), i);
      }
    }
    return changed;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
