package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import dev.jive.core.NotFoundException;
import dev.jive.core.WorkItem;
import dev.jive.core.rules.Resolution;
import dev.jive.lancedb.LanceDBManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns what an agent wrote (a UUID, an exact title or keywords) into a work item. Reads take the
 * best match; writes refuse a reference that several items match, naming them, so that a guess
 * never changes the wrong item.
 */
final class References {
  private References() {}

  /** For reads: any reference (UUID, item_id, exact title, keywords), the best match wins. */
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
   * For writes: a UUID or item_id, or a title or keywords that only one item matches. A reference
   * several items match is refused with the candidates' ids and titles.
   */
  static WorkItem resolveForWrite(LanceDBManager store, String field, String reference) {
    return forWrite(field, reference, store.resolve(reference));
  }

  private static WorkItem forWrite(String field, String reference, Resolution r) {
    if (r instanceof Resolution.ById b) {
      return b.item();
    } else if (r instanceof Resolution.ByTitle t) {
      return unique(field, reference, "have the title", t.item(), t.others());
    } else if (r instanceof Resolution.ByKeywords k) {
      return unique(field, reference, "match the keywords", k.item(), k.others());
    }
    throw new NotFoundException(field + ": " + ((Resolution.Unresolved) r).reason());
  }

  /**
   * For destructive actions: a UUID, item_id or an exact title only one item has, never keywords,
   * so a loose phrase cannot delete the wrong item.
   */
  static WorkItem resolveExactly(LanceDBManager store, String field, String reference) {
    Resolution r = store.resolve(reference);
    if (r instanceof Resolution.ByKeywords k) {
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
    return forWrite(field, reference, r);
  }

  private static WorkItem unique(
      String field, String reference, String how, WorkItem best, List<WorkItem> others) {
    if (others.isEmpty()) {
      return best;
    }
    List<WorkItem> all = new ArrayList<>(List.of(best));
    all.addAll(others);
    throw new InvalidInputException(
        field,
        (others.size() < Resolution.MAX_OTHERS ? "" : "at least ")
            + all.size()
            + " work items "
            + how
            + " '"
            + reference
            + "': "
            + all.stream()
                .map(w -> w.id() + " ('" + w.title() + "')")
                .collect(Collectors.joining(", "))
            + "; nothing was changed. Pass one of these ids as "
            + field);
  }
}
