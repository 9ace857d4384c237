package dev.jive.core.rules;

import dev.jive.core.WorkItem;

/** How a work-item reference was resolved, or why it was not. */
public sealed interface Resolution {

  /** Named by its UUID or item_id. */
  record ById(WorkItem item) implements Resolution {}

  /**
   * Named by its exact title; {@code candidates} counts the items sharing it (the most recently
   * updated one wins).
   */
  record ByTitle(WorkItem item, int candidates) implements Resolution {}

  /** Found by keywords; {@code score} weighs title hits above description hits. */
  record ByKeywords(WorkItem item, double score) implements Resolution {}

  /** Nothing matched; {@code reason} says what was tried. */
  record Unresolved(String reason) implements Resolution {}
}
