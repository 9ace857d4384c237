package dev.jive.mcp;

import static dev.jive.mcp.McpCalls.ids;
import static dev.jive.mcp.McpCalls.item;
import static dev.jive.mcp.McpCalls.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every tool and action, through a real MCP client. {@link HttpToolsTest} runs it over Streamable
 * HTTP and {@link StdioToolsTest} over stdio. Each test makes its own items, so they run in any
 * order on one server.
 */
@SuppressWarnings("unchecked")
abstract class ToolsContract {

  abstract McpCalls mcp();

  /** The folder the server keeps file paths in. */
  abstract Path projectDir();

  @Test
  void listsTheNineToolsWithSchemas() {
    List<McpSchema.Tool> tools = mcp().client().listTools().tools();
    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactly(
            "jive_manage_work_item",
            "jive_get_work_item",
            "jive_search_content",
            "jive_get_hierarchy",
            "jive_execute_work_item",
            "jive_track_progress",
            "jive_sync_data",
            "jive_reorder_work_items",
            "jive_memory");
    for (McpSchema.Tool t : tools) {
      assertThat(t.description()).hasSizeGreaterThan(80);
      assertThat((Map<?, ?>) t.inputSchema().get("properties")).isNotEmpty();
      assertThat(t.inputSchema().get("additionalProperties")).isEqualTo(false);
      // Brief by default: results carry structured content without the output schemas' bytes.
      assertThat(t.outputSchema()).isNull();
    }
  }

  @Test
  void aMisspeltArgumentIsRefusedWithTheNearestNameAndNothingIsWritten() {
    McpCalls m = mcp();
    String story = m.create("story", "Misspelt argument story", "A story", null);
    String error =
        m.error(
            "jive_manage_work_item",
            "action",
            "update",
            "work_item_id",
            story,
            "stauts",
            "completed");
    assertThat(error).contains("stauts").contains("did you mean status?");
    Map<String, Object> after = m.ok("jive_get_work_item", "work_item_id", story);
    assertThat(McpCalls.item(after)).containsEntry("status", "not_started");
  }

  /**
   * The SDK's message for an unknown tool is a fixed text (2.1.0 and 2.2.0 alike); its error data
   * names the tool, and that is what an agent's client shows beside the message.
   */
  @Test
  void anUnknownToolIsAProtocolErrorWhoseDataNamesIt() {
    McpCalls m = mcp();
    McpError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            McpError.class,
            () ->
                m.client().callTool(new McpSchema.CallToolRequest("jive_no_such_tool", Map.of())));
    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
    assertThat(String.valueOf(e.getJsonRpcError().data())).contains("jive_no_such_tool");
  }

  @Test
  void tenThousandTagsAreRefusedWithTheLimitAndNothingIsCreated() {
    McpCalls m = mcp();
    String error =
        m.error(
            "jive_manage_work_item",
            "action",
            "create",
            "type",
            "task",
            "title",
            "Runaway tags task",
            "tags",
            java.util.Collections.nCopies(10_000, "t"));
    assertThat(error).contains("tags").contains("at most 100 entries are allowed, got 10000");
    Map<String, Object> found =
        m.ok("jive_search_content", "query", "Runaway tags task", "search_type", "keyword");
    assertThat(McpCalls.list(found, "results"))
        .extracting(r -> r.get("title"))
        .doesNotContain("Runaway tags task");
  }

  @Test
  void anActionMissingAnArgumentItNeedsIsRefusedWithAnExampleCall() {
    McpCalls m = mcp();
    String story = m.create("story", "Needs example story", "A story", null);
    String error = m.error("jive_get_hierarchy", "action", "add_dependency", "work_item_id", story);
    assertThat(error)
        .contains("target_work_item_id")
        .contains("action add_dependency of jive_get_hierarchy needs it")
        .contains("\"action\":\"add_dependency\"");
  }

  @Test
  void theToolGuideResourceHoldsTheFullDescriptionsAndWhatEachActionNeeds() {
    McpCalls m = mcp();
    assertThat(m.client().listResources().resources())
        .anyMatch(r -> r.uri().equals("jive://guide/tools"));
    McpSchema.ReadResourceResult guide =
        m.client().readResource(new McpSchema.ReadResourceRequest("jive://guide/tools"));
    String text = ((McpSchema.TextResourceContents) guide.contents().get(0)).text();
    assertThat(text)
        .contains("## jive_get_hierarchy")
        .contains("- add_dependency: work_item_id, target_work_item_id")
        .contains("keywords from its title/description (the best match is used)")
        .contains("  - `check_circular` (boolean; default true)");
  }

  @Test
  void relationshipTypeIsOnlyNeededToWalk() {
    McpCalls m = mcp();
    String story = m.create("story", "Validate without relation story", "A story", null);
    Map<String, Object> valid =
        m.ok("jive_get_hierarchy", "action", "validate", "work_item_id", story);
    assertThat(valid).containsEntry("valid", true);
    assertThat(m.error("jive_get_hierarchy", "work_item_id", story)).contains("relationship_type");
  }

  @Test
  void manageCreatesUpdatesAndDeletesUnderTheHierarchyRules() {
    McpCalls m = mcp();
    String epic = m.create("epic", "Manage epic", "An epic for the manage test", null);
    Map<String, Object> created =
        m.ok(
            "jive_manage_work_item",
            "action",
            "create",
            "type",
            "feature",
            "title",
            "Manage feature",
            "description",
            "A feature",
            "parent_id",
            epic,
            "priority",
            "high",
            "context_tags",
            List.of("backend"),
            "complexity",
            "moderate",
            "notes",
            "n",
            "acceptance_criteria",
            List.of("works"));
    Map<String, Object> feature = item(created);
    assertThat(feature)
        .containsEntry("parent_id", epic)
        .containsEntry("priority", "high")
        .containsEntry("status", "not_started")
        .containsEntry("sequence_number", feature.get("sequence_number"));
    String featureId = (String) feature.get("id");

    Map<String, Object> updated =
        m.ok(
            "jive_manage_work_item",
            "action",
            "update",
            "work_item_id",
            "Manage feature",
            "status",
            "in_progress",
            "title",
            "Manage feature renamed");
    assertThat(item(updated))
        .containsEntry("status", "in_progress")
        .containsEntry("title", "Manage feature renamed");
    assertThat((List<Object>) updated.get("changed_fields")).contains("status", "title");

    // Refused, naming the problem, and nothing written.
    assertThat(
            m.error(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                "epic",
                "title",
                "Bad child",
                "parent_id",
                featureId))
        .contains("Invalid input")
        .contains("feature");
    assertThat(
            m.error(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                "task",
                "title",
                "Orphan",
                "parent_id",
                "00000000-0000-0000-0000-000000000000"))
        .contains("Not found");
    assertThat(
            m.error(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                "task",
                "title",
                "Long notes",
                "notes",
                "x".repeat(501)))
        .contains("notes");
    assertThat(
            m.error(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                "task",
                "title",
                "Tags",
                "context_tags",
                List.of("a", "b", "c", "d")))
        .contains("context_tags");
    assertThat(m.error("jive_manage_work_item", "action", "create", "type", "task", "title", ""))
        .contains("title");
    assertThat(m.error("jive_manage_work_item", "action", "update", "work_item_id", featureId))
        .contains("at least one field");
    assertThat(
            m.ok(
                    "jive_search_content",
                    "query",
                    "Bad child Orphan Long notes",
                    "search_type",
                    "keyword")
                .get("total"))
        .isEqualTo(0);

    assertThat(m.error("jive_manage_work_item", "action", "delete", "work_item_id", epic))
        .contains("Conflict")
        .contains("delete_children");
    assertThat(
            m.error(
                "jive_manage_work_item", "action", "delete", "work_item_id", "manage epic test"))
        .contains("not an id or an exact title");
    Map<String, Object> deleted =
        m.ok(
            "jive_manage_work_item",
            "action",
            "delete",
            "work_item_id",
            epic,
            "delete_children",
            true);
    assertThat((List<Object>) deleted.get("deleted_ids"))
        .containsExactlyInAnyOrder(epic, featureId);
    assertThat(m.error("jive_get_work_item", "work_item_id", epic)).contains("Not found");
  }

  @Test
  void getFindsByIdTitleOrKeywordsAndListsWithFiltersSortAndPaging() {
    McpCalls m = mcp();
    String initiative =
        m.create("initiative", "Listing initiative", "Top of the listing test", null);
    String a = m.create("task", "Listing alpha task", "first", initiative);
    String b = m.create("task", "Listing beta task", "second", initiative);
    String c = m.create("task", "Listing gamma task", "third", initiative);
    m.ok(
        "jive_manage_work_item",
        "action",
        "update",
        "work_item_id",
        b,
        "priority",
        "critical",
        "status",
        "completed");

    assertThat(item(m.ok("jive_get_work_item", "work_item_id", a)))
        .containsEntry("title", "Listing alpha task")
        .containsKey("metadata");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", "Listing beta task")))
        .containsEntry("id", b);
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", "gamma listing")))
        .containsEntry("id", c);
    Map<String, Object> withKids =
        m.ok(
            "jive_get_work_item",
            "work_item_id",
            initiative,
            "include_children",
            true,
            "format",
            "summary");
    assertThat(ids(list(withKids, "children"))).containsExactly(a, b, c);
    assertThat(item(withKids)).doesNotContainKey("description");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", a, "format", "minimal")))
        .containsOnlyKeys("id", "title", "item_type", "status");

    Map<String, Object> page1 =
        m.ok(
            "jive_get_work_item",
            "filters",
            Map.of("parent_id", initiative, "type", List.of("task")),
            "sort_by",
            "title",
            "sort_order",
            "desc",
            "limit",
            2);
    assertThat(ids(list(page1, "work_items"))).containsExactly(c, b);
    assertThat(page1).containsEntry("total", 3).containsEntry("has_more", true);
    Map<String, Object> page2 =
        m.ok(
            "jive_get_work_item",
            "filters",
            Map.of("parent_id", initiative, "type", List.of("task")),
            "sort_by",
            "title",
            "sort_order",
            "desc",
            "limit",
            2,
            "offset",
            2);
    assertThat(ids(list(page2, "work_items"))).containsExactly(a);
    Map<String, Object> done =
        m.ok(
            "jive_get_work_item",
            "filters",
            Map.of(
                "parent_id",
                initiative,
                "status",
                List.of("completed"),
                "priority",
                List.of("critical")));
    assertThat(ids(list(done, "work_items"))).containsExactly(b);
    Map<String, Object> recent =
        m.ok(
            "jive_get_work_item",
            "filters",
            Map.of(
                "parent_id",
                initiative,
                "created_after",
                "2000-01-01",
                "created_before",
                "2999-01-01"));
    assertThat(recent).containsEntry("total", 3);
    assertThat(m.error("jive_get_work_item", "filters", Map.of("created_after", "yesterday")))
        .contains("created_after");
    // Quotes and SQL in a filter value match literally and find nothing.
    assertThat(
            m.ok("jive_get_work_item", "filters", Map.of("parent_id", "x' OR '1'='1")).get("total"))
        .isEqualTo(0);
  }

  @Test
  void searchRanksSemanticKeywordAndHybridWithFiltersAndScores() {
    McpCalls m = mcp();
    String auth =
        m.create(
            "task",
            "Implement user authentication",
            "Sign-in with passwords and sessions for the web app",
            null);
    m.create("task", "Tune database indexes", "Speed up slow reporting queries", null);
    m.create(
        "task", "Design the marketing banner", "Colours and fonts for the spring campaign", null);

    Map<String, Object> semantic =
        m.ok(
            "jive_search_content",
            "query",
            "login page authentication",
            "search_type",
            "semantic",
            "limit",
            3);
    assertThat(list(semantic, "results").get(0)).containsEntry("id", auth).containsKey("score");
    Map<String, Object> keyword =
        m.ok("jive_search_content", "query", "authentication", "search_type", "keyword");
    assertThat(ids(list(keyword, "results"))).contains(auth);
    Map<String, Object> hybrid = m.ok("jive_search_content", "query", "login page authentication");
    assertThat(hybrid).containsEntry("search_type", "hybrid");
    assertThat(list(hybrid, "results").get(0)).containsEntry("id", auth);
    Map<String, Object> filtered =
        m.ok(
            "jive_search_content",
            "query",
            "authentication",
            "filters",
            Map.of("type", List.of("epic")));
    assertThat(list(filtered, "results"))
        .allSatisfy(r -> assertThat(r).containsEntry("item_type", "epic"))
        .noneSatisfy(r -> assertThat(r).containsEntry("id", auth));
    Map<String, Object> strict =
        m.ok("jive_search_content", "query", "login page authentication", "min_score", 0.99);
    assertThat(list(strict, "results"))
        .allSatisfy(r -> assertThat((Double) r.get("score")).isGreaterThanOrEqualTo(0.99));
    Map<String, Object> noScore =
        m.ok(
            "jive_search_content",
            "query",
            "authentication",
            "include_score",
            false,
            "format",
            "minimal");
    assertThat(list(noScore, "results")).allSatisfy(r -> assertThat(r).doesNotContainKey("score"));
    assertThat(list(m.ok("jive_search_content", "query", "*", "limit", 100), "results"))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(list(m.ok("jive_search_content", "query", "", "limit", 2), "results")).hasSize(2);
    assertThat(m.error("jive_search_content", "query", "x", "limit", 500)).contains("limit");
  }

  @Test
  void hierarchyWalksEveryRelationAndRefusesCycles() {
    McpCalls m = mcp();
    String init = m.create("initiative", "Tree initiative", "root", null);
    String epic = m.create("epic", "Tree epic", "mid", init);
    String feature = m.create("feature", "Tree feature", "low", epic);
    String t1 = m.create("task", "Tree task one", "leaf", feature);
    String t2 = m.create("task", "Tree task two", "leaf", feature);
    String story = m.create("story", "Tree story", "loose", epic);

    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        epic,
                        "relationship_type",
                        "children"),
                    "related")))
        .containsExactly(feature, story);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        init,
                        "relationship_type",
                        "descendants"),
                    "related")))
        .containsExactlyInAnyOrder(epic, feature, story, t1, t2);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        init,
                        "relationship_type",
                        "descendants",
                        "max_depth",
                        1),
                    "related")))
        .containsExactly(epic);
    assertThat(
            ids(
                list(
                    m.ok("jive_get_hierarchy", "work_item_id", t1, "relationship_type", "parents"),
                    "related")))
        .containsExactly(feature);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy", "work_item_id", t1, "relationship_type", "ancestors"),
                    "related")))
        .containsExactly(feature, epic, init);

    Map<String, Object> added =
        m.ok(
            "jive_get_hierarchy",
            "work_item_id",
            t2,
            "relationship_type",
            "dependencies",
            "action",
            "add_dependency",
            "target_work_item_id",
            t1);
    assertThat((String) added.get("message")).contains("depends on");
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        t2,
                        "relationship_type",
                        "dependencies"),
                    "related")))
        .containsExactly(t1);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        t1,
                        "relationship_type",
                        "dependents"),
                    "related")))
        .containsExactly(t2);
    assertThat(
            m.error(
                "jive_get_hierarchy",
                "work_item_id",
                t1,
                "relationship_type",
                "dependencies",
                "action",
                "add_dependency",
                "target_work_item_id",
                t2))
        .contains("cycle");
    // blocks is the same link read the other way, so it is refused too.
    assertThat(
            m.error(
                "jive_get_hierarchy",
                "work_item_id",
                t2,
                "relationship_type",
                "dependencies",
                "action",
                "add_dependency",
                "target_work_item_id",
                t1,
                "dependency_type",
                "blocks"))
        .contains("cycle");
    m.ok(
        "jive_get_hierarchy",
        "work_item_id",
        t1,
        "relationship_type",
        "dependencies",
        "action",
        "add_dependency",
        "target_work_item_id",
        story,
        "dependency_type",
        "related");
    assertThat(
            m.error(
                "jive_get_hierarchy",
                "work_item_id",
                t1,
                "relationship_type",
                "dependencies",
                "action",
                "add_dependency",
                "target_work_item_id",
                t1))
        .contains("itself");

    Map<String, Object> full =
        m.ok("jive_get_hierarchy", "work_item_id", epic, "relationship_type", "full_hierarchy");
    assertThat(ids(list(full, "ancestors"))).containsExactly(init);
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) full.get("tree");
    assertThat(ids(list(tree, "children"))).containsExactly(feature, story);

    Map<String, Object> valid =
        m.ok(
            "jive_get_hierarchy",
            "work_item_id",
            init,
            "relationship_type",
            "children",
            "action",
            "validate");
    assertThat(valid).containsEntry("valid", true);

    m.ok("jive_manage_work_item", "action", "update", "work_item_id", t1, "status", "completed");
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        feature,
                        "relationship_type",
                        "children",
                        "include_completed",
                        false),
                    "related")))
        .containsExactly(t2);

    Map<String, Object> removed =
        m.ok(
            "jive_get_hierarchy",
            "work_item_id",
            t2,
            "relationship_type",
            "dependencies",
            "action",
            "remove_dependency",
            "target_work_item_id",
            t1);
    assertThat(removed).containsEntry("removed", true);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        t2,
                        "relationship_type",
                        "dependencies"),
                    "related")))
        .isEmpty();

    String loose = m.create("task", "Tree loose task", "to be moved", null);
    m.ok(
        "jive_get_hierarchy",
        "work_item_id",
        loose,
        "relationship_type",
        "parents",
        "action",
        "add_dependency",
        "target_work_item_id",
        story,
        "dependency_type",
        "subtask_of");
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_get_hierarchy",
                        "work_item_id",
                        loose,
                        "relationship_type",
                        "parents"),
                    "related")))
        .containsExactly(story);
  }

  @Test
  void executePlansInDependencyOrderAndKeepsStatusInTheLog() {
    McpCalls m = mcp();
    String feature = m.create("feature", "Exec feature", "Checkout flow", null);
    String api = m.create("task", "Exec build the API", "Endpoints for checkout", feature);
    String ui = m.create("task", "Exec build the UI", "Screens for checkout", feature);
    String tests = m.create("task", "Exec write the tests", "End-to-end tests", feature);
    m.ok(
        "jive_get_hierarchy",
        "work_item_id",
        ui,
        "relationship_type",
        "dependencies",
        "action",
        "add_dependency",
        "target_work_item_id",
        api);
    m.ok(
        "jive_get_hierarchy",
        "work_item_id",
        tests,
        "relationship_type",
        "dependencies",
        "action",
        "add_dependency",
        "target_work_item_id",
        ui);

    Map<String, Object> plan =
        m.ok("jive_execute_work_item", "work_item_id", feature, "action", "plan");
    List<Map<String, Object>> steps = list(plan, "steps");
    assertThat(steps)
        .extracting(s -> s.get("work_item_id"))
        .containsExactly(api, ui, tests, feature);
    assertThat(steps).extracting(s -> s.get("wave")).containsExactly(1, 2, 3, 4);

    String blocked = m.create("task", "Exec blocked task", "waits on something unfinished", null);
    m.ok(
        "jive_get_hierarchy",
        "work_item_id",
        blocked,
        "relationship_type",
        "dependencies",
        "action",
        "add_dependency",
        "target_work_item_id",
        api);
    Map<String, Object> notReady =
        m.ok("jive_execute_work_item", "work_item_id", blocked, "action", "validate");
    assertThat(notReady).containsEntry("ready", false);
    assertThat((List<Object>) notReady.get("issues"))
        .anySatisfy(i -> assertThat(i.toString()).contains("Exec build the API"));
    assertThat(m.ok("jive_execute_work_item", "work_item_id", blocked))
        .containsEntry("started", false);

    Map<String, Object> dry =
        m.ok("jive_execute_work_item", "work_item_id", feature, "execution_mode", "dry_run");
    assertThat(dry).containsEntry("started", false);
    Map<String, Object> started =
        m.ok(
            "jive_execute_work_item",
            "work_item_id",
            feature,
            "workflow_config",
            Map.of("execution_order", "sequential"));
    assertThat(started).containsEntry("started", true);
    assertThat((List<Object>) started.get("instructions")).hasSize(4);
    String executionId = (String) started.get("execution_id");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", feature)))
        .containsEntry("status", "in_progress");

    Map<String, Object> status =
        m.ok("jive_execute_work_item", "work_item_id", feature, "action", "status");
    assertThat(status)
        .containsEntry("execution_id", executionId)
        .containsEntry("execution_status", "started");
    assertThat(
            m.ok(
                "jive_execute_work_item",
                "work_item_id",
                feature,
                "action",
                "cancel",
                "execution_id",
                executionId))
        .containsEntry("changed", true);
    assertThat(
            m.ok(
                "jive_execute_work_item",
                "work_item_id",
                feature,
                "action",
                "status",
                "execution_id",
                executionId))
        .containsEntry("execution_status", "cancelled");
    assertThat(m.error("jive_execute_work_item", "work_item_id", api, "action", "status"))
        .contains("no recorded execution");

    assertThat(
            McpCalls.text(m.raw("jive_execute_work_item", "work_item_id", ui, "action", "guide")))
        .contains("Exec build the API")
        .contains("Exec feature");
    assertThat(
            (List<?>)
                m.ok("jive_execute_work_item", "work_item_id", feature, "action", "instruct")
                    .get("instructions"))
        .hasSize(4);
    assertThat(
            (String)
                m.ok("jive_execute_work_item", "work_item_id", api, "action", "prompt")
                    .get("prompt"))
        .contains("Endpoints for checkout");
  }

  @Test
  void trackProgressReportsMilestonesAndAnalytics() {
    McpCalls m = mcp();
    String epic = m.create("epic", "Track epic", "Progress test", null);
    String a = m.create("story", "Track story A", "a", epic);
    String b = m.create("story", "Track story B", "b", epic);

    Map<String, Object> tracked =
        m.ok(
            "jive_track_progress",
            "action",
            "track",
            "work_item_id",
            a,
            "progress_data",
            Map.of("progress_percentage", 100, "auto_calculate_status", true, "notes", "done"));
    assertThat(list(tracked, "updated").get(0))
        .containsEntry("status", "completed")
        .containsEntry("progress", 100.0);
    m.ok(
        "jive_track_progress",
        "action",
        "track",
        "work_item_id",
        b,
        "progress_data",
        Map.of("status", "blocked", "blockers", List.of("waiting on design")));
    // The parent follows its children: (100 + 25) / 2.
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", epic)))
        .containsEntry("progress", 62.5);
    assertThat(
            m.error(
                "jive_track_progress",
                "action",
                "track",
                "work_item_id",
                a,
                "progress_data",
                Map.of("progress_percentage", 150)))
        .contains("progress_percentage");

    Map<String, Object> report =
        m.ok(
            "jive_track_progress",
            "action",
            "get_report",
            "work_item_id",
            epic,
            "report_config",
            Map.of("group_by", "status"));
    assertThat(list(report, "groups"))
        .extracting(g -> g.get("group"))
        .contains("completed", "blocked");

    Map<String, Object> milestone =
        m.ok(
            "jive_track_progress",
            "action",
            "set_milestone",
            "milestone_config",
            Map.of(
                "title",
                "Track beta",
                "milestone_type",
                "release",
                "target_date",
                "2000-01-01",
                "associated_tasks",
                List.of(a, b)));
    @SuppressWarnings("unchecked")
    Map<String, Object> ms = (Map<String, Object>) milestone.get("milestone");
    assertThat(ms)
        .containsEntry("progress", 62.5)
        .containsEntry("overdue", true)
        .containsEntry("completed", false);

    Map<String, Object> status =
        m.ok("jive_track_progress", "action", "get_status", "work_item_id", epic);
    assertThat(list(status, "milestones")).extracting(x -> x.get("title")).contains("Track beta");
    assertThat(ids(list(status, "blocked"))).containsExactly(b);

    Map<String, Object> analytics =
        m.ok(
            "jive_track_progress",
            "action",
            "get_analytics",
            "work_item_id",
            epic,
            "analytics_config",
            Map.of("analysis_type", "comprehensive", "time_period_days", 7));
    assertThat(analytics)
        .containsKeys("velocity", "burndown", "completion_rate", "bottlenecks", "trends");
    @SuppressWarnings("unchecked")
    Map<String, Object> velocity = (Map<String, Object>) analytics.get("velocity");
    assertThat(velocity).containsEntry("completed_in_period", 1);
    assertThat(ids(list(analytics, "bottlenecks"))).contains(b);
  }

  @Test
  void syncRoundTripsFilesInEveryFormatAndBacksUpAndRestores() throws Exception {
    McpCalls m = mcp();
    String epic =
        m.create("epic", "Sync epic", "Files test, with \"quotes\", commas, and\nnew lines", null);
    String task = m.create("task", "Sync task", "Child for the files test", epic);
    for (String format : List.of("json", "yaml", "markdown", "csv", "xml")) {
      String where =
          ".jivedev/"
              + format
              + "-test"
              + (format.equals("csv") || format.equals("xml") ? "/items." + format : "");
      Map<String, Object> out =
          m.ok(
              "jive_sync_data",
              "action",
              "sync",
              "sync_direction",
              "db_to_file",
              "format",
              format,
              "file_path",
              where,
              "merge_strategy",
              "overwrite");
      assertThat((Integer) out.get("files_written")).as(format).isGreaterThanOrEqualTo(2);
      assertThat(m.ok("jive_sync_data", "action", "status", "format", format, "file_path", where))
          .as(format)
          .containsEntry("in_sync", true);
    }
    // Edit a file: file_to_db with merge takes the newer file.
    Path dir = projectDir().resolve(".jivedev/json-test/task");
    Path file;
    try (Stream<Path> s = Files.list(dir)) {
      file = s.filter(p -> p.getFileName().toString().startsWith(task)).findFirst().orElseThrow();
    }
    String text = Files.readString(file);
    Files.writeString(
        file,
        text.replace("\"title\" : \"Sync task\"", "\"title\" : \"Sync task edited\"")
            .replaceFirst(
                "\"updated_at\" : \"[^\"]+\"", "\"updated_at\" : \"2999-01-01T00:00:00Z\""));
    Map<String, Object> st =
        m.ok(
            "jive_sync_data",
            "action",
            "status",
            "format",
            "json",
            "file_path",
            ".jivedev/json-test");
    assertThat((List<Object>) st.get("file_newer")).containsExactly(task);
    Map<String, Object> in =
        m.ok(
            "jive_sync_data",
            "action",
            "sync",
            "sync_direction",
            "file_to_db",
            "format",
            "json",
            "file_path",
            ".jivedev/json-test");
    assertThat(in).containsEntry("updated_in_db", 1);
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", task)))
        .containsEntry("title", "Sync task edited");
    // A file describing an item the store lacks is created, parents first.
    Path csv = projectDir().resolve(".jivedev/csv-test/items.csv");
    Map<String, Object> backup =
        m.ok(
            "jive_sync_data",
            "action",
            "backup",
            "backup_config",
            Map.of("backup_name", "before import"));
    String backupId = (String) backup.get("backup_id");
    m.ok(
        "jive_manage_work_item", "action", "delete", "work_item_id", epic, "delete_children", true);
    Map<String, Object> imported =
        m.ok(
            "jive_sync_data",
            "action",
            "sync",
            "sync_direction",
            "file_to_db",
            "format",
            "csv",
            "file_path",
            ".jivedev/csv-test/items.csv",
            "merge_strategy",
            "skip_existing");
    assertThat((Integer) imported.get("created_in_db")).isGreaterThanOrEqualTo(2);
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", epic)))
        .containsEntry("description", "Files test, with \"quotes\", commas, and\nnew lines");
    assertThat(Files.readString(csv)).startsWith("id,item_id,title");

    assertThat(m.error("jive_sync_data", "action", "sync", "file_path", "../outside"))
        .contains("outside the project folder");
    assertThat(
            m.error(
                "jive_sync_data",
                "action",
                "restore",
                "restore_config",
                Map.of("backup_id", "backup-nope")))
        .contains(backupId);
    m.ok(
        "jive_manage_work_item", "action", "delete", "work_item_id", epic, "delete_children", true);
    Map<String, Object> restored =
        m.ok(
            "jive_sync_data", "action", "restore", "restore_config", Map.of("backup_id", backupId));
    assertThat((Map<String, Object>) restored.get("restored")).containsKey("WorkItem");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", epic)))
        .containsEntry("title", "Sync epic");

    assertThat(m.ok("jive_sync_data", "action", "regenerate_sequence_numbers"))
        .containsKey("changed_count");
    assertThat(m.ok("jive_sync_data", "action", "recalculate_progress"))
        .containsKey("changed_count");
    assertThat(m.ok("jive_sync_data", "action", "validate"))
        .containsKey("valid")
        .containsKey("issues");
  }

  @Test
  void reorderMovesSwapsAndRenumbers() {
    McpCalls m = mcp();
    String f = m.create("feature", "Order feature", "parent", null);
    String g = m.create("feature", "Order other feature", "other parent", null);
    String a = m.create("task", "Order A", "a", f);
    String b = m.create("task", "Order B", "b", f);
    String c = m.create("task", "Order C", "c", f);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_reorder_work_items",
                        "action",
                        "reorder",
                        "work_item_ids",
                        List.of(c, a),
                        "parent_id",
                        f),
                    "order")))
        .containsExactly(c, a, b);
    assertThat(
            ids(
                list(
                    m.ok(
                        "jive_reorder_work_items",
                        "action",
                        "swap",
                        "work_item_id_1",
                        c,
                        "work_item_id_2",
                        b),
                    "order")))
        .containsExactly(b, a, c);
    m.ok(
        "jive_reorder_work_items",
        "action",
        "move",
        "work_item_id",
        a,
        "new_parent_id",
        g,
        "position",
        0);
    assertThat(
            ids(
                list(
                    m.ok("jive_get_hierarchy", "work_item_id", g, "relationship_type", "children"),
                    "related")))
        .containsExactly(a);
    assertThat(
            ids(
                list(
                    m.ok("jive_get_hierarchy", "work_item_id", f, "relationship_type", "children"),
                    "related")))
        .containsExactly(b, c);
    Map<String, Object> seq =
        item(m.ok("jive_get_work_item", "work_item_id", a, "format", "summary"));
    assertThat((String) seq.get("sequence_number")).endsWith(".1");
    assertThat(
            m.error(
                "jive_reorder_work_items", "action", "move", "work_item_id", f, "new_parent_id", a))
        .contains("Invalid input");
    assertThat(
            m.error(
                "jive_reorder_work_items",
                "action",
                "swap",
                "work_item_id_1",
                a,
                "work_item_id_2",
                b))
        .contains("siblings");
    assertThat(m.ok("jive_reorder_work_items", "action", "recalculate"))
        .containsKey("sequence_numbers_changed");
  }

  @Test
  void memoryStoresSearchesMatchesAndMovesThroughMarkdown() {
    McpCalls m = mcp();
    m.ok(
        "jive_memory",
        "action",
        "create",
        "memory_type",
        "architecture",
        "slug",
        "mem-api-layer",
        "title",
        "API layering",
        "ai_requirements",
        "Controllers call services; services own transactions; repositories only talk to the database.",
        "ai_when_to_use",
        List.of("adding an endpoint"),
        "keywords",
        List.of("api", "layers"),
        "related_slugs",
        List.of("mem-errors"));
    m.ok(
        "jive_memory",
        "action",
        "create",
        "memory_type",
        "architecture",
        "slug",
        "mem-errors",
        "title",
        "Error handling",
        "ai_requirements",
        "Map domain exceptions to HTTP status codes in one place.");
    assertThat(
            m.error(
                "jive_memory",
                "action",
                "create",
                "memory_type",
                "architecture",
                "slug",
                "mem-errors",
                "title",
                "again",
                "ai_requirements",
                "x"))
        .contains("Conflict");
    assertThat(
            m.error(
                "jive_memory",
                "action",
                "create",
                "memory_type",
                "architecture",
                "slug",
                "Bad Slug!",
                "title",
                "x",
                "ai_requirements",
                "x"))
        .contains("slug");
    m.ok(
        "jive_memory",
        "action",
        "update",
        "memory_type",
        "architecture",
        "slug",
        "mem-errors",
        "tags",
        List.of("http"));
    @SuppressWarnings("unchecked")
    Map<String, Object> got =
        (Map<String, Object>)
            m.ok(
                    "jive_memory",
                    "action",
                    "get",
                    "memory_type",
                    "architecture",
                    "slug",
                    "mem-errors")
                .get("memory");
    assertThat(got).containsEntry("tags", List.of("http")).containsEntry("title", "Error handling");
    assertThat(
            list(
                m.ok(
                    "jive_memory",
                    "action",
                    "list",
                    "memory_type",
                    "architecture",
                    "filters",
                    Map.of("tags", List.of("http"))),
                "memories"))
        .extracting(x -> x.get("slug"))
        .containsExactly("mem-errors");
    assertThat(
            list(
                    m.ok(
                        "jive_memory",
                        "action",
                        "search",
                        "memory_type",
                        "architecture",
                        "query",
                        "where do transactions belong"),
                    "results")
                .get(0))
        .containsEntry("slug", "mem-api-layer");
    Map<String, Object> context =
        m.ok(
            "jive_memory",
            "action",
            "get_context",
            "memory_type",
            "architecture",
            "slug",
            "mem-api-layer");
    assertThat(list(context, "related"))
        .extracting(x -> x.get("slug"))
        .containsExactly("mem-errors");

    m.ok(
        "jive_memory",
        "action",
        "create",
        "memory_type",
        "troubleshoot",
        "slug",
        "mem-oom-rarely",
        "title",
        "Out of memory in the build (rare fix)",
        "ai_use_case",
        List.of("the build runs out of memory"),
        "ai_solutions",
        "Raise the heap to 4 GB.",
        "usage_count",
        10,
        "success_count",
        1);
    m.ok(
        "jive_memory",
        "action",
        "create",
        "memory_type",
        "troubleshoot",
        "slug",
        "mem-oom-usually",
        "title",
        "Out of memory in the build (usual fix)",
        "ai_use_case",
        List.of("the build runs out of memory"),
        "ai_solutions",
        "Raise the heap to 4 GB.",
        "usage_count",
        10,
        "success_count",
        9);
    List<Map<String, Object>> matches =
        list(
            m.ok(
                "jive_memory",
                "action",
                "match_problem",
                "memory_type",
                "troubleshoot",
                "query",
                "build out of memory"),
            "results");
    assertThat(matches.get(0)).containsEntry("slug", "mem-oom-usually");
    assertThat(
            m.error(
                "jive_memory",
                "action",
                "match_problem",
                "memory_type",
                "architecture",
                "query",
                "x"))
        .contains("troubleshoot");

    Map<String, Object> exported =
        m.ok(
            "jive_memory",
            "action",
            "export",
            "memory_type",
            "architecture",
            "slug",
            "mem-api-layer",
            "file_path",
            "mem/api.md");
    assertThat(Path.of((String) exported.get("file"))).exists();
    m.ok("jive_memory", "action", "delete", "memory_type", "architecture", "slug", "mem-api-layer");
    assertThat(
            m.error(
                "jive_memory",
                "action",
                "get",
                "memory_type",
                "architecture",
                "slug",
                "mem-api-layer"))
        .contains("Not found");
    m.ok(
        "jive_memory",
        "action",
        "import",
        "memory_type",
        "architecture",
        "file_path",
        "mem/api.md");
    assertThat(
            ((Map<?, ?>)
                    m.ok(
                            "jive_memory",
                            "action",
                            "get",
                            "memory_type",
                            "architecture",
                            "slug",
                            "mem-api-layer")
                        .get("memory"))
                .get("ai_requirements")
                .toString())
        .startsWith("Controllers call services");

    Map<String, Object> batch =
        m.ok(
            "jive_memory",
            "action",
            "export_batch",
            "memory_type",
            "troubleshoot",
            "output_dir",
            "mem/ts");
    assertThat((Integer) batch.get("exported")).isGreaterThanOrEqualTo(2);
    Map<String, Object> reimport =
        m.ok(
            "jive_memory",
            "action",
            "import_batch",
            "memory_type",
            "troubleshoot",
            "file_path",
            "mem/ts",
            "import_mode",
            "create_only");
    assertThat((List<Object>) reimport.get("skipped"))
        .contains("mem-oom-rarely", "mem-oom-usually");
    assertThat(
            m.error(
                "jive_memory",
                "action",
                "import_batch",
                "memory_type",
                "troubleshoot",
                "file_path",
                "/etc"))
        .contains("outside the project folder");
  }

  @Test
  void aWriteByAReferenceThatSeveralItemsMatchIsRefusedWithTheCandidatesAndChangesNothing() {
    McpCalls m = mcp();
    String epic = m.create("epic", "Zebrafinch epic", "Holds the zebrafinch tasks", null);
    String a = m.create("task", "Zebrafinch receipt printer", "Prints zebrafinch slips", epic);
    String b = m.create("task", "Zebrafinch receipt mailer", "Mails zebrafinch slips", epic);
    String byKeywords =
        m.error(
            "jive_manage_work_item",
            "action",
            "update",
            "work_item_id",
            "zebrafinch receipt",
            "status",
            "completed");
    assertThat(byKeywords).contains("work_item_id", a, b, "nothing was changed");
    String byTracking =
        m.error(
            "jive_track_progress",
            "action",
            "track",
            "work_item_id",
            "zebrafinch receipt",
            "progress_data",
            Map.of("status", "completed"));
    assertThat(byTracking).contains(a, b);
    // A read may still take the best match; and the id, or a title only one item has, still works.
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", "zebrafinch receipt")).get("id"))
        .isIn(a, b);
    for (String id : List.of(a, b)) {
      assertThat(item(m.ok("jive_get_work_item", "work_item_id", id)))
          .containsEntry("status", "not_started");
    }
    m.ok(
        "jive_manage_work_item",
        "action",
        "update",
        "work_item_id",
        "Zebrafinch receipt printer",
        "status",
        "in_progress");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", a)))
        .containsEntry("status", "in_progress");

    String twin = m.create("task", "Zebrafinch receipt printer", "A second one", epic);
    assertThat(
            m.error(
                "jive_manage_work_item",
                "action",
                "delete",
                "work_item_id",
                "Zebrafinch receipt printer"))
        .contains(a, twin, "have the title");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", twin))).containsEntry("id", twin);
  }

  @Test
  void aParentsStatusFollowsItsChildrenThroughTheTools() {
    McpCalls m = mcp();
    String story = m.create("story", "Kestrel story", "A story with two tasks", null);
    String t1 = m.create("task", "Kestrel task one", "First", story);
    String t2 = m.create("task", "Kestrel task two", "Second", story);
    for (String t : List.of(t1, t2)) {
      m.ok("jive_manage_work_item", "action", "update", "work_item_id", t, "status", "completed");
    }
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", story)))
        .containsEntry("status", "completed");
    m.ok("jive_manage_work_item", "action", "update", "work_item_id", t2, "status", "in_progress");
    assertThat(item(m.ok("jive_get_work_item", "work_item_id", story)))
        .containsEntry("status", "in_progress");
  }

  @Test
  void unknownToolIsAJsonRpcError() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> mcp().raw("jive_nope")))
        .isInstanceOf(io.modelcontextprotocol.spec.McpError.class);
  }

  @Test
  void workItemResourceAndPromptsServeTheStore() {
    McpCalls m = mcp();
    String id = m.create("task", "Resource task", "Read me as a resource", null);
    McpSchema.ReadResourceResult r =
        m.client().readResource(new McpSchema.ReadResourceRequest("jive://work-items/" + id));
    assertThat(((McpSchema.TextResourceContents) r.contents().get(0)).text())
        .contains("Resource task")
        .contains("\"children\"");
    assertThat(m.client().listResourceTemplates().resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactly("jive://work-items/{id}");
    assertThat(m.client().listPrompts().prompts())
        .extracting(McpSchema.Prompt::name)
        .containsExactlyInAnyOrder("jive_next_task", "jive_work_on_item");
    McpSchema.GetPromptResult p =
        m.client()
            .getPrompt(
                new McpSchema.GetPromptRequest("jive_work_on_item", Map.of("work_item_id", id)));
    assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text())
        .contains("Read me as a resource");
    McpSchema.GetPromptResult next =
        m.client().getPrompt(new McpSchema.GetPromptRequest("jive_next_task", Map.of()));
    assertThat(((McpSchema.TextContent) next.messages().get(0).content()).text()).contains("ready");
  }
}
