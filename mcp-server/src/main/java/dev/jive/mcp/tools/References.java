package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.Resolution;
import dev.jive.lancedb.LanceDBManager;

/** Turns what an agent wrote (a UUID, an exact title or keywords) into a work item. */
final class References {
  private References() {}

  /** Any reference: UUID, item_id, exact title, or keywords. */
  static WorkItem resolve(LanceDBManager store, String field, String reference) {
    Resolution r = store.resolve(reference);
    if (r instanceof Resolution.ById b) {
      return b.item();
    } else if (r instanceof Resolution.ByTitle t) {
      return t.item();
    } else if (r instanceof Resolution.ByKeywords k) {
      return k.item();
    }
    throw new NotFoundException(field + ": " + ((Resolution.Unresolved) r).reason());
  }

  /**
   * A reference for a destructive action: a UUID, item_id or exact title, never keywords, so a
   * loose phrase cannot delete the wrong item.
   */
  static WorkItem resolveExactly(LanceDBManager store, String field, String reference) {
    Resolution r = store.resolve(reference);
    if (r instanceof Resolution.ById b) {
      return b.item();
    } else if (r instanceof Resolution.ByTitle t) {
      return t.item();
    } else if (r instanceof Resolution.ByKeywords k) {
      throw new InvalidInputException(
          field,
          "'"
              + reference
              + "' is not an id or an exact title (keywords matched '"
              + k.item().title()
              + "', id "
              + k.item().id()
              + "); pass that id to confirm");
    }
    throw new NotFoundException(field + ": " + ((Resolution.Unresolved) r).reason());
  }
}
