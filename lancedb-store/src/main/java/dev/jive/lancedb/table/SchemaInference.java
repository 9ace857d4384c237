package dev.jive.lancedb.table;

import dev.jive.core.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** An Arrow schema from one example row, for tables created by {@code addData}. */
public final class SchemaInference {
  private SchemaInference() {}

  public static Schema infer(Map<String, Object> row) {
    List<Field> fields = new ArrayList<>();
    row.forEach((name, value) -> fields.add(field(name, value)));
    return new Schema(fields);
  }

  private static Field field(String name, Object value) {
    if (!dev.jive.core.search.Filter.FIELD_NAME.matcher(name).matches()) {
      throw new InvalidInputException(name, "column names are letters, digits and _ only");
    }
    if (value == null || value instanceof String) {
      return Columns.text(name);
    } else if (value instanceof Integer || value instanceof Long) {
      return Field.nullable(name, new ArrowType.Int(64, true));
    } else if (value instanceof Double || value instanceof Float) {
      return Field.nullable(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    } else if (value instanceof Boolean) {
      return Columns.bool(name);
    } else if (value instanceof Instant) {
      return Columns.timestamp(name);
    } else if (value instanceof float[] v) {
      return Columns.vector(name, v.length);
    } else if (value instanceof List<?>) {
      return Columns.textList(name);
    }
    throw new InvalidInputException(name, "cannot store a " + value.getClass().getSimpleName());
  }
}
