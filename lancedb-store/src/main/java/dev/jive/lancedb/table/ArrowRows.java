package dev.jive.lancedb.table;

import dev.jive.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts rows (column name to Java value) to and from Arrow. The value types: {@code String}
 * (utf8), {@code Integer}/{@code Long} (int32/int64), {@code Double}/{@code Float}
 * (float64/float32), {@code Boolean}, {@code Instant} (timestamp, microseconds, UTC), {@code
 * float[]} (fixed-size list of float32, the vector columns), and {@code List} of any of these (list
 * columns). A value of the wrong type for its column is an {@link InvalidInputException} naming the
 * column.
 */
public final class ArrowRows {
  private ArrowRows() {}

  /** A root holding the rows; the caller closes it. Missing columns are written as null. */
  public static VectorSchemaRoot toRoot(
      Schema schema, List<Map<String, Object>> rows, BufferAllocator a) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    try {
      root.allocateNew();
      for (FieldVector vector : root.getFieldVectors()) {
        String name = vector.getName();
        for (int i = 0; i < rows.size(); i++) {
          Object value = rows.get(i).get(name);
          if (value == null) {
            if (!vector.getField().isNullable()) {
              throw new InvalidInputException(name, "is required (row " + i + ")");
            }
            vector.setNull(i);
          } else {
            set(vector, i, value);
          }
        }
        vector.setValueCount(rows.size());
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Every row of the root, as column name to value. */
  static List<Map<String, Object>> fromRoot(VectorSchemaRoot root) {
    return fromRoot(root, null);
  }

  /**
   * Every row of a batch read with {@code _rowid}, by that row id, in the batch's order, without
   * the id column.
   */
  public static Map<Long, Map<String, Object>> byRowId(VectorSchemaRoot root) {
    UInt8Vector ids = (UInt8Vector) root.getVector("_rowid");
    List<Map<String, Object>> rows = fromRoot(root, "_rowid");
    Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      out.put(ids.getObjectNoOverflow(i).longValue(), rows.get(i));
    }
    return out;
  }

  /** Every row of the root, as column name to value, leaving out the column {@code skip}. */
  static List<Map<String, Object>> fromRoot(VectorSchemaRoot root, String skip) {
    List<Map<String, Object>> rows = new ArrayList<>(root.getRowCount());
    List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors());
    vectors.removeIf(v -> v.getName().equals(skip));
    for (int i = 0; i < root.getRowCount(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (FieldVector v : vectors) {
        row.put(v.getName(), get(v, i));
      }
      rows.add(row);
    }
    return rows;
  }

  public static Object get(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(i), StandardCharsets.UTF_8);
    } else if (v instanceof IntVector n) {
      return n.get(i);
    } else if (v instanceof BigIntVector n) {
      return n.get(i);
    } else if (v instanceof Float8Vector n) {
      return n.get(i);
    } else if (v instanceof Float4Vector n) {
      return n.get(i);
    } else if (v instanceof BitVector b) {
      return b.get(i) != 0;
    } else if (v instanceof TimeStampMicroTZVector t) {
      long micros = t.get(i);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    } else if (v instanceof FixedSizeListVector f) {
      int dim = f.getListSize();
      Float4Vector data = (Float4Vector) f.getDataVector();
      float[] out = new float[dim];
      for (int d = 0; d < dim; d++) {
        out[d] = data.get(i * dim + d);
      }
      return out;
    } else if (v instanceof ListVector l) {
      int start = l.getElementStartIndex(i);
      int end = l.getElementEndIndex(i);
      FieldVector data = l.getDataVector();
      List<Object> out = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        out.add(get(data, k));
      }
      return out;
    }
    return v.getObject(i);
  }

  private static void set(FieldVector v, int i, Object value) {
    String name = v.getName();
    try {
      if (v instanceof VarCharVector s) {
        s.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
      } else if (v instanceof IntVector n) {
        n.setSafe(i, Math.toIntExact(((Number) value).longValue()));
      } else if (v instanceof BigIntVector n) {
        n.setSafe(i, ((Number) value).longValue());
      } else if (v instanceof Float8Vector n) {
        n.setSafe(i, ((Number) value).doubleValue());
      } else if (v instanceof Float4Vector n) {
        n.setSafe(i, ((Number) value).floatValue());
      } else if (v instanceof BitVector b) {
        b.setSafe(i, ((Boolean) value) ? 1 : 0);
      } else if (v instanceof TimeStampMicroTZVector t) {
        Instant instant = (Instant) value;
        t.setSafe(
            i,
            Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000));
      } else if (v instanceof FixedSizeListVector f) {
        float[] vector = (float[]) value;
        if (vector.length != f.getListSize()) {
          throw new InvalidInputException(
              name,
              "vector of dimension " + vector.length + " where the table holds " + f.getListSize());
        }
        f.setNotNull(i);
        Float4Vector data = (Float4Vector) f.getDataVector();
        int base = i * vector.length;
        for (int d = 0; d < vector.length; d++) {
          data.setSafe(base + d, vector[d]);
        }
      } else if (v instanceof ListVector l) {
        List<?> list = (List<?>) value;
        int offset = l.startNewValue(i);
        FieldVector data = l.getDataVector();
        for (int k = 0; k < list.size(); k++) {
          Object element = list.get(k);
          if (element == null) {
            data.setNull(offset + k);
          } else {
            set(data, offset + k, element);
          }
        }
        l.endValue(i, list.size());
        data.setValueCount(offset + list.size());
      } else {
        throw new InvalidInputException(name, "unsupported column type " + v.getField().getType());
      }
    } catch (ClassCastException | ArithmeticException e) {
      throw new InvalidInputException(
          name,
          "value of type "
              + value.getClass().getSimpleName()
              + " does not fit the column type "
              + describe(v.getField()));
    }
  }

  public static String describe(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.List) {
      return "list<" + describe(field.getChildren().get(0)) + ">";
    }
    if (type instanceof ArrowType.FixedSizeList f) {
      return "vector[" + f.getListSize() + "]";
    }
    return type.toString();
  }
}
