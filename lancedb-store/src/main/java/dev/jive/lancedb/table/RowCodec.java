package dev.jive.lancedb.table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Packs rows of Arrow vectors into bytes and back, for {@link RowCache}: a row of 25 work-item
 * columns as Java objects takes ~2.5 KB of heap, packed ~300 bytes. Packing copies straight from
 * the vectors (no Java value is made); unpacking gives the types and values {@link ArrowRows#get}
 * gives. A column of a type without a packed form (anything but utf8, int32/64, float32/64, bool,
 * timestamp and lists of these) is refused with an {@link IllegalArgumentException}: the caller
 * then does not cache the table.
 */
final class RowCodec {
  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte FLOAT = 5;
  private static final byte TRUE = 6;
  private static final byte FALSE = 7;
  private static final byte INSTANT = 8;
  private static final byte LIST = 9;

  private byte[] buffer = new byte[1 << 16];
  private int size;

  /** Appends row {@code i} of the vectors, in their order; returns where the row starts. */
  int append(List<FieldVector> vectors, int i) {
    int start = size;
    for (FieldVector v : vectors) {
      write(v, i);
    }
    return start;
  }

  /** Forgets what was appended, keeping the buffer for the next fragment. */
  void reset() {
    size = 0;
  }

  /**
   * Everything appended so far, outside the Java heap: held there, 30 MB of rows grew a serving
   * process's heap (and its resident memory) by twice that.
   */
  ByteBuffer bytes() {
    ByteBuffer out = ByteBuffer.allocateDirect(size);
    out.put(0, buffer, 0, size);
    return out;
  }

  /** The row at {@code start} of {@code data}, as column name to value, in column order. */
  static Map<String, Object> read(ByteBuffer data, int start, List<String> columns) {
    Reader r = new Reader(data, start);
    Map<String, Object> row = new LinkedHashMap<>();
    for (String column : columns) {
      row.put(column, r.value());
    }
    return row;
  }

  /** Writes what {@link ArrowRows#get} would read from the vector, without making it first. */
  private void write(FieldVector v, int i) {
    if (v.isNull(i)) {
      put(NULL);
    } else if (v instanceof VarCharVector s) {
      put(STRING);
      long from = s.getStartOffset(i);
      int length = (int) (s.getEndOffset(i) - from);
      putVarInt(length);
      room(length);
      s.getDataBuffer().getBytes(from, buffer, size, length);
      size += length;
    } else if (v instanceof IntVector n) {
      put(INT);
      putLong(n.get(i), 4);
    } else if (v instanceof BigIntVector n) {
      put(LONG);
      putLong(n.get(i), 8);
    } else if (v instanceof Float8Vector n) {
      put(DOUBLE);
      putLong(Double.doubleToRawLongBits(n.get(i)), 8);
    } else if (v instanceof Float4Vector n) {
      put(FLOAT);
      putLong(Float.floatToRawIntBits(n.get(i)), 4);
    } else if (v instanceof BitVector b) {
      put(b.get(i) != 0 ? TRUE : FALSE);
    } else if (v instanceof TimeStampMicroTZVector t) {
      long micros = t.get(i);
      put(INSTANT);
      putLong(Math.floorDiv(micros, 1_000_000L), 8);
      putLong(Math.floorMod(micros, 1_000_000L) * 1000, 4);
    } else if (v instanceof ListVector l) {
      int from = l.getElementStartIndex(i);
      int to = l.getElementEndIndex(i);
      put(LIST);
      putVarInt(to - from);
      for (int k = from; k < to; k++) {
        write(l.getDataVector(), k);
      }
    } else {
      throw new IllegalArgumentException(
          "column " + v.getName() + " of type " + v.getField().getType() + " is not packed");
    }
  }

  private void put(byte b) {
    room(1);
    buffer[size++] = b;
  }

  private void putVarInt(int n) {
    while ((n & ~0x7F) != 0) {
      put((byte) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    put((byte) n);
  }

  private void putLong(long n, int bytes) {
    room(bytes);
    for (int i = 0; i < bytes; i++) {
      buffer[size++] = (byte) (n >>> (8 * i));
    }
  }

  private void room(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  private static final class Reader {
    private final ByteBuffer data;
    private int at;

    Reader(ByteBuffer data, int at) {
      this.data = data;
      this.at = at;
    }

    Object value() {
      byte tag = data.get(at++);
      return switch (tag) {
        case NULL -> null;
        case STRING -> {
          byte[] utf8 = new byte[varInt()];
          data.get(at, utf8);
          at += utf8.length;
          yield new String(utf8, StandardCharsets.UTF_8);
        }
        case INT -> (int) number(4);
        case LONG -> number(8);
        case DOUBLE -> Double.longBitsToDouble(number(8));
        case FLOAT -> Float.intBitsToFloat((int) number(4));
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        case INSTANT -> Instant.ofEpochSecond(number(8), (int) number(4));
        case LIST -> {
          int n = varInt();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(value());
          }
          yield list;
        }
        default -> throw new IllegalStateException("corrupt packed row: tag " + tag);
      };
    }

    private int varInt() {
      int n = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = data.get(at++);
        n |= (b & 0x7F) << shift;
        if (b >= 0) {
          return n;
        }
      }
    }

    private long number(int bytes) {
      long n = 0;
      for (int i = 0; i < bytes; i++) {
        n |= (data.get(at++) & 0xFFL) << (8 * i);
      }
      // Sign-extend the 4-byte forms: ints and float bits are written as their low 32 bits.
      return bytes == 4 ? (int) n : n;
    }
  }
}
