package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Inspector CLI (from npm) drives the built jar over stdio: it lists the nine tools and
 * runs create, search, hierarchy and progress. Each call is a fresh server process on one data
 * folder, as an agent's restarts would be.
 */
class InspectorCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path data;
  @TempDir Path work;

  private JsonNode inspect(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("node");
    cmd.add(ExternalProcesses.npmBin("inspector").toString());
    cmd.add("--cli");
    cmd.addAll(ExternalProcesses.serverCommand(data));
    cmd.addAll(List.of(args));
    ExternalProcesses.Result r = ExternalProcesses.run(cmd, work, 120);
    assertThat(r.exit()).as(r.output()).isZero();
    String out = r.output();
    // The server's log lines (stderr) come through too; the JSON answer starts at the first '{'.
    return JSON.readTree(out.substring(out.indexOf("\n{") + 1));
  }

  private JsonNode call(String tool, String... toolArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("--method", "tools/call", "--tool-name", tool));
    for (String a : toolArgs) {
      args.add("--tool-arg");
      args.add(a);
    }
    JsonNode r = inspect(args.toArray(String[]::new));
    assertThat(r.path("isError").asBoolean(false)).as(r.toString()).isFalse();
    return r.path("structuredContent");
  }

  @Test
  void inspectorListsTheToolsAndRunsCreateSearchHierarchyAndProgress() throws Exception {
    JsonNode tools = inspect("--method", "tools/list").path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asText()));
    assertThat(names).hasSize(9).allMatch(n -> n.startsWith("jive_"));

    String epic =
        call(
                "jive_manage_work_item",
                "action=create",
                "type=epic",
                "title=Inspector epic",
                "description=Reports for managers")
            .path("work_item")
            .path("id")
            .asText();
    String task =
        call(
                "jive_manage_work_item",
                "action=create",
                "type=task",
                "title=Inspector export to PDF",
                "description=Monthly report as a PDF file",
                "parent_id=" + epic)
            .path("work_item")
            .path("id")
            .asText();
    String other =
        call(
                "jive_manage_work_item",
                "action=create",
                "type=task",
                "title=Inspector report layout",
                "description=Page layout of the report",
                "parent_id=" + epic)
            .path("work_item")
            .path("id")
            .asText();

    JsonNode found =
        call("jive_search_content", "query=export the report as pdf", "search_type=hybrid");
    assertThat(found.path("results").get(0).path("id").asText()).isEqualTo(task);

    call(
        "jive_get_hierarchy",
        "work_item_id=" + task,
        "relationship_type=dependencies",
        "action=add_dependency",
        "target_work_item_id=" + other);
    JsonNode children =
        call("jive_get_hierarchy", "work_item_id=" + epic, "relationship_type=children");
    assertThat(children.path("total").asInt()).isEqualTo(2);

    call(
        "jive_track_progress",
        "action=track",
        "work_item_id=" + other,
        "progress_data={\"progress_percentage\":100,\"auto_calculate_status\":true}");
    JsonNode status = call("jive_track_progress", "action=get_status", "work_item_id=" + epic);
    assertThat(status.path("summary").path("by_status").path("completed").asInt()).isEqualTo(1);
  }
}
