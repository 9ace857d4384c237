package dev.jive.lancedb.workitems;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A partial update: only the fields it names change. A field set to null is cleared. Built from the
 * old manager's dictionary ({@link #of}) or field by field ({@link #set}). The id, creation time
 * and vector cannot be patched; the store re-embeds when title or description change.
 */
public final class WorkItemPatch {
  private static final Set<String> IMMUTABLE = Set.of("id", "created_at", "vector");

  private final Map<String, Object> changes = new LinkedHashMap<>();

  private WorkItemPatch() {}

  public static WorkItemPatch empty() {
    return new WorkItemPatch();
  }

  /**
   * A patch from field names (as in the WorkItem table, {@code type} and {@code content} accepted
   * too) to values.
   *
   * @throws InvalidInputException naming an unknown or immutable field
   */
  public static WorkItemPatch of(Map<String, ?> fields) {
    WorkItemPatch patch = new WorkItemPatch();
    fields.forEach(patch::set);
    return patch;
  }

  public WorkItemPatch set(String field, Object value) {
    String key = WorkItemFields.canonical(field);
    if (IMMUTABLE.contains(key)) {
      throw new InvalidInputException(key, "cannot be changed by an update");
    }
    if (!WorkItemFields.SETTABLE.contains(key)) {
      throw new InvalidInputException(key, "unknown work-item field");
    }
    changes.put(key, value);
    return this;
  }

  public Map<String, Object> changes() {
    return Collections.unmodifiableMap(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public boolean touches(String field) {
    return changes.containsKey(field);
  }

  /** Whether applying this patch changes the embedded text. */
  boolean changesText(WorkItem current) {
    return (touches("title") && !String.valueOf(changes.get("title")).equals(current.title()))
        || (touches("description")
            && !String.valueOf(changes.get("description") == null ? "" : changes.get("description"))
                .equals(current.description()));
  }

  WorkItem applyTo(WorkItem current) {
    WorkItem.Builder b = current.toBuilder();
    changes.forEach((k, v) -> WorkItemFields.apply(b, k, v));
    return b.build();
  }

  @Override
  public String toString() {
    return "WorkItemPatch" + changes.keySet();
  }
}
