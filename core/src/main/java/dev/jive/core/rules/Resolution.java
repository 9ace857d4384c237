package dev.jive.core.rules;

import dev.jive.core.WorkItem;
import java.util.List;

/** How a work-item reference was resolved, or why it was not. */
public sealed interface Resolution {

  /** Named by its UUID or item_id. */
  record ById(WorkItem item) implements Resolution {}

  /**
   * Named by its exact title; {@code candidates} counts the items sharing it (the most recently
   * updated one wins) and {@code others} are the ones that lost, newest first.
   */
  record ByTitle(WorkItem item, int candidates, List<WorkItem> others) implements Resolution {
    public ByTitle {
      others = List.copyOf(others);
    }
  }

  /**
   * Found by keywords; {@code score} weighs title hits above description hits; {@code others} are
   * the other items the keywords matched, best first (at most {@link #MAX_OTHERS}).
   */
  record ByKeywords(WorkItem item, double score, List<WorkItem> others) implements Resolution {
    public ByKeywords {
      others = List.copyOf(others);
    }
  }

  /** How many losing candidates a resolution keeps, to name them in a refusal. */
  int MAX_OTHERS = 10;

  /** Nothing matched; {@code reason} says what was tried. */
  record Unresolved(String reason) implements Resolution {}
}
