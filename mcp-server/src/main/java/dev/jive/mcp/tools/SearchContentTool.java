package dev.jive.mcp.tools;

import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code jive_search_content}: semantic, keyword or hybrid search over work items. */
final class SearchContentTool implements JiveTool {
  private static final List<String> TYPES = List.of("hybrid", "semantic", "keyword");

  @Override
  public String name() {
    return "jive_search_content";
  }

  @Override
  public ToolOutput call(Args args, ToolContext ctx) {
    if (!args.raw().containsKey("query")) {
      args.requireText("query");
    }
    String query = args.rawText("query").orElse("");
    SearchType type = SearchType.parse(args.choice("search_type", TYPES, "hybrid"));
    String format = Views.format(args);
    boolean withScore = args.flag("include_score", true);
    SearchRequest request =
        new SearchRequest(
            query,
            type,
            Filters.workItems(args.object("filters")),
            args.integer("limit", 10, 1, 100),
            args.number("min_score").orElse(null));
    List<SearchHit<WorkItem>> hits = ctx.store().search(request);
    List<Map<String, Object>> results = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append(hits.size())
        .append(request.listsEverything() ? " work item(s)" : " result(s) for '" + query + "'")
        .append(" (")
        .append(type.name().toLowerCase(Locale.ROOT))
        .append("):");
    int rank = 0;
    for (SearchHit<WorkItem> hit : hits) {
      rank++;
      Map<String, Object> v = Views.item(hit.item(), format, false);
      if (withScore) {
        v.put("score", hit.score());
        v.put(
            "found_by",
            hit.foundBy().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList());
      }
      results.add(v);
      text.append('\n').append(rank).append(". ");
      if (withScore) {
        text.append(String.format(Locale.ROOT, "%.3f ", hit.score()));
      }
      text.append(Views.block(hit.item(), format));
    }
    return new ToolOutput(
        Views.result(
            "search",
            "query",
            query,
            "search_type",
            type.name().toLowerCase(Locale.ROOT),
            "results",
            results,
            "total",
            results.size()),
        text.toString());
  }
}
