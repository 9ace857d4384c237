package dev.jive.lancedb.table;

import dev.jive.core.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Earlier builds (until 2026-12-06) held single creates in a journal, {@code
 * <data_path>/.jive-journal/<Table>-<uuid>.journal} (format {@code jive-append-journal}), until a
 * group commit wrote them to Lance; a killed process left its journal for the next store to commit.
 * This build writes every create as its own Lance commit and no longer reads journals, so a store
 * refuses to open over one that still holds rows rather than silently dropping them.
 */
final class LeftoverJournals {
  static final String FOLDER = ".jive-journal";

  /** The magic bytes and the format version: a journal of this size or less holds no row. */
  private static final long HEADER_BYTES = 12;

  private LeftoverJournals() {}

  static void refuseIfAny(Path root) {
    Path folder = root.resolve(FOLDER);
    if (!Files.isDirectory(folder)) {
      return;
    }
    List<Path> holding;
    try (Stream<Path> files = Files.list(folder)) {
      holding =
          files
              .filter(f -> f.getFileName().toString().endsWith(".journal"))
              .filter(f -> sizeOf(f) > HEADER_BYTES)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StorageException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    if (!holding.isEmpty()) {
      throw new StorageException(
          folder
              + " holds "
              + holding.size()
              + " journal(s) of creates an earlier MCP Jive build accepted but had not yet"
              + " committed (first: "
              + holding.get(0).getFileName()
              + "). Open this data path once with that build (0.1.0 of 2026-12-05 or earlier) so"
              + " it commits them, or delete the folder to discard them; this build does not"
              + " read journals.");
    }
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }
}
