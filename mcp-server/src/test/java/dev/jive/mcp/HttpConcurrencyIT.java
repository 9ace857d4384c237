package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight HTTP clients for 30 seconds (JIVE_CONCURRENCY_SECONDS): each creates items, updates its
 * own, searches, and writes its own field of a few shared items. At the end every created item is
 * there exactly once and every last write is kept, shared items included.
 */
class HttpConcurrencyIT {
  private static final int CLIENTS = 8;

  /** Each client owns one field of the shared items. */
  private static final List<String> FIELDS =
      List.of(
          "title",
          "description",
          "priority",
          "status",
          "notes",
          "assignee",
          "complexity",
          "estimated_hours");

  @TempDir Path data;
  @TempDir Path project;

  @Test
  void eightClientsLoseNothing() throws Exception {
    int seconds = Integer.parseInt(System.getenv().getOrDefault("JIVE_CONCURRENCY_SECONDS", "30"));
    try (HttpServer server = new HttpServer(TestServers.http(data, project, null))) {
      server.start();
      McpSyncClient setup = TestServers.httpClient(server.port(), "/mcp");
      setup.initialize();
      McpCalls admin = new McpCalls(setup);
      List<String> shared = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        shared.add(admin.create("task", "Shared item " + i, "written by every client", null));
      }
      Map<String, Map<String, Object>> expected = new ConcurrentHashMap<>();
      Map<String, Map<String, Object>> sharedExpected = new ConcurrentHashMap<>();
      AtomicInteger operations = new AtomicInteger();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  McpSyncClient mcp = TestServers.httpClient(server.port(), "/mcp");
                  mcp.initialize();
                  McpCalls m = new McpCalls(mcp);
                  Random random = new Random(client);
                  List<String> mine = new ArrayList<>();
                  int n = 0;
                  while (System.nanoTime() < end) {
                    n++;
                    int op = random.nextInt(10);
                    if (op < 3 || mine.isEmpty()) {
                      String title = "Client " + client + " item " + n;
                      String id =
                          m.create(
                              "task", title, "load test item " + n + " of client " + client, null);
                      mine.add(id);
                      expected.put(id, Map.of("title", title, "status", "not_started"));
                    } else if (op < 6) {
                      String id = mine.get(random.nextInt(mine.size()));
                      String status =
                          List.of("in_progress", "blocked", "completed").get(random.nextInt(3));
                      String title = "Client " + client + " renamed " + n;
                      m.ok(
                          "jive_manage_work_item",
                          "action",
                          "update",
                          "work_item_id",
                          id,
                          "status",
                          status,
                          "title",
                          title);
                      expected.put(id, Map.of("title", title, "status", status));
                    } else if (op < 8) {
                      m.ok(
                          "jive_search_content",
                          "query",
                          "load test item of client " + client,
                          "limit",
                          5);
                    } else {
                      String id = shared.get(random.nextInt(shared.size()));
                      String field = FIELDS.get(client);
                      Object value = value(field, client, n);
                      m.ok(
                          "jive_manage_work_item",
                          "action",
                          "update",
                          "work_item_id",
                          id,
                          field,
                          value);
                      sharedExpected
                          .computeIfAbsent(id, k -> new ConcurrentHashMap<>())
                          .put(field, value);
                    }
                    operations.incrementAndGet();
                  }
                  mcp.closeGracefully();
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      System.err.printf(
          "%d clients did %d operations in %d s%n", CLIENTS, operations.get(), seconds);

      Map<String, Object> all = admin.ok("jive_get_work_item", "limit", 100);
      assertThat(((Number) all.get("total")).intValue()).isEqualTo(expected.size() + shared.size());
      for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
        Map<String, Object> item =
            McpCalls.item(admin.ok("jive_get_work_item", "work_item_id", e.getKey()));
        assertThat(item).as(e.getKey()).containsAllEntriesOf(e.getValue());
      }
      for (Map.Entry<String, Map<String, Object>> e : sharedExpected.entrySet()) {
        Map<String, Object> item =
            McpCalls.item(admin.ok("jive_get_work_item", "work_item_id", e.getKey()));
        e.getValue()
            .forEach(
                (field, value) ->
                    assertThat(item.get(field)).as(e.getKey() + " " + field).isEqualTo(value));
      }
      setup.closeGracefully();
    }
  }

  private static Object value(String field, int client, int n) {
    return switch (field) {
      case "priority" -> List.of("low", "medium", "high", "critical").get(n % 4);
      case "status" -> List.of("not_started", "in_progress", "blocked", "completed").get(n % 4);
      case "complexity" -> List.of("simple", "moderate", "complex").get(n % 3);
      case "estimated_hours" -> (double) n;
      default -> field + " from client " + client + " #" + n;
    };
  }
}
