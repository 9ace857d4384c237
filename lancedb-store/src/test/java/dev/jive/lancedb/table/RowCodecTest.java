package dev.jive.lancedb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class RowCodecTest {
  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(
        name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
  }

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              field("text", ArrowType.Utf8.INSTANCE),
              field("int", new ArrowType.Int(32, true)),
              field("long", new ArrowType.Int(64, true)),
              field("double", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
              field("float", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
              field("flag", ArrowType.Bool.INSTANCE),
              field("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
              field("tags", ArrowType.List.INSTANCE, field("item", ArrowType.Utf8.INSTANCE)),
              field(
                  "counts", ArrowType.List.INSTANCE, field("item", new ArrowType.Int(64, true)))));

  private static Map<String, Object> row(Object... values) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      row.put(SCHEMA.getFields().get(i).getName(), values[i]);
    }
    return row;
  }

  @Test
  void unpackedRowsEqualWhatArrowRowsReadsFromTheSameVectors() {
    List<Map<String, Object>> rows =
        List.of(
            row(
                "Implement user authentication",
                7,
                Long.MAX_VALUE,
                0.25,
                1.5f,
                true,
                Instant.parse("2026-11-22T10:15:30.123456Z"),
                List.of("auth", "login"),
                List.of(1L, -2L)),
            row(
                "naïve café — 東京 😀",
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                Double.NaN,
                -0.0f,
                false,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                new ArrayList<>(),
                Arrays.asList(3L, null)),
            row("", 0, 0L, -1e300, Float.MIN_VALUE, null, null, null, null),
            row(null, null, null, null, null, null, null, List.of("x".repeat(300)), null));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = ArrowRows.toRoot(SCHEMA, rows, allocator)) {
      RowCodec codec = new RowCodec();
      int[] starts = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        starts[i] = codec.append(root.getFieldVectors(), i);
      }
      ByteBuffer packed = codec.bytes();
      List<String> columns = SCHEMA.getFields().stream().map(Field::getName).toList();
      List<Map<String, Object>> expected = ArrowRows.fromRoot(root);
      for (int i = 0; i < rows.size(); i++) {
        Map<String, Object> unpacked = RowCodec.read(packed, starts[i], columns);
        assertThat(unpacked).isEqualTo(expected.get(i));
        assertThat(new ArrayList<>(unpacked.keySet())).isEqualTo(columns);
      }
      assertThat(RowCodec.read(packed, starts[1], columns).get("text"))
          .isEqualTo("naïve café — 東京 😀");
    }
  }

  @Test
  void aColumnWithoutAPackedFormIsRefusedByName() {
    Schema dates = new Schema(List.of(field("due", new ArrowType.Date(DateUnit.DAY))));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(dates, allocator)) {
      root.allocateNew();
      ((org.apache.arrow.vector.DateDayVector) root.getVector("due")).setSafe(0, 20_000);
      root.setRowCount(1);
      assertThatThrownBy(() -> new RowCodec().append(root.getFieldVectors(), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column due");
    }
  }

  @Test
  void theBufferGrowsPastItsFirstSizeAndResetStartsOver() {
    Schema text = new Schema(List.of(field("text", ArrowType.Utf8.INSTANCE)));
    String big = "y".repeat(100_000);
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root =
            ArrowRows.toRoot(text, List.of(Map.of("text", big), Map.of("text", "z")), allocator)) {
      RowCodec codec = new RowCodec();
      codec.append(root.getFieldVectors(), 0);
      int second = codec.append(root.getFieldVectors(), 1);
      assertThat(RowCodec.read(codec.bytes(), second, List.of("text"))).containsEntry("text", "z");
      codec.reset();
      assertThat(codec.append(root.getFieldVectors(), 1)).isZero();
      assertThat(codec.bytes().capacity()).isEqualTo(3);
    }
  }
}
