package dev.jive.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code WorkItem} table: an initiative, epic, feature, story or task.
 *
 * <p>Lists are never null (empty instead) and are copied, so a record is immutable apart from its
 * vector array, which callers must not modify. {@code vector} is null until the store has embedded
 * {@code title + " " + description}; the domain never computes it.
 *
 * @param metadata a JSON object as text, {@code "{}"} when there is none
 */
public record WorkItem(
    String id,
    String itemId,
    String title,
    String description,
    float[] vector,
    WorkItemType itemType,
    Status status,
    Priority priority,
    String assignee,
    List<String> tags,
    List<String> contextTags,
    Complexity complexity,
    String notes,
    List<String> acceptanceCriteria,
    Double estimatedHours,
    Double actualHours,
    double progress,
    String parentId,
    List<String> dependencies,
    String sequenceNumber,
    int orderIndex,
    boolean executable,
    String executionInstructions,
    Instant createdAt,
    Instant updatedAt,
    String metadata) {

  public WorkItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(itemType, "itemType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    itemId = itemId == null ? id : itemId;
    tags = copy(tags);
    contextTags = copy(contextTags);
    acceptanceCriteria = copy(acceptanceCriteria);
    dependencies = copy(dependencies);
    metadata = metadata == null || metadata.isBlank() ? "{}" : metadata;
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** The text the store embeds for this item, as the old system did. */
  public String embeddingText() {
    return embeddingText(title, description);
  }

  /** The text the store embeds for a title and a description. */
  public static String embeddingText(String title, String description) {
    String t = title == null ? "" : title;
    String d = description == null ? "" : description;
    return (t + " " + d).strip();
  }

  public boolean isRoot() {
    return parentId == null || parentId.isBlank();
  }

  public WorkItem withVector(float[] newVector) {
    return toBuilder().vector(newVector).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .itemId(itemId)
        .title(title)
        .description(description)
        .vector(vector)
        .itemType(itemType)
        .status(status)
        .priority(priority)
        .assignee(assignee)
        .tags(tags)
        .contextTags(contextTags)
        .complexity(complexity)
        .notes(notes)
        .acceptanceCriteria(acceptanceCriteria)
        .estimatedHours(estimatedHours)
        .actualHours(actualHours)
        .progress(progress)
        .parentId(parentId)
        .dependencies(dependencies)
        .sequenceNumber(sequenceNumber)
        .orderIndex(orderIndex)
        .executable(executable)
        .executionInstructions(executionInstructions)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .metadata(metadata);
  }

  // Records compare arrays by identity; two items with equal vectors are equal.
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WorkItem w)) {
      return false;
    }
    return progress == w.progress
        && orderIndex == w.orderIndex
        && executable == w.executable
        && id.equals(w.id)
        && itemId.equals(w.itemId)
        && title.equals(w.title)
        && description.equals(w.description)
        && Arrays.equals(vector, w.vector)
        && itemType == w.itemType
        && status == w.status
        && priority == w.priority
        && Objects.equals(assignee, w.assignee)
        && tags.equals(w.tags)
        && contextTags.equals(w.contextTags)
        && complexity == w.complexity
        && Objects.equals(notes, w.notes)
        && acceptanceCriteria.equals(w.acceptanceCriteria)
        && Objects.equals(estimatedHours, w.estimatedHours)
        && Objects.equals(actualHours, w.actualHours)
        && Objects.equals(parentId, w.parentId)
        && dependencies.equals(w.dependencies)
        && Objects.equals(sequenceNumber, w.sequenceNumber)
        && Objects.equals(executionInstructions, w.executionInstructions)
        && Objects.equals(createdAt, w.createdAt)
        && Objects.equals(updatedAt, w.updatedAt)
        && metadata.equals(w.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, title, status, updatedAt) * 31 + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "WorkItem[id="
        + id
        + ", type="
        + itemType
        + ", title="
        + title
        + ", status="
        + status
        + ", progress="
        + progress
        + ", parentId="
        + parentId
        + (vector == null ? "" : ", vector=float[" + vector.length + "]")
        + "]";
  }

  /** Builds a {@link WorkItem}; new items default to not started, medium priority. */
  public static final class Builder {
    private String id;
    private String itemId;
    private String title;
    private String description;
    private float[] vector;
    private WorkItemType itemType;
    private Status status = Status.NOT_STARTED;
    private Priority priority = Priority.MEDIUM;
    private String assignee;
    private List<String> tags = List.of();
    private List<String> contextTags = List.of();
    private Complexity complexity;
    private String notes;
    private List<String> acceptanceCriteria = List.of();
    private Double estimatedHours;
    private Double actualHours;
    private double progress;
    private String parentId;
    private List<String> dependencies = List.of();
    private String sequenceNumber;
    private int orderIndex;
    private boolean executable = true;
    private String executionInstructions;
    private Instant createdAt;
    private Instant updatedAt;
    private String metadata = "{}";

    private Builder() {}

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder itemId(String v) {
      itemId = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder vector(float[] v) {
      vector = v;
      return this;
    }

    public Builder itemType(WorkItemType v) {
      itemType = v;
      return this;
    }

    public Builder status(Status v) {
      status = v;
      return this;
    }

    public Builder priority(Priority v) {
      priority = v;
      return this;
    }

    public Builder assignee(String v) {
      assignee = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder contextTags(List<String> v) {
      contextTags = v;
      return this;
    }

    public Builder complexity(Complexity v) {
      complexity = v;
      return this;
    }

    public Builder notes(String v) {
      notes = v;
      return this;
    }

    public Builder acceptanceCriteria(List<String> v) {
      acceptanceCriteria = v;
      return this;
    }

    public Builder estimatedHours(Double v) {
      estimatedHours = v;
      return this;
    }

    public Builder actualHours(Double v) {
      actualHours = v;
      return this;
    }

    public Builder progress(double v) {
      progress = v;
      return this;
    }

    public Builder parentId(String v) {
      parentId = v;
      return this;
    }

    public Builder dependencies(List<String> v) {
      dependencies = v;
      return this;
    }

    public Builder sequenceNumber(String v) {
      sequenceNumber = v;
      return this;
    }

    public Builder orderIndex(int v) {
      orderIndex = v;
      return this;
    }

    public Builder executable(boolean v) {
      executable = v;
      return this;
    }

    public Builder executionInstructions(String v) {
      executionInstructions = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    public Builder metadata(String v) {
      metadata = v;
      return this;
    }

    public WorkItem build() {
      return new WorkItem(
          id,
          itemId,
          title,
          description,
          vector,
          itemType,
          status,
          priority,
          assignee,
          tags,
          contextTags,
          complexity,
          notes,
          acceptanceCriteria,
          estimatedHours,
          actualHours,
          progress,
          parentId,
          dependencies,
          sequenceNumber,
          orderIndex,
          executable,
          executionInstructions,
          createdAt,
          updatedAt,
          metadata);
    }
  }
}
