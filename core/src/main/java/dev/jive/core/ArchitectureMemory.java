package dev.jive.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code ArchitectureMemory} table: a reusable piece of architectural guidance. The
 * store embeds {@code aiRequirements}.
 */
public record ArchitectureMemory(
    String id,
    String uniqueSlug,
    String title,
    List<String> aiWhenToUse,
    String aiRequirements,
    float[] vector,
    List<String> keywords,
    List<String> childrenSlugs,
    List<String> relatedSlugs,
    List<String> linkedEpicIds,
    List<String> tags,
    Instant createdOn,
    Instant lastUpdatedOn,
    String metadata) {

  public ArchitectureMemory {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uniqueSlug, "uniqueSlug");
    title = title == null ? "" : title;
    aiRequirements = aiRequirements == null ? "" : aiRequirements;
    aiWhenToUse = copy(aiWhenToUse);
    keywords = copy(keywords);
    childrenSlugs = copy(childrenSlugs);
    relatedSlugs = copy(relatedSlugs);
    linkedEpicIds = copy(linkedEpicIds);
    tags = copy(tags);
    metadata = metadata == null || metadata.isBlank() ? "{}" : metadata;
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** The text the store embeds. */
  public String embeddingText() {
    return aiRequirements.isBlank() ? title : aiRequirements;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArchitectureMemory m
        && id.equals(m.id)
        && uniqueSlug.equals(m.uniqueSlug)
        && title.equals(m.title)
        && aiWhenToUse.equals(m.aiWhenToUse)
        && aiRequirements.equals(m.aiRequirements)
        && Arrays.equals(vector, m.vector)
        && keywords.equals(m.keywords)
        && childrenSlugs.equals(m.childrenSlugs)
        && relatedSlugs.equals(m.relatedSlugs)
        && linkedEpicIds.equals(m.linkedEpicIds)
        && tags.equals(m.tags)
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
    return "ArchitectureMemory[slug=" + uniqueSlug + ", title=" + title + "]";
  }
}
