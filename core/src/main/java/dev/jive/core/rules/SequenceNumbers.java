package dev.jive.core.rules;

import dev.jive.core.WorkItem;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hierarchical sequence numbers ("1", "1.2", "1.2.1"): siblings are numbered from 1 in order of
 * {@code order_index}, then creation time, then id. Regenerating after a move renumbers both the
 * old and the new siblings.
 */
public final class SequenceNumbers {
  /** The sibling order every listing and numbering uses. */
  public static final Comparator<WorkItem> SIBLING_ORDER =
      Comparator.comparingInt(WorkItem::orderIndex)
          .thenComparing(
              WorkItem::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(WorkItem::id);

  private SequenceNumbers() {}

  /**
   * The sequence number of every item, by id. Items whose parent is missing are numbered as roots;
   * items caught in a parent cycle (which the store never allows, but imported data may hold) are
   * numbered as roots after the others, so every item gets a number.
   */
  public static Map<String, String> regenerate(Collection<WorkItem> items) {
    Map<String, WorkItem> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.id(), i));
    Map<String, List<WorkItem>> children = new HashMap<>();
    List<WorkItem> roots = new ArrayList<>();
    for (WorkItem item : items) {
      if (item.isRoot() || !byId.containsKey(item.parentId())) {
        roots.add(item);
      } else {
        children.computeIfAbsent(item.parentId(), k -> new ArrayList<>()).add(item);
      }
    }
    children.values().forEach(list -> list.sort(SIBLING_ORDER));
    roots.sort(SIBLING_ORDER);

    Map<String, String> numbers = new LinkedHashMap<>();
    int next = number(roots, "", children, numbers, 1);
    List<WorkItem> unreached =
        items.stream().filter(i -> !numbers.containsKey(i.id())).sorted(SIBLING_ORDER).toList();
    for (WorkItem item : unreached) {
      if (!numbers.containsKey(item.id())) {
        next = number(List.of(item), "", children, numbers, next);
      }
    }
    return numbers;
  }

  private static int number(
      List<WorkItem> siblings,
      String prefix,
      Map<String, List<WorkItem>> children,
      Map<String, String> numbers,
      int first) {
    Deque<Numbered> stack = new ArrayDeque<>();
    int position = first;
    for (WorkItem item : siblings) {
      stack.push(new Numbered(item, prefix + position++));
      // Walk each root's subtree depth-first before the next root, without recursion.
      while (!stack.isEmpty()) {
        Numbered top = stack.pop();
        WorkItem node = top.item();
        String seq = top.sequence();
        if (numbers.putIfAbsent(node.id(), seq) != null) {
          continue;
        }
        List<WorkItem> kids = children.getOrDefault(node.id(), List.of());
        for (int k = kids.size() - 1; k >= 0; k--) {
          stack.push(new Numbered(kids.get(k), seq + "." + (k + 1)));
        }
      }
    }
    return position;
  }

  /**
   * Compares two sequence numbers part by part as integers ("1.10" after "1.9"); a missing number
   * sorts last.
   */
  public static int compare(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = Long.compare(parse(pa[i]), parse(pb[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  /**
   * The last part of a sequence number as an integer ("1.2.7" gives 7), 0 when there is none or it
   * is not a number: a new sibling takes the highest plus one, so a delete then a create never
   * gives two siblings one number.
   */
  public static int lastPart(String sequence) {
    if (sequence == null || sequence.isBlank()) {
      return 0;
    }
    long n = parse(sequence.substring(sequence.lastIndexOf('.') + 1).strip());
    return n == Long.MAX_VALUE || n > Integer.MAX_VALUE || n < 0 ? 0 : (int) n;
  }

  private record Numbered(WorkItem item, String sequence) {}

  private static long parse(String part) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
