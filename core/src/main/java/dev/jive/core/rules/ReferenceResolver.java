package dev.jive.core.rules;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves what an agent calls a work item: its UUID (or item_id), its exact title (the most
 * recently updated wins when several share it), or keywords (each keyword found in the title counts
 * three times one found in the description; ties go to the most recently updated).
 */
public final class ReferenceResolver {
  static final double TITLE_WEIGHT = 3.0;
  static final double DESCRIPTION_WEIGHT = 1.0;

  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern WORD_SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "is", "it", "at", "by",
          "or", "be", "as", "that", "this");

  /** Most recently updated first; then most recently created; then id, for a stable answer. */
  public static final Comparator<WorkItem> NEWEST_FIRST =
      Comparator.comparing(
              WorkItem::updatedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
          .thenComparing(
              WorkItem::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
          .thenComparing(WorkItem::id);

  private ReferenceResolver() {}

  /** Whether the reference has the shape of a UUID (and so is never read as keywords). */
  public static boolean looksLikeUuid(String reference) {
    return reference != null && UUID_SHAPE.matcher(reference.strip()).matches();
  }

  /**
   * Resolves {@code reference} among {@code items}.
   *
   * @throws InvalidInputException naming {@code work_item_id} when the reference is blank
   */
  public static Resolution resolve(String reference, Collection<WorkItem> items) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidInputException(
          "work_item_id", "a UUID, an exact title or keywords is required");
    }
    String ref = reference.strip();
    for (WorkItem item : items) {
      if (item.id().equalsIgnoreCase(ref) || item.itemId().equals(ref)) {
        return new Resolution.ById(item);
      }
    }
    if (looksLikeUuid(ref)) {
      return new Resolution.Unresolved("no work item has the id " + ref);
    }
    Optional<Resolution> byTitle = byTitle(ref, items);
    if (byTitle.isPresent()) {
      return byTitle.get();
    }
    return byKeywords(ref, items);
  }

  private static Optional<Resolution> byTitle(String ref, Collection<WorkItem> items) {
    List<WorkItem> exact = items.stream().filter(i -> i.title().strip().equals(ref)).toList();
    if (exact.isEmpty()) {
      // Agents retype titles with other capitals; an exact match still beats keywords.
      exact = items.stream().filter(i -> i.title().strip().equalsIgnoreCase(ref)).toList();
    }
    List<WorkItem> sorted = exact.stream().sorted(NEWEST_FIRST).toList();
    return sorted.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Resolution.ByTitle(
                sorted.get(0),
                exactCount(ref, items),
                sorted.subList(1, Math.min(sorted.size(), Resolution.MAX_OTHERS + 1))));
  }

  private static int exactCount(String ref, Collection<WorkItem> items) {
    long sameCase = items.stream().filter(i -> i.title().strip().equals(ref)).count();
    return (int)
        (sameCase > 0
            ? sameCase
            : items.stream().filter(i -> i.title().strip().equalsIgnoreCase(ref)).count());
  }

  private static Resolution byKeywords(String ref, Collection<WorkItem> items) {
    Set<String> keywords = keywords(ref);
    if (keywords.isEmpty()) {
      return new Resolution.Unresolved("'" + ref + "' holds no keyword to search for");
    }
    List<Map.Entry<WorkItem, Double>> matched = new ArrayList<>();
    for (WorkItem item : items) {
      double score = keywordScore(keywords, item);
      if (score > 0) {
        matched.add(Map.entry(item, score));
      }
    }
    if (matched.isEmpty()) {
      return new Resolution.Unresolved("no work item has the id, title or keywords '" + ref + "'");
    }
    // Best score first; ties go to the most recently updated.
    matched.sort(
        Map.Entry.<WorkItem, Double>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey(NEWEST_FIRST)));
    List<WorkItem> others =
        matched.subList(1, Math.min(matched.size(), Resolution.MAX_OTHERS + 1)).stream()
            .map(Map.Entry::getKey)
            .toList();
    return new Resolution.ByKeywords(matched.get(0).getKey(), matched.get(0).getValue(), others);
  }

  /** The score keywords give an item: title hits weigh three, description hits one. */
  public static double keywordScore(Set<String> keywords, WorkItem item) {
    Set<String> title = words(item.title());
    Set<String> description = words(item.description());
    double score = 0;
    for (String keyword : keywords) {
      if (title.contains(keyword)) {
        score += TITLE_WEIGHT;
      }
      if (description.contains(keyword)) {
        score += DESCRIPTION_WEIGHT;
      }
    }
    return score;
  }

  /** The lower-cased words of a reference, without stop words and one-letter words. */
  public static Set<String> keywords(String text) {
    Set<String> result = new LinkedHashSet<>();
    for (String word : words(text)) {
      if (word.length() > 1 && !STOP_WORDS.contains(word)) {
        result.add(word);
      }
    }
    return result;
  }

  private static Set<String> words(String text) {
    Set<String> result = new LinkedHashSet<>();
    for (String w : WORD_SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        result.add(w);
      }
    }
    return result;
  }
}
