package dev.jive.lancedb.workitems;

import dev.jive.core.InvalidInputException;
import dev.jive.core.Priority;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.SequenceNumbers;
import dev.jive.core.search.Filter;
import java.util.Comparator;
import java.util.Locale;

/**
 * A listing: a typed filter, the sort, and a page.
 *
 * @param limit 1..10,000
 * @param offset 0 or more
 */
public record WorkItemQuery(
    Filter filter, SortBy sortBy, boolean ascending, int limit, int offset) {
  public static final int MAX_LIMIT = 10_000;

  /**
   * The columns a listing reads for every matching row: those the sorts compare and those a {@link
   * WorkItem} cannot be built without. The page's other columns are read for its rows only.
   */
  static final java.util.List<String> SORT_COLUMNS =
      java.util.List.of(
          "id",
          "item_type",
          "status",
          "priority",
          "title",
          "order_index",
          "created_at",
          "updated_at");

  public WorkItemQuery {
    filter = filter == null ? Filter.matchAll() : filter;
    sortBy = sortBy == null ? SortBy.ORDER_INDEX : sortBy;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (offset < 0) {
      throw new InvalidInputException("offset", "must be zero or more, got " + offset);
    }
  }

  /** The old manager's defaults: everything, by order index ascending, 50 at a time. */
  public static WorkItemQuery all() {
    return new WorkItemQuery(Filter.matchAll(), SortBy.ORDER_INDEX, true, 50, 0);
  }

  public static WorkItemQuery of(Filter filter, int limit) {
    return new WorkItemQuery(filter, SortBy.ORDER_INDEX, true, limit, 0);
  }

  public WorkItemQuery page(int newLimit, int newOffset) {
    return new WorkItemQuery(filter, sortBy, ascending, newLimit, newOffset);
  }

  public WorkItemQuery sorted(SortBy by, boolean asc) {
    return new WorkItemQuery(filter, by, asc, limit, offset);
  }

  public Comparator<WorkItem> comparator() {
    Comparator<WorkItem> c = sortBy.comparator;
    c = ascending ? c : c.reversed();
    return c.thenComparing(WorkItem::id);
  }

  /** The sort keys of jive_get_work_item (and the old manager's sort_by). */
  public enum SortBy {
    ORDER_INDEX(SequenceNumbers.SIBLING_ORDER),
    CREATED_DATE(
        Comparator.comparing(WorkItem::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))),
    UPDATED_DATE(
        Comparator.comparing(WorkItem::updatedAt, Comparator.nullsLast(Comparator.naturalOrder()))),
    /** Ascending means low to critical. */
    PRIORITY(Comparator.comparing(WorkItem::priority, Comparator.comparingInt(Priority::ordinal))),
    STATUS(Comparator.comparing(w -> w.status().ordinal())),
    TITLE(Comparator.comparing(w -> w.title().toLowerCase(Locale.ROOT)));

    private final Comparator<WorkItem> comparator;

    SortBy(Comparator<WorkItem> comparator) {
      this.comparator = comparator;
    }

    /**
     * Parses {@code order_index}, {@code created_date} (or {@code created_at}), {@code
     * updated_date} (or {@code updated_at}), {@code priority}, {@code status}, {@code title}.
     */
    public static SortBy parse(String text) {
      String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      return switch (key) {
        case "order_index", "" -> ORDER_INDEX;
        case "created_date", "created_at" -> CREATED_DATE;
        case "updated_date", "updated_at" -> UPDATED_DATE;
        case "priority" -> PRIORITY;
        case "status" -> STATUS;
        case "title" -> TITLE;
        default ->
            throw new InvalidInputException(
                "sort_by",
                "unknown value '"
                    + text
                    + "'; expected one of order_index, created_date, updated_date, priority,"
                    + " status, title");
      };
    }
  }
}
