package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileTest {
  @TempDir Path dir;

  private static final int DIMENSION = 3;

  /** A vector column of {@code rows}, row {@code i} = (i, i + 0.5, -i); the listed rows null. */
  private static FixedSizeListVector column(BufferAllocator a, int rows, List<Integer> nulls) {
    FixedSizeListVector column = FixedSizeListVector.empty("vector", DIMENSION, a);
    column.addOrGetVector(
        FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    Float4Vector values = (Float4Vector) column.getDataVector();
    column.allocateNew();
    values.allocateNew(rows * DIMENSION);
    for (int i = 0; i < rows; i++) {
      if (nulls.contains(i)) {
        column.setNull(i);
      } else {
        column.setNotNull(i);
        values.set(i * DIMENSION, i);
        values.set(i * DIMENSION + 1, i + 0.5f);
        values.set(i * DIMENSION + 2, -i);
      }
    }
    values.setValueCount(rows * DIMENSION);
    column.setValueCount(rows);
    return column;
  }

  @Test
  void vectorsReadBackAtTheirFragmentOffsetsAcrossRunsGapsAndNulls() throws Exception {
    // Offsets with a gap (deleted rows 3 and 4) and more consecutive rows than one write's run.
    int rows = VectorFile.RUN * 2 + 5;
    int[] offsets = new int[rows];
    for (int i = 0; i < rows; i++) {
      offsets[i] = i < 3 ? i : i + 2;
    }
    try (BufferAllocator a = new RootAllocator();
        FixedSizeListVector column = column(a, rows, List.of(1));
        VectorFile file = VectorFile.create(dir.resolve("scratch"), DIMENSION)) {
      file.write(column, offsets);

      for (int i = 0; i < rows; i++) {
        float[] expected = i == 1 ? new float[DIMENSION] : new float[] {i, i + 0.5f, -i};
        assertThat(file.read(offsets[i])).as("row %d", i).containsExactly(expected);
      }
      assertThat(file.bytes()).isEqualTo((long) (offsets[rows - 1] + 1) * DIMENSION * 4);
      assertThat(file.read(offsets[rows - 1] + 1)).isNull();
    }
  }

  @Test
  void theScratchFileIsGoneFromTheDirectoryWhileOpenAndAReadAfterCloseIsNull() throws Exception {
    Path scratch = dir.resolve("scratch");
    try (BufferAllocator a = new RootAllocator();
        FixedSizeListVector column = column(a, 4, List.of())) {
      VectorFile file = VectorFile.create(scratch, DIMENSION);
      file.write(column, new int[] {0, 1, 2, 3});
      if (!System.getProperty("os.name").startsWith("Windows")) {
        // Unlinked at once: a killed process leaves nothing behind.
        try (var listing = Files.list(scratch)) {
          assertThat(listing).isEmpty();
        }
      }
      assertThat(file.read(2)).containsExactly(2, 2.5f, -2);
      file.close();
      assertThat(file.read(2)).isNull();
      try (var listing = Files.list(scratch)) {
        assertThat(listing).isEmpty();
      }
    }
  }
}
