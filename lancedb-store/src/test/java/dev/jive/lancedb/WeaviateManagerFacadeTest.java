package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jive.core.WorkItem;
import dev.jive.core.search.SearchHit;
import dev.jive.lancedb.upkeep.HealthReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@SuppressWarnings("deprecation")
class WeaviateManagerFacadeTest {
  @TempDir Path a;
  @TempDir Path b;

  /**
   * The calling code of an old-manager user: the same statements compile against both classes,
   * which is why changing the import is the whole migration.
   */
  interface OldApi {
    String createWorkItem(Map<String, ?> fields);

    boolean updateWorkItem(String id, Map<String, ?> updates);

    java.util.Optional<WorkItem> getWorkItem(String reference);

    boolean deleteWorkItem(String id);

    List<SearchHit<WorkItem>> searchWorkItems(
        String q, String type, int limit, Map<String, ?> filters);

    List<WorkItem> listWorkItems(
        Map<String, ?> filters, int limit, int offset, String sortBy, String order);

    List<WorkItem> getWorkItemChildren(String id, boolean recursive);

    String logExecution(Map<String, ?> fields);

    List<dev.jive.core.ExecutionLog> getExecutionLogs(String workItemId);

    HealthReport getHealthStatus();

    List<String> listTables();

    Collection getCollection(String name);
  }

  private static List<String> scenario(OldApi m) {
    List<String> out = new ArrayList<>();
    String epic =
        m.createWorkItem(Map.of("type", "epic", "title", "Payments", "description", "Take money"));
    String f1 =
        m.createWorkItem(
            Map.of(
                "type",
                "feature",
                "title",
                "Card payments",
                "parent_id",
                epic,
                "priority",
                "high"));
    String t1 =
        m.createWorkItem(
            Map.of(
                "type",
                "task",
                "title",
                "Integrate the card gateway",
                "parent_id",
                f1,
                "tags",
                List.of("backend")));
    String t2 =
        m.createWorkItem(
            Map.of(
                "item_type",
                "task",
                "title",
                "Card form UI",
                "parent_id",
                f1,
                "tags",
                List.of("frontend")));
    out.add("update " + m.updateWorkItem(t1, Map.of("status", "completed")));
    out.add("update-missing " + m.updateWorkItem("missing", Map.of("status", "completed")));
    out.add("epic progress " + m.getWorkItem(epic).orElseThrow().progress());
    out.add("by title " + m.getWorkItem("Card form UI").orElseThrow().title());
    for (String type : List.of("semantic", "keyword", "hybrid")) {
      out.add(
          type
              + " "
              + m.searchWorkItems("card gateway", type, 3, Map.of()).stream()
                  .map(h -> h.item().title())
                  .toList());
    }
    out.add(
        "filtered "
            + m.searchWorkItems("card", "hybrid", 5, Map.of("tags", List.of("frontend"))).stream()
                .map(h -> h.item().title())
                .toList());
    out.add(
        "list "
            + m.listWorkItems(Map.of("type", "task"), 10, 0, "title", "desc").stream()
                .map(WorkItem::title)
                .toList());
    out.add("children " + m.getWorkItemChildren(epic, true).stream().map(WorkItem::title).toList());
    m.logExecution(
        Map.of("work_item_id", t1, "action", "execute", "status", "completed", "details", "done"));
    out.add(
        "logs " + m.getExecutionLogs(t1).stream().map(l -> l.action() + "/" + l.status()).toList());
    out.add("delete " + m.deleteWorkItem(t2) + " " + m.getWorkItem(t2).isPresent());
    out.add("tables " + m.listTables());
    out.add("collection " + m.getCollection("WorkItem").count());
    out.add(
        "health "
            + m.getHealthStatus().tables().stream().map(t -> t.table() + "=" + t.rows()).toList());
    return out;
  }

  @Test
  void sameScenarioGivesTheSameResultsThroughTheFacadeAndTheStore() throws Exception {
    List<String> viaStore;
    try (LanceDBManager store = TestStores.open(a)) {
      store.initialize(); // what the facade's start() does
      viaStore = scenario(proxy(store));
    }
    List<String> viaFacade;
    try (WeaviateManager facade = new WeaviateManager(TestStores.open(b))) {
      facade.start();
      viaFacade = scenario(proxy(facade));
      facade.stop();
    }
    assertThat(viaFacade).isEqualTo(viaStore);
    assertThat(viaStore)
        .contains("epic progress 50.0", "update true", "update-missing false", "delete true false");
  }

  /** Calls the old API by method name on either class, as compiled caller code would. */
  private static OldApi proxy(Object target) {
    return (OldApi)
        java.lang.reflect.Proxy.newProxyInstance(
            OldApi.class.getClassLoader(),
            new Class<?>[] {OldApi.class},
            (p, method, args) -> {
              try {
                return target
                    .getClass()
                    .getMethod(method.getName(), method.getParameterTypes())
                    .invoke(target, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void deprecationIsLoggedOncePerProcess() {
    Logger logger = (Logger) LoggerFactory.getLogger(WeaviateManager.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    WeaviateManager.resetWarningForTest();
    try (WeaviateManager first = new WeaviateManager(TestStores.open(a));
        WeaviateManager second = new WeaviateManager(TestStores.open(b))) {
      assertThat(appender.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("deprecated")
                      .contains("LanceDBManager"));
      assertThat(first.delegate()).isNotSameAs(second.delegate());
    } finally {
      logger.detachAppender(appender);
    }
  }
}
