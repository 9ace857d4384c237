package dev.jive.lancedb;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * The vectors of one data fragment, in a scratch file at {@code offset x dimension x 4} bytes
 * (float32, little-endian), read back with one positional read per vector. Lance's own refinement
 * read 20 stored vectors in ~3 ms at 100,000 rows; a read here takes microseconds, and the bytes
 * live in the operating system's page cache, not in this process (docs/search.md).
 *
 * <p>The file is unlinked as soon as it is open where the system allows it (Linux, macOS), so a
 * killed process leaves nothing behind; elsewhere it is deleted on close or at exit. Reads go
 * through a {@link RandomAccessFile}, not a {@code FileChannel}: an interrupted thread closes a
 * channel for every reader, and the file could not be opened again.
 */
final class VectorFile implements AutoCloseable {
  /** Rows written with one call. */
  static final int RUN = 64;

  private final Path path;
  private final RandomAccessFile file;
  private final int dimension;
  private final int rowBytes;
  private long bytes;

  /** The buffer of one write, kept between a load's batches; dropped by {@link #loaded}. */
  private byte[] run;

  private VectorFile(Path path, RandomAccessFile file, int dimension) {
    this.path = path;
    this.file = file;
    this.dimension = dimension;
    this.rowBytes = dimension * Float.BYTES;
  }

  /** An empty file in {@code dir} (created if missing) for vectors of {@code dimension}. */
  static VectorFile create(Path dir, int dimension) throws IOException {
    Files.createDirectories(dir);
    Path path = Files.createTempFile(dir, "vectors-", ".f32");
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    try {
      Files.delete(path);
    } catch (IOException e) {
      // Windows refuses to delete an open file: delete it on close instead.
      path.toFile().deleteOnExit();
      return new VectorFile(path, file, dimension);
    }
    return new VectorFile(null, file, dimension);
  }

  /**
   * Writes the vectors of a batch, row {@code i} at fragment offset {@code offsets[i]}, in runs of
   * consecutive offsets of at most {@link #RUN} rows: a batch's vectors in one array grew the Java
   * heap by the batch's size (12 MB at 8,192 rows of 384), and the heap does not give it back. A
   * null vector leaves zeros (a row without a vector is never a vector search's candidate).
   */
  void write(FixedSizeListVector column, int[] offsets) throws IOException {
    Float4Vector values = (Float4Vector) column.getDataVector();
    if (run == null) {
      run = new byte[RUN * rowBytes];
    }
    for (int i = 0; i < offsets.length; ) {
      int n = 1;
      while (i + n < offsets.length && n < RUN && offsets[i + n] == offsets[i] + n) {
        n++;
      }
      for (int r = 0; r < n; r++) {
        if (column.isNull(i + r)) {
          java.util.Arrays.fill(run, r * rowBytes, (r + 1) * rowBytes, (byte) 0);
        } else {
          values.getDataBuffer().getBytes((long) (i + r) * rowBytes, run, r * rowBytes, rowBytes);
        }
      }
      synchronized (file) {
        file.seek((long) offsets[i] * rowBytes);
        file.write(run, 0, n * rowBytes);
        bytes = Math.max(bytes, file.getFilePointer());
      }
      i += n;
    }
  }

  /** Every vector is written: the write buffer goes. */
  void loaded() {
    run = null;
  }

  /** The vector at a fragment offset, or null if it cannot be read (the file was closed). */
  float[] read(int offset) {
    byte[] in = new byte[rowBytes];
    try {
      synchronized (file) {
        file.seek((long) offset * rowBytes);
        file.readFully(in);
      }
    } catch (IOException e) {
      return null;
    }
    float[] vector = new float[dimension];
    ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }

  /** Bytes written. */
  long bytes() {
    synchronized (file) {
      return bytes;
    }
  }

  @Override
  public void close() {
    try {
      file.close();
      if (path != null) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A scratch file: nothing is lost, and deleteOnExit covers the path.
    }
  }
}
