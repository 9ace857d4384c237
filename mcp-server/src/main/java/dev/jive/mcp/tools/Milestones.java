package dev.jive.mcp.tools;

import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Milestones, kept in their own table ({@code Milestone}) beside the spec's four, so they survive
 * restarts and travel with the data folder. Dates are ISO-8601 text.
 */
final class Milestones {
  static final String TABLE = "Milestone";
  static final List<String> TYPES =
      List.of("deadline", "checkpoint", "release", "review", "custom");

  static final Schema SCHEMA =
      new Schema(
          List.of(
              text("id", false),
              text("title", false),
              text("milestone_type", false),
              text("target_date", true),
              text("description", true),
              new Field(
                  "associated_tasks",
                  FieldType.nullable(new ArrowType.List()),
                  List.of(text("item", true))),
              text("created_at", false),
              text("metadata", true)),
          Map.of("jive.schema", TABLE + "/1"));

  private Milestones() {}

  private static Field text(String name, boolean nullable) {
    return new Field(
        name,
        nullable
            ? FieldType.nullable(new ArrowType.Utf8())
            : FieldType.notNullable(new ArrowType.Utf8()),
        null);
  }

  static void put(LanceDBManager store, Map<String, Object> row) {
    store.upsertRows(TABLE, SCHEMA, "id", List.of(row));
  }

  static List<Map<String, Object>> all(LanceDBManager store) {
    if (!store.tableExists(TABLE)) {
      return List.of();
    }
    return new ArrayList<>(store.scanRows(TABLE, Filter.matchAll(), 0));
  }
}
