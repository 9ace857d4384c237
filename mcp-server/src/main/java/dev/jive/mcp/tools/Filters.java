package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.Priority;
import dev.jive.core.Status;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import dev.jive.core.search.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The tools' {@code filters} objects as typed filters. Values are parsed into enums or instants
 * first and rendered by the store's escaping renderer; nothing an agent sends reaches a query
 * string as it was written.
 */
final class Filters {
  private Filters() {}

  /** type[], status[], priority[] (search and list), plus the list-only keys when present. */
  static Filter workItems(Args f) {
    List<Filter> parts = new ArrayList<>();
    enumList(f, "type", "item_type", t -> WorkItemType.parse(t).wireName(), parts);
    enumList(f, "status", "status", t -> Status.parse(t).wireName(), parts);
    enumList(f, "priority", "priority", t -> Priority.parse(t).wireName(), parts);
    f.text("parent_id").ifPresent(p -> parts.add(Filter.eq("parent_id", p)));
    List<String> tags = f.texts("tags");
    if (!tags.isEmpty()) {
      parts.add(Filter.hasAny("tags", tags));
    }
    f.text("assignee").ifPresent(a -> parts.add(Filter.eq("assignee", a)));
    f.instant("created_after")
        .ifPresent(t -> parts.add(Filter.compare("created_at", Operator.GT, t)));
    f.instant("created_before")
        .ifPresent(t -> parts.add(Filter.compare("created_at", Operator.LT, t)));
    f.instant("updated_after")
        .ifPresent(t -> parts.add(Filter.compare("updated_at", Operator.GT, t)));
    return parts.isEmpty() ? Filter.matchAll() : Filter.and(parts.toArray(Filter[]::new));
  }

  private static void enumList(
      Args f, String arg, String field, Function<String, String> parse, List<Filter> parts) {
    List<String> raw = f.texts(arg);
    if (raw.isEmpty()) {
      return;
    }
    List<String> values = new ArrayList<>();
    for (String r : raw) {
      try {
        values.add(parse.apply(r));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("filters." + arg, e.getMessage());
      }
    }
    parts.add(Filter.in(field, values));
  }
}
