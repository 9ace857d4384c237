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

  /** The source of an interrupted migration (its process is gone), if one is recorded. */
  Optional<String> interrupted() {
    JsonNode j = read();
    return j != null && j.path("status").asText().equals("running") && !alive(j)
        ? Optional.of(describe(j))
        : Optional.empty();
  }

  private JsonNode read() {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode j = JSON.readTree(file.toFile());
      if (!FORMAT.equals(j.path("format").asText()) || j.path("version").asInt() != VERSION) {
        throw new StorageException(
            file + " is not a " + FORMAT + " version " + VERSION + " file; move it away to go on");
      }
      return j;
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String describe(JsonNode j) {
    return j.path("source").asText() + " (started " + j.path("started_at").asText() + ")";
  }

  /** Whether the process that wrote the journal still runs (same pid and start time). */
  private static boolean alive(JsonNode j) {
    if (!j.hasNonNull("pid")) {
      return false; // written before pids were recorded: taken as interrupted
    }
    return ProcessHandle.of(j.path("pid").asLong())
        .filter(p -> p.isAlive())
        .map(p -> started(p).equals(j.path("process_started_at").asText()))
        .orElse(false);
  }

  private static String started(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }

  /**
   * Refuses to start while another migration into this data path runs, and over an interrupted one
   * unless resuming it.
   *
   * @param preMigrationTag whether the store has a {@code pre-migration} tag to roll back to
   */
  void requireNoneRunning(boolean resume, boolean preMigrationTag) {
    JsonNode j = read();
    if (j == null || !j.path("status").asText().equals("running")) {
      return;
    }
    if (alive(j)) {
      throw new ConflictException(
          "another migration is writing into "
              + file.getParent()
              + " now (process "
              + j.path("pid").asLong()
              + ", from "
              + describe(j)
              + "); wait for it to finish, or stop it and run this command again with --resume");
    }
    if (!resume) {
      throw new ConflictException(
          "a migration into "
              + file.getParent()
              + " from "
              + describe(j)
              + " did not finish. Run the same command with --resume to finish it (what it"
              + " wrote is kept and not written twice), or "
              + (preMigrationTag
                  ? "roll back first with: jive-migrate rollback --data-path "
                      + file.getParent()
                      + " --to-tag pre-migration"
                  : "delete "
                      + file.getParent()
                      + " and run it again without --resume (the store was empty before it, so"
                      + " there is no pre-migration tag to roll back to)"));
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
    j.put("pid", ProcessHandle.current().pid());
    j.put("process_started_at", started(ProcessHandle.current()));
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
