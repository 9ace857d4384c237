package dev.jive.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary folders the server and its benchmark make. */
final class TempFolders {
  private TempFolders() {}

  /** Deletes a folder and its contents; a leftover temporary file is not worth failing over. */
  static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the OS cleans its temporary folder eventually
    }
  }
}
