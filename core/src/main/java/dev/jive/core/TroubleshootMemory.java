package dev.jive.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code TroubleshootMemory} table: a known problem and its solutions. The store
 * embeds {@code searchText}, which is the use cases followed by the solutions.
 */
public record TroubleshootMemory(
    String id,
    String uniqueSlug,
    String title,
    List<String> aiUseCase,
    String aiSolutions,
    String searchText,
    float[] vector,
    List<String> keywords,
    List<String> tags,
    int usageCount,
    int successCount,
    Instant createdOn,
    Instant lastUpdatedOn,
    String metadata) {

  public TroubleshootMemory {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uniqueSlug, "uniqueSlug");
    title = title == null ? "" : title;
    aiSolutions = aiSolutions == null ? "" : aiSolutions;
    aiUseCase = aiUseCase == null ? List.of() : List.copyOf(aiUseCase);
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    tags = tags == null ? List.of() : List.copyOf(tags);
    searchText =
        searchText == null || searchText.isBlank()
            ? searchTextOf(aiUseCase, aiSolutions)
            : searchText;
    metadata = metadata == null || metadata.isBlank() ? "{}" : metadata;
    if (usageCount < 0 || successCount < 0 || successCount > usageCount) {
      throw new InvalidInputException(
          "success_count",
          "needs 0 <= success_count <= usage_count, got success_count="
              + successCount
              + ", usage_count="
              + usageCount);
    }
  }

  /** The embedded text: use cases, then solutions, as the old system built it. */
  public static String searchTextOf(List<String> useCases, String solutions) {
    String cases = useCases == null ? "" : String.join(" ", useCases);
    return (cases + " " + (solutions == null ? "" : solutions)).strip();
  }

  /**
   * The share of uses that solved the problem, with one imagined success in two uses so that a new
   * entry ranks between a proven and a failing one (a Laplace estimate).
   */
  public double successRate() {
    return (successCount + 1.0) / (usageCount + 2.0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TroubleshootMemory m
        && id.equals(m.id)
        && uniqueSlug.equals(m.uniqueSlug)
        && title.equals(m.title)
        && aiUseCase.equals(m.aiUseCase)
        && aiSolutions.equals(m.aiSolutions)
        && searchText.equals(m.searchText)
        && Arrays.equals(vector, m.vector)
        && keywords.equals(m.keywords)
        && tags.equals(m.tags)
        && usageCount == m.usageCount
        && successCount == m.successCount
        && Objects.equals(createdOn, m.createdOn)
        && Objects.equals(lastUpdatedOn, m.lastUpdatedOn)
        && metadata.equals(m.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, uniqueSlug, lastUpdatedOn);
  }

  @Override
  public String toString() {
    return "TroubleshootMemory[slug=" + uniqueSlug + ", title=" + title + "]";
  }
}
