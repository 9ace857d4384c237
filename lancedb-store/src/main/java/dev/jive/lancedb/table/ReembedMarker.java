package dev.jive.lancedb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.ConflictException;
import dev.jive.core.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The file {@code <data_path>/.jive-reembed.json} (format {@code jive-reembed}, version 1) that
 * says a re-embedding of several tables is under way or was interrupted: its tag, the new model,
 * the tables it covers and those already done, and the process running it. While it exists the
 * tables hold vectors of two models, so every other writer is refused; it goes when the
 * re-embedding finishes or is rolled back.
 *
 * @param processStarted the start time of {@code pid}, so a reused pid is not taken for the owner
 */
public record ReembedMarker(
    String tag,
    String model,
    List<String> tables,
    List<String> done,
    long pid,
    String processStarted,
    Instant startedAt) {
  static final String FILE = ".jive-reembed.json";
  private static final String FORMAT = "jive-reembed";
  private static final int VERSION = 1;

  public ReembedMarker {
    tables = List.copyOf(tables);
    done = List.copyOf(done);
  }

  /** A marker for this process, nothing done yet. */
  public static ReembedMarker start(String tag, String model, List<String> tables, Instant at) {
    ProcessHandle me = ProcessHandle.current();
    return new ReembedMarker(tag, model, tables, List.of(), me.pid(), started(me), at);
  }

  /** This marker with {@code table} done. */
  public ReembedMarker withDone(String table) {
    List<String> now = new ArrayList<>(done);
    if (!now.contains(table)) {
      now.add(table);
    }
    return new ReembedMarker(tag, model, tables, now, pid, processStarted, startedAt);
  }

  /** This marker taken over by the current process (resuming an interrupted re-embedding). */
  public ReembedMarker takenOver() {
    ProcessHandle me = ProcessHandle.current();
    return new ReembedMarker(tag, model, tables, done, me.pid(), started(me), startedAt);
  }

  /** Whether the process that wrote it still runs (same pid, same start time). */
  public boolean processAlive() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(p -> started(p).equals(processStarted))
        .orElse(false);
  }

  public boolean ours() {
    ProcessHandle me = ProcessHandle.current();
    return me.pid() == pid && started(me).equals(processStarted);
  }

  /** One sentence for an operator: what is under way and the commands that end it. */
  public String describe(String root) {
    boolean alive = processAlive();
    String state =
        alive
            ? "is under way (process " + pid + ", started " + startedAt + ")"
            : "was interrupted (process " + pid + " no longer runs)";
    return "a re-embedding of "
        + String.join(", ", tables)
        + " with "
        + model
        + " "
        + state
        + "; done so far: "
        + (done.isEmpty() ? "none" : String.join(", ", done))
        + ". Until it ends the tables hold vectors of two models and writes are refused. "
        + (alive
            ? "Wait for it to finish, or stop it and then "
            : "Finish it with: jive-migrate reembed --data-path "
                + root
                + " --model "
                + model
                + "; or ")
        + "undo it with: jive-migrate reembed --data-path "
        + root
        + " --rollback";
  }

  /** The marker under a local location, if there is one. */
  public static Optional<ReembedMarker> read(Path root) {
    Path file = root.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode j;
    try {
      j = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(j.path("format").asText()) || j.path("version").asInt() != VERSION) {
      throw new StorageException(
          file
              + " is not a "
              + FORMAT
              + " v"
              + VERSION
              + " file (format "
              + j.path("format").asText("?")
              + ", version "
              + j.path("version").asText("?")
              + ")");
    }
    return Optional.of(
        new ReembedMarker(
            j.path("tag").asText(),
            j.path("model").asText(),
            strings(j.path("tables")),
            strings(j.path("done")),
            j.path("pid").asLong(),
            j.path("process_started_at").asText(),
            Instant.parse(j.path("started_at").asText())));
  }

  /** Writes (or replaces) the marker atomically. */
  public void write(Path root) {
    ObjectNode j = Json.MAPPER.createObjectNode();
    j.put("format", FORMAT);
    j.put("version", VERSION);
    j.put("tag", tag);
    j.put("model", model);
    tables.forEach(j.putArray("tables")::add);
    done.forEach(j.putArray("done")::add);
    j.put("pid", pid);
    j.put("process_started_at", processStarted);
    j.put("started_at", startedAt.toString());
    Path file = root.resolve(FILE);
    try {
      Path tmp = file.resolveSibling(FILE + ".partial");
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), j);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static void delete(Path root) {
    try {
      Files.deleteIfExists(root.resolve(FILE));
    } catch (IOException e) {
      throw new StorageException("cannot delete " + root.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a write while a marker holds the location (the re-embedding's own writes do not ask:
   * {@link WriteLock#withoutReembedCheck}).
   */
  static void refuseWrites(Path root) {
    Optional<ReembedMarker> m = read(root);
    if (m.isPresent()) {
      throw new ConflictException(m.get().describe(root.toString()));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String started(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toString).orElse("");
  }
}
