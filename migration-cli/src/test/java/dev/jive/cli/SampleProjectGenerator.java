package dev.jive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes the bundled sample: an old MCP Jive single-file Weaviate backup of a realistic project
 * (about 300 work items, logs and memories), vectors from the real all-MiniLM-L6-v2, plus the old
 * system's quirks the migration mends (content for description, type for item_type, metadata
 * objects, epoch dates, a dangling parent). Run once; the output is committed: {@code java -cp
 * <migration-cli test classpath> dev.jive.cli.SampleProjectGenerator OUT.json}.
 */
public final class SampleProjectGenerator {
  private static final String[][] EPICS = {
    {"Checkout and payments", "card payments", "refunds", "invoices", "tax calculation"},
    {
      "Customer accounts",
      "user authentication",
      "password reset",
      "profile settings",
      "two-factor login"
    },
    {
      "Search and discovery",
      "product search",
      "search ranking",
      "autocomplete",
      "filters and facets"
    },
    {
      "Platform reliability",
      "flaky CI tests",
      "database migrations",
      "backups and restore",
      "alerting"
    },
    {"Mobile app", "push notifications", "offline mode", "app store release", "crash reporting"},
    {"Data and analytics", "event tracking", "dashboards", "data retention", "GDPR exports"},
  };
  private static final String[] STORY_VERBS = {
    "As a customer I can", "As an admin I can", "As a developer I can"
  };
  private static final String[] TASK_VERBS = {
    "Implement", "Write tests for", "Document", "Review", "Fix bugs in", "Measure"
  };
  private static final String[] STATUSES = {
    "completed", "completed", "in_progress", "not_started", "not_started", "blocked"
  };
  private static final String[] PRIORITIES = {"low", "medium", "medium", "high", "critical"};

  private SampleProjectGenerator() {}

  public static void main(String[] args) throws Exception {
    Random r = new Random(2026);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode items = root.putArray("jive_workitem");
    ArrayNode logs = root.putArray("jive_executionlog");
    List<String[]> texts = new ArrayList<>();
    List<ObjectNode> nodes = new ArrayList<>();
    long t0 = Instant.parse("2025-03-01T09:00:00Z").getEpochSecond();
    String initiative =
        add(
            items,
            nodes,
            texts,
            r,
            "initiative",
            "Launch the Acme store 2.0",
            "Replace the legacy storefront with the new platform by Q4",
            null,
            t0);
    List<String> tasks = new ArrayList<>();
    for (String[] epic : EPICS) {
      String e =
          add(
              items,
              nodes,
              texts,
              r,
              "epic",
              epic[0],
              "Everything needed for " + epic[0].toLowerCase() + " in the new store",
              initiative,
              t0 + 3600);
      for (int f = 1; f < epic.length; f++) {
        String feature =
            add(
                items,
                nodes,
                texts,
                r,
                "feature",
                capitalise(epic[f]),
                "Deliver " + epic[f] + " end to end, with monitoring",
                e,
                t0 + 7200 * f);
        for (int s = 0; s < 2; s++) {
          String story =
              add(
                  items,
                  nodes,
                  texts,
                  r,
                  "story",
                  STORY_VERBS[(f + s) % 3] + " use " + epic[f] + (s == 0 ? "" : " on mobile"),
                  "Acceptance: works for all supported locales; errors are explained to the user",
                  feature,
                  t0 + 9000 * f + s);
          for (int t = 0; t < 4; t++) {
            String verb = TASK_VERBS[(f + s + t) % TASK_VERBS.length];
            tasks.add(
                add(
                    items,
                    nodes,
                    texts,
                    r,
                    "task",
                    verb + " " + epic[f] + (s == 0 ? "" : " (mobile)") + " step " + (t + 1),
                    verb + " the " + epic[f] + " part: " + detail(r),
                    story,
                    t0 + 10000 * f + 100 * s + t));
          }
        }
      }
    }
    // Dependencies between tasks of the same story, in order.
    for (int i = 1; i < nodes.size(); i++) {
      ObjectNode p = (ObjectNode) nodes.get(i).get("properties");
      ObjectNode prev = (ObjectNode) nodes.get(i - 1).get("properties");
      if ("task".equals(p.path("item_type").asText())
          && "task".equals(prev.path("item_type").asText())
          && p.path("parent_id").asText().equals(prev.path("parent_id").asText())
          && r.nextInt(3) == 0) {
        p.putArray("dependencies").add(nodes.get(i - 1).get("id").asText());
      }
    }
    // The old system's quirks.
    ObjectNode quirky = (ObjectNode) nodes.get(5).get("properties");
    quirky.put("content", quirky.remove("description").asText());
    ObjectNode typed = (ObjectNode) nodes.get(6).get("properties");
    typed.put("type", typed.remove("item_type").asText());
    ((ObjectNode) nodes.get(7).get("properties")).put("created_at", t0 + 42);
    ((ObjectNode) nodes.get(8).get("properties"))
        .put("parent_id", "00000000-dead-beef-0000-000000000000");

    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2")) {
      List<String> embed = new ArrayList<>();
      texts.forEach(t -> embed.add((t[0] + " " + t[1]).strip()));
      List<float[]> vectors = model.embedAll(embed);
      for (int i = 0; i < nodes.size(); i++) {
        ArrayNode v = nodes.get(i).putArray("vector");
        for (float x : vectors.get(i)) {
          v.add(Math.round(x * 1e6) / 1e6);
        }
      }
    }
    for (int i = 0; i < 150; i++) {
      String task = tasks.get(r.nextInt(tasks.size()));
      ObjectNode log = logs.addObject();
      log.put("id", uuid(r));
      log.put("collection", "ExecutionLog");
      ObjectNode p = log.putObject("properties");
      p.put("work_item_id", task);
      p.put("action", i % 3 == 0 ? "plan" : "execute");
      p.put("status", i % 10 == 0 ? "failed" : "completed");
      p.put("agent_id", "claude-" + (i % 4));
      p.put("details", "Ran step " + i + " of the plan");
      if (i % 10 == 0) {
        p.put("error_message", "Tests timed out on the CI runner");
      }
      p.put("duration_seconds", 5 + r.nextInt(600));
      p.put("timestamp", Instant.ofEpochSecond(t0 + 86400 + i * 3600L).toString());
      p.putObject("metadata").put("attempt", 1 + i % 3);
    }
    ArrayNode arch = root.putArray("jive_architecturememory");
    String[][] archs = {
      {
        "auth-oauth-pkce",
        "Authentication with OAuth 2 and PKCE",
        "Use OAuth 2.1 with PKCE for every client; sessions in secure cookies; refresh tokens rotate"
      },
      {
        "payments-idempotency",
        "Idempotent payment calls",
        "Every payment request carries an idempotency key; retries reuse it"
      },
      {
        "search-hybrid",
        "Hybrid product search",
        "Combine BM25 keyword search with vector search; fuse scores; filter before ranking"
      },
      {
        "migrations-expand-contract",
        "Expand and contract database migrations",
        "Add new columns first, backfill, switch reads, then drop the old ones"
      },
    };
    for (String[] a : archs) {
      ObjectNode m = arch.addObject();
      m.put("id", uuid(r));
      m.put("collection", "ArchitectureMemory");
      ObjectNode p = m.putObject("properties");
      p.put("unique_slug", a[0]);
      p.put("title", a[1]);
      p.put("ai_requirements", a[2]);
      p.putArray("ai_when_to_use").add("when designing " + a[1].toLowerCase());
      p.putArray("keywords").add(a[0].split("-")[0]);
    }
    ArrayNode trouble = root.putArray("jive_troubleshootmemory");
    String[][] troubles = {
      {
        "ci-timeouts",
        "Integration tests time out on CI",
        "Raise the runner memory and split the suite; cache dependencies"
      },
      {
        "login-redirect-loop",
        "Login redirects in a loop",
        "The session cookie lacked SameSite=None on the callback domain"
      },
      {
        "migration-lock",
        "Database migration hangs on a lock",
        "Run it outside peak hours and set a lock timeout"
      },
    };
    for (String[] t : troubles) {
      ObjectNode m = trouble.addObject();
      m.put("id", uuid(r));
      m.put("collection", "TroubleshootMemory");
      ObjectNode p = m.putObject("properties");
      p.put("unique_slug", t[0]);
      p.put("title", t[1]);
      p.putArray("ai_use_case").add(t[1]);
      p.put("ai_solutions", t[2]);
      p.put("usage_count", 4);
      p.put("success_count", 3);
    }
    root.putArray("server_searchindex")
        .addObject()
        .put("id", uuid(r))
        .put("collection", "SearchIndex")
        .putObject("properties")
        .put("content", "derived search text")
        .put("source_type", "work_item");
    Files.writeString(Path.of(args[0]), json.writeValueAsString(root));
    System.out.println(
        "wrote " + nodes.size() + " work items, " + logs.size() + " logs to " + args[0]);
  }

  private static String add(
      ArrayNode items,
      List<ObjectNode> nodes,
      List<String[]> texts,
      Random r,
      String type,
      String title,
      String description,
      String parent,
      long created) {
    String id = uuid(r);
    ObjectNode o = items.addObject();
    o.put("id", id);
    o.put("collection", "WorkItem");
    ObjectNode p = o.putObject("properties");
    p.put("item_id", id);
    p.put("title", title);
    p.put("description", description);
    p.put("item_type", type);
    String status = type.equals("task") ? STATUSES[r.nextInt(STATUSES.length)] : "in_progress";
    p.put("status", status);
    p.put("priority", PRIORITIES[r.nextInt(PRIORITIES.length)]);
    p.put("assignee", type.equals("task") ? "dev" + r.nextInt(6) + "@acme.example" : null);
    p.putArray("tags").add(type).add(title.split(" ")[0].toLowerCase());
    p.put("estimated_hours", type.equals("task") ? 2 + r.nextInt(14) : 0);
    p.put("progress", status.equals("completed") ? 100 : status.equals("in_progress") ? 50 : 0);
    if (parent != null) {
      p.put("parent_id", parent);
    }
    p.putArray("acceptance_criteria").add("Works in production").add("Covered by tests");
    p.put("created_at", java.time.Instant.ofEpochSecond(created).toString());
    p.put("updated_at", java.time.Instant.ofEpochSecond(created + 86400).toString());
    p.putObject("metadata").put("source", "mcp-jive-python").put("version", "0.9");
    items.size();
    nodes.add(o);
    texts.add(new String[] {title, description});
    return id;
  }

  private static String detail(Random r) {
    String[] d = {
      "handle errors clearly",
      "keep latency low",
      "log what matters",
      "cover the edge cases",
      "follow the security review"
    };
    return d[r.nextInt(d.length)];
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String uuid(Random r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }
}
