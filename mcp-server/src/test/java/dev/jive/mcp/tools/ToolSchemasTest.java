package dev.jive.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {
  private static List<McpSchema.Tool> tools(ToolDescriptions mode) {
    return JiveTools.names().stream()
        .map(n -> ToolSchemas.definition(n, ToolSchemas.spec(n), mode))
        .toList();
  }

  private static int listBytes(ToolDescriptions mode) {
    return Views.json(new McpSchema.ListToolsResult(tools(mode), null))
        .getBytes(StandardCharsets.UTF_8)
        .length;
  }

  private static ArgumentCheck check(String tool) {
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) ToolSchemas.spec(tool).get("inputSchema");
    return new ArgumentCheck(tool, input);
  }

  @Test
  void theBriefToolListOfAllNineToolsFitsIn14KilobytesAndTheFullOneKeepsOutputSchemas() {
    assertThat(tools(ToolDescriptions.BRIEF)).hasSize(9);
    assertThat(listBytes(ToolDescriptions.BRIEF)).isLessThanOrEqualTo(14 * 1024);
    assertThat(tools(ToolDescriptions.BRIEF)).allMatch(t -> t.outputSchema() == null);
    assertThat(tools(ToolDescriptions.FULL)).allMatch(t -> t.outputSchema() != null);
    assertThat(listBytes(ToolDescriptions.FULL)).isGreaterThan(listBytes(ToolDescriptions.BRIEF));
  }

  @Test
  void publishedSchemasRefuseUnknownPropertiesAndCarryNoServerOnlyKeys() {
    for (ToolDescriptions mode : ToolDescriptions.values()) {
      for (McpSchema.Tool t : tools(mode)) {
        String json = Views.json(t.inputSchema());
        assertThat(t.inputSchema().get("additionalProperties")).as(t.name()).isEqualTo(false);
        assertThat(json).as(t.name()).doesNotContain("\"x-").doesNotContain("\"brief\"");
      }
    }
  }

  @Test
  void theActionArgumentSaysWhatEachActionNeeds() {
    McpSchema.Tool hierarchy =
        tools(ToolDescriptions.BRIEF).stream()
            .filter(t -> t.name().equals("jive_get_hierarchy"))
            .findFirst()
            .orElseThrow();
    assertThat(hierarchy.inputSchema().get("required")).isEqualTo(List.of("work_item_id"));
    @SuppressWarnings("unchecked")
    Map<String, Object> action =
        (Map<String, Object>) ArgumentCheck.properties(hierarchy.inputSchema()).get("action");
    assertThat((String) action.get("description"))
        .contains("add_dependency: work_item_id, target_work_item_id")
        .contains("get: work_item_id, relationship_type");
  }

  @Test
  void everyArgumentAnActionNeedsIsOneTheToolTakes() {
    for (String tool : JiveTools.names()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> input = (Map<String, Object>) ToolSchemas.spec(tool).get("inputSchema");
      Map<String, Object> props = ArgumentCheck.properties(input);
      check(tool)
          .needs()
          .forEach(
              (action, fields) ->
                  fields.forEach(
                      f ->
                          assertThat(props.keySet())
                              .as(tool + " " + action)
                              .containsAll(List.of(f.split("\\|")))));
    }
  }

  @Test
  void aMisspeltArgumentIsRefusedWithTheNearestName() {
    assertThatThrownBy(
            () -> check("jive_get_hierarchy").check(Map.of("work_itme_id", "x", "action", "get")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("work_itme_id")
        .hasMessageContaining("did you mean work_item_id?");
  }

  @Test
  void anArgumentFarFromEveryNameIsRefusedListingTheToolsArguments() {
    assertThatThrownBy(
            () -> check("jive_search_content").check(Map.of("query", "x", "colour", "red")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("colour")
        .hasMessageContaining("it takes query, search_type");
  }

  @Test
  void aMisspeltKeyInsideAClosedNestedObjectIsRefusedWithItsPath() {
    assertThatThrownBy(
            () ->
                check("jive_search_content")
                    .check(Map.of("query", "x", "filters", Map.of("stauts", List.of("blocked")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("filters.stauts")
        .hasMessageContaining("did you mean status?");
  }

  @Test
  void anOpenNestedObjectTakesOtherKeysButRefusesANearMiss() {
    ArgumentCheck sync = check("jive_sync_data");
    sync.check(Map.of("action", "backup", "backup_config", Map.of("compress", true)));
    assertThatThrownBy(
            () ->
                sync.check(Map.of("action", "backup", "backup_config", Map.of("backup_nmae", "x"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("did you mean backup_name?");
  }

  @Test
  void anActionMissingWhatItNeedsIsRefusedWithAnExampleCall() {
    assertThatThrownBy(
            () ->
                check("jive_get_hierarchy")
                    .check(Map.of("action", "add_dependency", "work_item_id", "Login")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("target_work_item_id")
        .hasMessageContaining("action add_dependency of jive_get_hierarchy needs it")
        .hasMessageContaining(
            "{\"action\":\"add_dependency\",\"work_item_id\":\"<id or title>\","
                + "\"target_work_item_id\":\"<id or title>\"}");
  }

  @Test
  void theDefaultActionsNeedsApplyWhenNoActionIsGiven() {
    assertThatThrownBy(() -> check("jive_get_hierarchy").check(Map.of("work_item_id", "Login")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("relationship_type")
        .hasMessageContaining("action get");
    check("jive_get_hierarchy").check(Map.of("work_item_id", "Login", "action", "validate"));
  }

  @Test
  void eitherOfTwoAlternativesSatisfiesANeed() {
    ArgumentCheck track = check("jive_track_progress");
    Map<String, Object> data = Map.of("status", "completed");
    track.check(Map.of("action", "track", "work_item_ids", List.of("a"), "progress_data", data));
    assertThatThrownBy(() -> track.check(Map.of("action", "track", "progress_data", data)))
        .hasMessageContaining("work_item_id or work_item_ids");
  }

  @Test
  void nearestNameAllowsTwoEditsForLongNamesAndOneForShortOnes() {
    assertThat(Spelling.nearest("work_itme_id", List.of("work_item_id", "title")))
        .isEqualTo("work_item_id");
    assertThat(Spelling.nearest("limt", List.of("limit", "offset"))).isEqualTo("limit");
    assertThat(Spelling.nearest("tpe", List.of("type", "tags"))).isEqualTo("type");
    assertThat(Spelling.nearest("xyz", List.of("type", "tags"))).isNull();
  }
}
