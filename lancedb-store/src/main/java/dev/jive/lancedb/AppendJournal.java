package dev.jive.lancedb;

import dev.jive.core.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows a {@link GroupCommit} has accepted but not yet committed to Lance, on disk, so that a
 * process killed between a create and its commit loses nothing: the next store to open the data
 * path commits them.
 *
 * <p>Format {@code jive-append-journal} version 2, one file per open store and table at {@code
 * <data_path>/.jive-journal/<Table>-<uuid>.journal}: the 8 bytes {@code JIVEJRNL}, a 4-byte
 * version, then one frame per row: a 4-byte length, the CRC-32 of the payload (4 bytes) and the
 * payload, an Arrow IPC stream holding the row with its schema. A torn last frame (the process died
 * mid-write) fails its length or checksum and is ignored: its create never returned. A row may have
 * a null {@code vector}: its create left the embedding to the group commit, and recovery embeds it
 * (new in version 2; version 1 journals, whose rows all have vectors, are still read). The owning
 * process holds an OS lock on its file, so a store only recovers journals whose owner is gone.
 * Frames are written to the OS, not forced to the device: they survive the process, as Lance's own
 * local writes do, not a power cut.
 */
final class AppendJournal implements AutoCloseable {
  static final String FORMAT = "jive-append-journal";
  static final int VERSION = 2;

  /** The oldest version this build still reads. */
  static final int OLDEST_VERSION = 1;

  static final String DIRECTORY = ".jive-journal";
  private static final byte[] MAGIC = "JIVEJRNL".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + Integer.BYTES;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private AppendJournal(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** A new, empty journal for {@code table} under {@code root}, locked by this process. */
  static AppendJournal create(Path root, String table) {
    Path file = root.resolve(DIRECTORY).resolve(table + "-" + UUID.randomUUID() + ".journal");
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(VERSION).flip();
      while (header.hasRemaining()) {
        channel.write(header);
      }
      return new AppendJournal(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot create the journal " + file + ": " + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  /** Appends one row; on failure the file is cut back so no partial frame stays behind. */
  void append(Schema schema, Map<String, Object> row, BufferAllocator allocator) {
    byte[] payload = encode(schema, row, allocator);
    CRC32 crc = new CRC32();
    crc.update(payload);
    ByteBuffer frame =
        ByteBuffer.allocate(2 * Integer.BYTES + payload.length)
            .putInt(payload.length)
            .putInt((int) crc.getValue())
            .put(payload)
            .flip();
    long end = -1;
    try {
      end = channel.size();
      channel.position(end);
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    } catch (IOException e) {
      try {
        if (end >= 0) {
          channel.truncate(end);
        }
      } catch (IOException ignored) {
        // A torn frame fails its checksum on recovery and is skipped.
      }
      throw new StorageException("cannot write to the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Forgets every frame: their rows are committed. */
  void clear() {
    try {
      channel.truncate(HEADER);
    } catch (IOException e) {
      throw new StorageException("cannot clear the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Releases the lock and deletes the file (every row it held is committed). */
  void delete() {
    close();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StorageException("cannot delete the journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // Closing the channel releases it too.
    }
    closeQuietly(channel);
  }

  /**
   * The journals of {@code table} under {@code root} whose owners are gone (no process holds their
   * lock), each handed with its rows to {@code commit} and deleted once it returns.
   */
  static int recover(Path root, String table, BufferAllocator allocator, Committer commit) {
    Path dir = root.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(table + "-") && n.endsWith(".journal");
                  })
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    int recovered = 0;
    for (Path f : files) {
      try (FileChannel channel =
          FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          continue; // a store in this process owns it
        }
        if (lock == null) {
          continue; // another process owns it
        }
        List<Map<String, Object>> rows = read(f, channel, allocator);
        if (!rows.isEmpty()) {
          commit.commit(f, rows);
          recovered += rows.size();
        }
        Files.delete(f);
      } catch (IOException e) {
        throw new StorageException("cannot recover the journal " + f + ": " + e.getMessage(), e);
      }
    }
    return recovered;
  }

  /** What recovery does with a dead store's rows: commit them, idempotently. */
  @FunctionalInterface
  interface Committer {
    void commit(Path journal, List<Map<String, Object>> rows);
  }

  static List<Map<String, Object>> read(Path f, FileChannel channel, BufferAllocator allocator)
      throws IOException {
    ByteBuffer all = ByteBuffer.allocate((int) channel.size());
    channel.position(0);
    while (all.hasRemaining() && channel.read(all) >= 0) {
      // read to the end
    }
    all.flip();
    byte[] magic = new byte[MAGIC.length];
    if (all.remaining() < HEADER) {
      return List.of(); // died while writing the header: no row was accepted
    }
    all.get(magic);
    int version = all.getInt();
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new StorageException(f + " is not a " + FORMAT + " file");
    }
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new StorageException(
          f
              + " is "
              + FORMAT
              + " version "
              + version
              + "; this build reads versions "
              + OLDEST_VERSION
              + " to "
              + VERSION);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    while (all.remaining() >= 2 * Integer.BYTES) {
      int length = all.getInt();
      int expected = all.getInt();
      if (length < 0 || length > all.remaining()) {
        break; // torn tail
      }
      byte[] payload = new byte[length];
      all.get(payload);
      CRC32 crc = new CRC32();
      crc.update(payload);
      if ((int) crc.getValue() != expected) {
        break; // torn tail
      }
      rows.addAll(decode(payload, allocator));
    }
    return rows;
  }

  private static byte[] encode(Schema schema, Map<String, Object> row, BufferAllocator allocator) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = ArrowRows.toRoot(schema, List.of(row), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new StorageException("cannot encode a row for the journal: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static List<Map<String, Object>> decode(byte[] payload, BufferAllocator allocator)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(payload), allocator)) {
      while (reader.loadNextBatch()) {
        rows.addAll(ArrowRows.fromRoot(reader.getVectorSchemaRoot()));
      }
    }
    return rows;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }
}
