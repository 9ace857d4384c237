package dev.jive.mcp.tools;

import dev.jive.core.JiveException;
import dev.jive.core.WorkItem;
import dev.jive.lancedb.LanceDBManager;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** {@code jive://work-items/{id}}: one work item as JSON, with its children's ids and titles. */
final class WorkItemResource {
  static final String PREFIX = "jive://work-items/";

  private WorkItemResource() {}

  static SyncResourceTemplateSpecification specification(StoreAccess store) {
    McpSchema.ResourceTemplate template =
        McpSchema.ResourceTemplate.builder(PREFIX + "{id}", "work-item")
            .title("Work item")
            .description("One work item by UUID, as JSON, with its direct children")
            .mimeType("application/json")
            .build();
    return new SyncResourceTemplateSpecification(
        template,
        (exchange, request) -> {
          try (StoreAccess.Lease lease = store.borrow()) {
            return read(lease.store(), request.uri());
          }
        });
  }

  static McpSchema.ReadResourceResult read(LanceDBManager store, String uri) {
    String id = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : "";
    WorkItem w;
    try {
      w =
          store
              .findById(id)
              .orElseThrow(
                  () ->
                      McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
                          .message("no work item has the id " + id)
                          .build());
    } catch (JiveException e) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
    }
    Map<String, Object> view = Views.item(w, "detailed", true);
    List<Map<String, Object>> children =
        Views.items(store.children(w.id(), false), "minimal", false);
    view.put("children", children);
    return new McpSchema.ReadResourceResult(
        List.of(new McpSchema.TextResourceContents(uri, "application/json", Views.json(view))));
  }
}
