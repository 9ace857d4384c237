package dev.jive.lancedb.table;

import dev.jive.core.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the store's read-modify-write sequences (check the parent, read the item, write it
 * back) for one data path: a JVM-wide lock for threads, and an OS file lock on {@code
 * <data_path>/.jive-write.lock} for other processes. Reads never take it. For object-store paths
 * there is no shared file system to lock; there Lance's own commit conflict checks apply and
 * single-writer use is documented.
 */
public final class WriteLock {
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS =
      new ConcurrentHashMap<>();

  private final ReentrantLock jvmLock;
  private final Path lockFile;
  private final Path root;
  private FileChannel channel;
  private FileLock fileLock;

  private WriteLock(String key, Path root) {
    this.jvmLock = JVM_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    this.root = root;
    this.lockFile = root == null ? null : root.resolve(".jive-write.lock");
  }

  static WriteLock forLocal(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    return new WriteLock(absolute.toString(), absolute);
  }

  static WriteLock forRemote(String uri) {
    return new WriteLock(uri, null);
  }

  /**
   * Runs a write under the lock.
   *
   * @throws dev.jive.core.ConflictException a re-embedding holds the location ({@link
   *     ReembedMarker}): checked before waiting for the lock and again once it is held
   */
  public <T> T with(Supplier<T> action) {
    return locked(action, true);
  }

  /** The re-embedding's own writes, which the marker it wrote must not refuse. */
  public <T> T withoutReembedCheck(Supplier<T> action) {
    return locked(action, false);
  }

  private <T> T locked(Supplier<T> action, boolean checkReembed) {
    boolean check = checkReembed && root != null && !jvmLock.isHeldByCurrentThread();
    if (check) {
      ReembedMarker.refuseWrites(root);
    }
    jvmLock.lock();
    try {
      boolean outermost = jvmLock.getHoldCount() == 1;
      if (outermost && lockFile != null) {
        acquireFileLock();
      }
      try {
        if (check) {
          ReembedMarker.refuseWrites(root);
        }
        return action.get();
      } finally {
        if (outermost && lockFile != null) {
          releaseFileLock();
        }
      }
    } finally {
      jvmLock.unlock();
    }
  }

  public void run(Runnable action) {
    with(
        () -> {
          action.run();
          return null;
        });
  }

  private void acquireFileLock() {
    try {
      Files.createDirectories(lockFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      fileLock = channel.lock();
    } catch (IOException e) {
      closeQuietly();
      throw new StorageException("cannot lock " + lockFile + " for writing: " + e.getMessage(), e);
    }
  }

  private void releaseFileLock() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
    } catch (IOException e) {
      throw new StorageException("cannot release " + lockFile + ": " + e.getMessage(), e);
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // The lock goes with the channel; nothing more to undo.
    }
    channel = null;
    fileLock = null;
  }
}
