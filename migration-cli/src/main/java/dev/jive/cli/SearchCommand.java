package dev.jive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code search --query Q [--type semantic|keyword|hybrid] [--limit N] [--json]} over work items.
 */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search the work items.")
final class SearchCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--table", defaultValue = "WorkItem", description = "Only WorkItem for now.")
  String table;

  @Option(names = "--query", required = true)
  String query;

  @Option(names = "--type", defaultValue = "hybrid", description = "semantic, keyword or hybrid.")
  String type;

  @Option(names = "--limit", defaultValue = "10")
  int limit;

  @Option(names = "--json")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!table.equals("WorkItem")) {
      throw new InvalidInputException(
          "--table",
          "searching " + table + " from the command line is not supported yet; use WorkItem");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (LanceDBManager db = store.openExisting()) {
      List<SearchHit<WorkItem>> hits =
          db.search(SearchRequest.of(query, SearchType.parse(type), limit));
      if (json) {
        List<Map<String, Object>> rows =
            hits.stream()
                .map(
                    h -> {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("id", h.item().id());
                      m.put("title", h.item().title());
                      m.put("type", h.item().itemType().wireName());
                      m.put("status", h.item().status().wireName());
                      m.put("score", h.score());
                      m.put("found_by", h.foundBy().toString());
                      return m;
                    })
                .toList();
        out.println(new ObjectMapper().writeValueAsString(rows));
      } else {
        print(hits, out);
      }
    }
    return JiveMigrate.OK;
  }

  static void print(List<SearchHit<WorkItem>> hits, PrintWriter out) {
    if (hits.isEmpty()) {
      out.println("  (no results)");
    }
    int rank = 1;
    for (SearchHit<WorkItem> h : hits) {
      out.printf(
          "  %2d. %.3f  %-8s %-12s %s%n",
          rank++, h.score(), h.item().itemType(), h.item().status(), h.item().title());
    }
  }
}
