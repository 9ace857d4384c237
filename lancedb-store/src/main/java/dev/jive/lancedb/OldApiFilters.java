package dev.jive.lancedb;

import dev.jive.core.search.Filter;
import dev.jive.core.search.Operator;
import dev.jive.lancedb.workitems.WorkItemFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The old manager's filter dictionaries, {@code {field: value}} or {@code {field: [values]}}, as
 * typed filters: a value means equality, a list means any of them; on list columns (tags,
 * dependencies...) it means the row holds any of them. {@code type} is read as {@code item_type}.
 */
final class OldApiFilters {
  private static final Set<String> LIST_COLUMNS =
      Set.of(
          "tags",
          "context_tags",
          "dependencies",
          "acceptance_criteria",
          "keywords",
          "ai_use_case",
          "ai_when_to_use");

  private OldApiFilters() {}

  static Filter of(Map<String, ?> filters) {
    if (filters == null || filters.isEmpty()) {
      return Filter.matchAll();
    }
    List<Filter> parts = new ArrayList<>();
    filters.forEach(
        (rawKey, value) -> {
          String key = WorkItemFields.canonical(rawKey);
          List<Object> values = new ArrayList<>();
          if (value instanceof Collection<?> c) {
            c.forEach(v -> values.add(normalise(v)));
          } else if (value != null) {
            values.add(normalise(value));
          }
          if (value == null) {
            parts.add(Filter.isNull(key));
          } else if (LIST_COLUMNS.contains(key)) {
            parts.add(new Filter.Condition(key, Operator.HAS_ANY, values));
          } else if (values.size() == 1) {
            parts.add(Filter.eq(key, values.get(0)));
          } else {
            parts.add(Filter.in(key, values));
          }
        });
    return new Filter.All(parts);
  }

  private static Object normalise(Object v) {
    return v instanceof Enum<?> e ? e.toString() : v;
  }
}
