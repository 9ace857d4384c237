package dev.jive.mcp;

import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Made-up searches through a second MCP server on the same store, over an in-process pipe, in the
 * server's idle time after start. Each is a {@code tools/call} of {@code jive_search_content} as a
 * client sends it, so everything a client's search runs is run: the transport's reading and
 * writing, the session's dispatch, argument and answer validation, the store's hybrid and semantic
 * search, the rendering. The JIT compiles that path only after a few hundred searches, and until
 * then the compiler threads take the cores a search needs: over stdio at 10,000 items the first 200
 * searches took about twice as long as those from the 400th on (docs/performance.md). An agent's
 * first search usually comes seconds after the handshake, while its model reads the tool list: the
 * warm-up uses those seconds.
 *
 * <p>Searches read and never write. The warm-up waits while a client's call is running, so it
 * competes for the cores only with calls that arrive during one of its searches. It does nothing
 * when the store holds no work items (nothing to search) and stops when told to.
 */
final class SearchWarmUp {
  private static final String[] SUBJECTS = {
    "login", "checkout", "report", "database", "deploy", "notification", "search", "dashboard",
    "invoice", "upload", "settings", "onboarding", "billing", "profile", "cache", "migration"
  };
  private static final String[] PROBLEMS = {
    "is slow", "fails on retry", "shows wrong totals", "breaks on mobile"
  };

  /** Hybrid runs both retrievers (its keyword leg where the full-text index is built). */
  private static final String[] TYPES = {"hybrid", "hybrid", "hybrid", "semantic"};

  private static final String[] FORMATS = {"summary", "detailed", "minimal"};

  private SearchWarmUp() {}

  /**
   * Runs up to {@code searches} searches; returns how many ran. {@code stop} is asked before each.
   *
   * @throws IllegalStateException when a search fails (the server's own searches would too)
   */
  static int run(LanceDBManager store, int searches, BooleanSupplier stop)
      throws InterruptedException {
    if (searches <= 0 || store.countWorkItems(Filter.matchAll()) == 0) {
      return 0;
    }
    try (LoopbackClient client = LoopbackClient.open(store)) {
      for (int i = 0; i < searches; i++) {
        if (!LoopbackClient.awaitIdle(stop)) {
          return i;
        }
        client.callTool("jive_search_content", searchArguments(i));
      }
      return searches;
    } catch (IOException e) {
      throw new IllegalStateException("the search warm-up's pipe failed: " + e.getMessage(), e);
    }
  }

  /**
   * A few dozen texts, each searched several times: the model runs once per text (the store keeps
   * recent query vectors) and the warm-up's time goes to the Java code the JIT compiles.
   */
  private static Map<String, Object> searchArguments(int i) {
    String query =
        SUBJECTS[i % SUBJECTS.length] + " " + PROBLEMS[(i / SUBJECTS.length) % PROBLEMS.length];
    return Map.of(
        "query",
        query,
        "search_type",
        TYPES[i % TYPES.length],
        "limit",
        10,
        "format",
        FORMATS[i % FORMATS.length]);
  }
}
