package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.search.HybridFusion;
import dev.jive.lancedb.search.TableSearch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search with the real default model: the acceptance example, and the labelled query set
 * that chose the hybrid fusion (docs/search.md records the figures this prints).
 */
class RealModelSearchTest {
  @TempDir static Path dir;
  static LanceDBManager store;
  static final Map<String, String> TITLE_BY_KEY = new LinkedHashMap<>();

  /** Work items of a realistic project: key, title, description. */
  static final String[][] ITEMS = {
    {
      "auth",
      "Implement user authentication",
      "OAuth 2 sign-in with PKCE, sessions and refresh tokens"
    },
    {"docs", "Write the operators guide", "Runbook for migration, validation and rollback"},
    {"ci", "Fix flaky CI pipeline", "The integration job times out on the shared runners"},
    {"search", "Tune vector search recall", "Raise recall@10 of the ANN index above 0.95"},
    {"billing", "Add invoice PDF export", "Customers download monthly invoices as PDF"},
    {"ratelimit", "Rate limit the public API", "Token bucket per API key, 429 with Retry-After"},
    {"kafka", "Consume order events from Kafka", "Idempotent consumer for the orders topic"},
    {"i18n", "Translate the UI into German", "Extract strings and add de-DE locale files"},
    {"darkmode", "Support dark mode", "Theme switcher honouring the OS colour scheme"},
    {"backup", "Nightly database backups", "Snapshot to object storage, keep 30 days"},
    {"perf", "Cut p95 latency of the search endpoint", "Profile and remove the N+1 queries"},
    {"onboarding", "Improve onboarding emails", "Welcome sequence for new workspace owners"},
    {"a11y", "Accessibility audit of the checkout", "Keyboard navigation and screen reader labels"},
    {"gdpr", "GDPR data export", "Let users download everything we hold about them"},
    {"mobile", "Push notifications on mobile", "Firebase messaging for iOS and Android"},
    {"logging", "Structured logging", "JSON logs with request ids shipped to the log store"},
    {"cache", "Cache product pages", "Edge caching with purge on product update"},
    {"upgrade", "Upgrade to Java 21", "Move the build and runtime off Java 17"},
    {"flags", "Feature flags service", "Gradual rollouts and kill switches per tenant"},
    {"password", "Password reset flow", "Email a one-time link that expires after an hour"},
    // Identifiers a sentence model has never seen: what keyword search is for.
    {
      "econnreset", "Retry payment calls on ECONNRESET", "The gateway drops idle keep-alive sockets"
    },
    {"ora", "Fix ORA-00942 in the nightly report", "The reporting user lost its grant on the view"},
    {"log4j", "Remove log4j 1.2", "Replace the last appenders with logback"},
    {"jira", "Follow up on JIRA-4412", "Customer escalation about duplicate charges"},
    {"protobuf", "Bump protobuf to 3.25", "Regenerate stubs for the gRPC services"},
    {"s3proxy", "Test against s3proxy", "Object-store tests without a cloud account"},
    {"hnsw", "Try HNSW parameters M and efConstruction", "Sweep the graph settings"},
    {"sigterm", "Drain connections on SIGTERM", "Graceful shutdown for rolling deploys"},
  };

  /** Queries and the key of the one item that answers each. */
  static final String[][] QUERIES = {
    {"login page authentication", "auth"},
    {"sign in with single sign-on tokens", "auth"},
    {"runbook for rolling back a migration", "docs"},
    {"tests time out on build servers", "ci"},
    {"recall@10", "search"},
    {"download invoices", "billing"},
    {"too many requests 429", "ratelimit"},
    {"Kafka", "kafka"},
    {"german localisation", "i18n"},
    {"night theme", "darkmode"},
    {"restore data from snapshots", "backup"},
    {"slow search responses", "perf"},
    {"welcome messages for new users", "onboarding"},
    {"screen reader support", "a11y"},
    {"export personal data for privacy law", "gdpr"},
    {"Firebase", "mobile"},
    {"JSON logs", "logging"},
    {"CDN edge caching", "cache"},
    {"move to a newer JDK", "upgrade"},
    {"kill switch rollout", "flags"},
    {"forgot my password", "password"},
    {"ECONNRESET", "econnreset"},
    {"ORA-00942", "ora"},
    {"log4j", "log4j"},
    {"JIRA-4412", "jira"},
    {"protobuf 3.25", "protobuf"},
    {"s3proxy", "s3proxy"},
    {"efConstruction", "hnsw"},
    {"SIGTERM handling", "sigterm"},
  };

  @BeforeAll
  static void load() {
    store = TestStores.open(dir, SentenceEmbedders.load("all-MiniLM-L6-v2"), TestStores.SYNC);
    for (String[] item : ITEMS) {
      store.createWorkItem(Map.of("type", "task", "title", item[1], "description", item[2]));
      TITLE_BY_KEY.put(item[0], item[1]);
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void loginPageAuthenticationFindsTheAuthenticationItemFirst() {
    for (SearchType type : List.of(SearchType.SEMANTIC, SearchType.HYBRID)) {
      List<SearchHit<WorkItem>> hits =
          store.search(SearchRequest.of("login page authentication", type, 5));
      assertThat(hits.get(0).item().title())
          .as(type.toString())
          .isEqualTo("Implement user authentication");
    }
  }

  @Test
  void defaultFusionIsNotWorseThanTheAlternativeOnTheLabelledSet() {
    double semantic = mrr(SearchType.SEMANTIC);
    double keyword = mrr(SearchType.KEYWORD);
    store.useFusion(HybridFusion.Method.RRF);
    double rrf = mrr(SearchType.HYBRID);
    store.useFusion(HybridFusion.Method.WEIGHTED);
    double weighted = mrr(SearchType.HYBRID);
    store.useFusion(TableSearch.DEFAULT_FUSION);
    System.out.printf(
        "labelled set (%d queries, %d items) MRR@10: semantic %.3f, keyword %.3f, hybrid-rrf %.3f, hybrid-weighted %.3f%n",
        QUERIES.length, ITEMS.length, semantic, keyword, rrf, weighted);
    store.useFusion(HybridFusion.Method.RRF);
    double rrfHit = hitAt1(SearchType.HYBRID);
    store.useFusion(HybridFusion.Method.WEIGHTED);
    double weightedHit = hitAt1(SearchType.HYBRID);
    store.useFusion(TableSearch.DEFAULT_FUSION);
    System.out.printf(
        "hit@1: semantic %.3f, keyword %.3f, hybrid-rrf %.3f, hybrid-weighted %.3f%n",
        hitAt1(SearchType.SEMANTIC), hitAt1(SearchType.KEYWORD), rrfHit, weightedHit);
    // The default must not be measurably worse than the alternative. RRF's figure moves between
    // processes (0.966 to 1.000 seen on identical data): it uses only ranks, and Lance's BM25
    // ranks of near-equal scores are not stable across runs. Weighted stayed at 0.983.
    double chosen = TableSearch.DEFAULT_FUSION == HybridFusion.Method.RRF ? rrf : weighted;
    assertThat(chosen).isGreaterThanOrEqualTo(Math.max(rrf, weighted) - 0.02);
    // Fusion must beat keyword search alone and stay close to semantic search alone, which is
    // perfect on a set this small (docs/search.md discusses it).
    assertThat(Math.max(rrf, weighted)).isGreaterThan(keyword).isGreaterThan(semantic - 0.05);
  }

  private static double mrr(SearchType type) {
    double total = 0;
    for (String[] q : QUERIES) {
      List<SearchHit<WorkItem>> hits = store.search(SearchRequest.of(q[0], type, 10));
      for (int rank = 0; rank < hits.size(); rank++) {
        if (hits.get(rank).item().title().equals(TITLE_BY_KEY.get(q[1]))) {
          total += 1.0 / (rank + 1);
          break;
        }
      }
    }
    return total / QUERIES.length;
  }

  private static double hitAt1(SearchType type) {
    int hits = 0;
    for (String[] q : QUERIES) {
      List<SearchHit<WorkItem>> r = store.search(SearchRequest.of(q[0], type, 1));
      if (!r.isEmpty() && r.get(0).item().title().equals(TITLE_BY_KEY.get(q[1]))) {
        hits++;
      }
    }
    return (double) hits / QUERIES.length;
  }
}
