package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tool calls through a real MCP client, with the assertions every test makes on results. */
final class McpCalls {
  private final McpSyncClient client;

  McpCalls(McpSyncClient client) {
    this.client = client;
  }

  McpSyncClient client() {
    return client;
  }

  McpSchema.CallToolResult raw(String tool, Object... pairs) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args(pairs)));
  }

  /** Calls a tool that must succeed; returns its structured content. */
  Map<String, Object> ok(String tool, Object... pairs) {
    McpSchema.CallToolResult r = raw(tool, pairs);
    assertThat(r.isError()).as("%s failed: %s", tool, text(r)).isFalse();
    assertThat(text(r)).isNotBlank();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    assertThat(s).containsEntry("success", true);
    return s;
  }

  /** Calls a tool that must fail as a tool error; returns the message. */
  String error(String tool, Object... pairs) {
    McpSchema.CallToolResult r = raw(tool, pairs);
    assertThat(r.isError()).as("%s should have failed: %s", tool, text(r)).isTrue();
    String text = text(r);
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception:");
    return text;
  }

  static String text(McpSchema.CallToolResult r) {
    StringBuilder b = new StringBuilder();
    for (McpSchema.Content c : r.content()) {
      if (c instanceof McpSchema.TextContent t) {
        b.append(t.text());
      }
    }
    return b.toString();
  }

  static Map<String, Object> args(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Creates a work item; returns its id. */
  String create(String type, String title, String description, String parent) {
    Map<String, Object> s =
        parent == null
            ? ok(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                type,
                "title",
                title,
                "description",
                description)
            : ok(
                "jive_manage_work_item",
                "action",
                "create",
                "type",
                type,
                "title",
                title,
                "description",
                description,
                "parent_id",
                parent);
    return (String) item(s).get("id");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> item(Map<String, Object> s) {
    return (Map<String, Object>) s.get("work_item");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> s, String key) {
    return (List<Map<String, Object>>) s.get(key);
  }

  static List<Object> ids(List<Map<String, Object>> items) {
    return items.stream().map(m -> m.get("id")).toList();
  }
}
