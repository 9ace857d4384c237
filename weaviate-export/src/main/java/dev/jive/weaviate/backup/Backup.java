package dev.jive.weaviate.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A backup ready to read: a folder in this project's format, or the old Python tool's single {@code
 * weaviate_backup_*.json} file. {@link #open} checks everything that can be checked before
 * returning (format, version, every checksum and object count), so a caller that has one can start
 * writing elsewhere knowing the backup is whole.
 */
public sealed interface Backup permits FolderBackup, LegacyBackup {

  /** Opens and verifies a backup folder or an old single-file backup. */
  static Backup open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return FolderBackup.open(path);
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) {
      return LegacyBackup.open(path);
    }
    if (Files.isDirectory(Path.of(path + ".partial"))) {
      throw new InvalidInputException(
          "backup", path + " was never finished (only " + path + ".partial exists): export again");
    }
    throw new InvalidInputException(
        "backup", "no backup at " + path + " (expected a weaviate_backup_* folder or .json file)");
  }

  Path location();

  /** The manifest; for an old single-file backup, one synthesised from its contents. */
  BackupManifest manifest();

  /** The schema as the server returned it; old single-file backups have none. */
  Optional<JsonNode> schema();

  /** Streams the objects of one file of the manifest, in the order they were written. */
  void forEachObject(BackupManifest.FileEntry file, ObjectConsumer consumer) throws IOException;

  /** Receives objects one at a time; may throw to stop. */
  @FunctionalInterface
  interface ObjectConsumer {
    void accept(ObjectNode object) throws IOException;
  }
}
