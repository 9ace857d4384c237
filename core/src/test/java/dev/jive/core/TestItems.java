package dev.jive.core;

import java.time.Instant;

/** Small builders for work items in tests. */
public final class TestItems {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestItems() {}

  public static WorkItem item(String id, WorkItemType type, String parentId) {
    return WorkItem.builder()
        .id(id)
        .title("Item " + id)
        .itemType(type)
        .parentId(parentId)
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  public static WorkItem task(String id, String parentId, Status status) {
    return item(id, WorkItemType.TASK, parentId).toBuilder().status(status).build();
  }
}
