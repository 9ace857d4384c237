package dev.jive.cli;

import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.util.List;

/**
 * The self-retrieval check: the first {@code n} items, each searched for by its own text, should
 * come back in the top 3. A store whose vectors come from another model fails it.
 */
final class SelfRetrieval {
  private SelfRetrieval() {}

  record Result(int found, int checked) {}

  static Result run(LanceDBManager db, int n) {
    List<WorkItem> items = db.listWorkItems(WorkItemQuery.all().page(n, 0));
    int found = 0;
    for (WorkItem w : items) {
      if (db.search(SearchRequest.of(w.embeddingText(), SearchType.SEMANTIC, 3)).stream()
          .anyMatch(h -> h.item().id().equals(w.id()))) {
        found++;
      }
    }
    return new Result(found, items.size());
  }
}
