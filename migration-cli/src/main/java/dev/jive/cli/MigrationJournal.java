package dev.jive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.ConflictException;
import dev.jive.core.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code <data_path>/.jive-migration.json}: which migration is running into a data path. Written
 * before the first batch and marked done after the last, so a run that was killed is recognised:
 * the next run must say {@code --resume} (finish it, keeping the {@code pre-migration} tag the
 * killed run made) rather than start over and tag its half-written state.
 *
 * <p>Format {@code jive-migration-journal} version 1; another version is refused.
 */
final class MigrationJournal {
  static final String FORMAT = "jive-migration-journal";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  MigrationJournal(Path dataPath) {
    this.file = dataPath.resolve(".jive-migration.json");
  }

  /** The source of an interrupted migration, if one is recorded. */
  Optional<String> interrupted() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode j = JSON.readTree(file.toFile());
      if (!FORMAT.equals(j.path("format").asText()) || j.path("version").asInt() != VERSION) {
        throw new StorageException(
            file + " is not a " + FORMAT + " version " + VERSION + " file; move it away to go on");
      }
      return j.path("status").asText().equals("running")
          ? Optional.of(
              j.path("source").asText() + " (started " + j.path("started_at").asText() + ")")
          : Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Refuses to start over an interrupted migration unless resuming it. */
  void requireNoInterrupted(boolean resume) {
    Optional<String> running = interrupted();
    if (running.isPresent() && !resume) {
      throw new ConflictException(
          "a migration into "
              + file.getParent()
              + " from "
              + running.get()
              + " did not finish. Run the same command with --resume to finish it (what it"
              + " wrote is kept and not written twice), or roll back first with: jive-migrate"
              + " rollback --data-path "
              + file.getParent()
              + " --to-tag pre-migration");
    }
  }

  void running(String source, Instant at) {
    write(source, at, "running");
  }

  void done(String source, Instant at) {
    write(source, at, "done");
  }

  private void write(String source, Instant at, String status) {
    ObjectNode j = JSON.createObjectNode();
    j.put("format", FORMAT);
    j.put("version", VERSION);
    j.put("source", source);
    j.put("started_at", at.toString());
    j.put("status", status);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".partial");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), j);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
