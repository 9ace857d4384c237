package dev.jive.core.rules;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import java.util.Collection;
import java.util.List;

/**
 * A parent's status follows its children's, so that an agent reading a plan sees a story whose
 * tasks are all done as completed, not as {@code not_started} at 100%.
 *
 * <ul>
 *   <li>every child completed: the parent is completed;
 *   <li>a child started (in progress, blocked or completed) under a parent not started: the parent
 *       is in progress;
 *   <li>a completed parent with a child that is not (reopened, or a new child): the parent is
 *       reopened, in progress when a child has started, else not started.
 * </ul>
 *
 * Cancelled children are left out, as in {@link ProgressRollup}, unless all are cancelled, when the
 * parent is left alone. A blocked or cancelled parent is a person's decision and is never changed;
 * nor is a leaf. The store applies the rule to the ancestors of each item a write changes, in the
 * same commit, unless configured for manual parents ({@code parent_status=manual}).
 */
public final class StatusRollup {
  private StatusRollup() {}

  /** The status {@code parent} takes from {@code children}: its own when the rule leaves it. */
  public static Status parentStatus(WorkItem parent, Collection<WorkItem> children) {
    Status own = parent.status();
    if (own == Status.BLOCKED || own == Status.CANCELLED || children.isEmpty()) {
      return own;
    }
    List<WorkItem> counted = children.stream().filter(c -> c.status() != Status.CANCELLED).toList();
    if (counted.isEmpty()) {
      return own;
    }
    if (counted.stream().allMatch(c -> c.status() == Status.COMPLETED)) {
      return Status.COMPLETED;
    }
    boolean started = counted.stream().anyMatch(c -> c.status() != Status.NOT_STARTED);
    if (own == Status.COMPLETED) {
      return started ? Status.IN_PROGRESS : Status.NOT_STARTED;
    }
    return own == Status.NOT_STARTED && started ? Status.IN_PROGRESS : own;
  }
}
