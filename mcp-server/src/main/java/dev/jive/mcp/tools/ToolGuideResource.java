package dev.jive.mcp.tools;

import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * {@code jive://guide/tools}: every tool's full description and every argument's, as Markdown, for
 * an agent that wants more than the brief {@code tools/list} says (read once, not paid in every
 * session).
 */
final class ToolGuideResource {
  static final String URI = "jive://guide/tools";

  private ToolGuideResource() {}

  static SyncResourceSpecification specification() {
    String text = markdown();
    McpSchema.Resource resource =
        McpSchema.Resource.builder()
            .uri(URI)
            .name("tool-guide")
            .title("MCP Jive tool guide")
            .description(
                "Every jive_* tool and argument described in full, with what each action needs")
            .mimeType("text/markdown")
            .size((long) text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .build();
    return new SyncResourceSpecification(
        resource,
        (exchange, request) ->
            new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(URI, "text/markdown", text))));
  }

  @SuppressWarnings("unchecked")
  static String markdown() {
    StringBuilder out = new StringBuilder("# MCP Jive tools\n");
    for (String name : JiveTools.names()) {
      Map<String, Object> spec = ToolSchemas.spec(name);
      Map<String, Object> input = (Map<String, Object>) spec.get("inputSchema");
      out.append("\n## ").append(name).append(": ").append(spec.get("title")).append("\n\n");
      out.append(spec.get("description")).append("\n\n");
      List<String> required = (List<String>) input.getOrDefault("required", List.of());
      arguments(out, input, required, "");
      Map<String, List<String>> needs = new ArgumentCheck(name, input).needs();
      if (!needs.isEmpty()) {
        out.append("\nWhat each action needs:\n\n");
        needs.forEach(
            (action, fields) ->
                out.append("- ")
                    .append(action)
                    .append(": ")
                    .append(ArgumentCheck.described(fields))
                    .append('\n'));
      }
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void arguments(
      StringBuilder out, Map<String, Object> schema, List<String> required, String indent) {
    ArgumentCheck.properties(schema)
        .forEach(
            (arg, sub) -> {
              Map<String, Object> p = (Map<String, Object>) sub;
              out.append(indent).append("- `").append(arg).append("` (").append(p.get("type"));
              if (p.get("enum") instanceof List<?> values) {
                out.append(": ")
                    .append(String.join(", ", values.stream().map(String::valueOf).toList()));
              }
              if (p.containsKey("default")) {
                out.append("; default ").append(p.get("default"));
              }
              out.append(required.contains(arg) ? "; required" : "").append(")");
              if (p.get("description") instanceof String d && !d.isEmpty()) {
                out.append(": ").append(d);
              }
              out.append('\n');
              if (p.get("properties") instanceof Map<?, ?>) {
                arguments(out, p, List.of(), indent + "  ");
              }
            });
  }
}
