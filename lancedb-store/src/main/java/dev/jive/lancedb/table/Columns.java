package dev.jive.lancedb.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow field builders for the column types the tables use. */
public final class Columns {
  /** The column that holds a row's embedding. */
  public static final String VECTOR = "vector";

  public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");

  private Columns() {}

  public static Field text(String name) {
    return Field.nullable(name, ArrowType.Utf8.INSTANCE);
  }

  static Field requiredText(String name) {
    return Field.notNullable(name, ArrowType.Utf8.INSTANCE);
  }

  static Field float64(String name) {
    return Field.nullable(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  }

  static Field int32(String name) {
    return Field.nullable(name, new ArrowType.Int(32, true));
  }

  static Field bool(String name) {
    return Field.nullable(name, ArrowType.Bool.INSTANCE);
  }

  public static Field timestamp(String name) {
    return Field.nullable(name, TIMESTAMP);
  }

  static Field textList(String name) {
    return new Field(
        name,
        FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(Field.nullable("item", ArrowType.Utf8.INSTANCE)));
  }

  public static Field vector(String name, int dimension) {
    return new Field(
        name,
        FieldType.nullable(new ArrowType.FixedSizeList(dimension)),
        List.of(
            Field.nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
  }

  public static Schema schema(List<Field> fields, Map<String, String> metadata) {
    return new Schema(fields, metadata);
  }

  /** Whether a field is a vector column (a fixed-size list of float32). */
  /** The names of the schema's columns but its vector columns, in schema order. */
  public static List<String> withoutVectors(Schema schema) {
    List<String> names = new ArrayList<>();
    for (Field f : schema.getFields()) {
      if (!isVector(f)) {
        names.add(f.getName());
      }
    }
    return names;
  }

  public static boolean isVector(Field field) {
    return field.getType() instanceof ArrowType.FixedSizeList
        && field.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint fp
        && fp.getPrecision() == FloatingPointPrecision.SINGLE;
  }
}
