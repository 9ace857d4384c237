package dev.jive.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a migration read, wrote, skipped, mended and could not migrate. */
final class MigrationReport {
  final Map<String, Long> read = new LinkedHashMap<>();
  final Map<String, Long> written = new LinkedHashMap<>();
  final Map<String, Long> skipped = new LinkedHashMap<>();

  /** A dry run's counts: what a real run would write. */
  final Map<String, Long> wouldWrite = new LinkedHashMap<>();

  final List<String> mends = new ArrayList<>();
  final List<String> failures = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  String vectors = "";
  double seconds;

  void read(String table, long n) {
    read.merge(table, n, Long::sum);
  }

  void written(String table, long n) {
    written.merge(table, n, Long::sum);
  }

  void skipped(String table, long n) {
    if (n > 0) {
      skipped.merge(table, n, Long::sum);
    }
  }

  void wouldWrite(String table, long n) {
    wouldWrite.merge(table, n, Long::sum);
  }

  void mended(String id, String what) {
    mends.add(id + ": " + what);
  }

  void failed(String table, String id, String message) {
    failures.add(table + " " + id + ": " + message);
  }

  void note(String text) {
    notes.add(text);
  }

  void vectors(long kept, long reembedded, String model, int dimension) {
    vectors =
        kept
            + " vectors kept (they match "
            + model
            + ", "
            + dimension
            + " dimensions); "
            + reembedded
            + " re-embedded with "
            + model
            + (reembedded > 0 ? " (missing, or another dimension)" : "");
  }

  /** Format {@code jive-migration-report} version 1: per table read, written, skipped. */
  com.fasterxml.jackson.databind.node.ObjectNode toJson(
      com.fasterxml.jackson.databind.ObjectMapper json) {
    var root = json.createObjectNode();
    root.put("format", "jive-migration-report");
    root.put("version", 1);
    var tables = root.putObject("tables");
    java.util.Set<String> names = new java.util.LinkedHashSet<>(read.keySet());
    names.addAll(written.keySet());
    names.addAll(wouldWrite.keySet());
    for (String t : names) {
      var n = tables.putObject(t);
      n.put("read", read.getOrDefault(t, 0L));
      n.put("written", written.getOrDefault(t, 0L));
      n.put("skipped_present", skipped.getOrDefault(t, 0L));
      if (!wouldWrite.isEmpty()) {
        n.put("would_write", wouldWrite.getOrDefault(t, 0L));
      }
      n.put("failed", failures.stream().filter(f -> f.startsWith(t + " ")).count());
    }
    long total = written.values().stream().mapToLong(Long::longValue).sum();
    root.put("duration_s", Math.round(seconds * 100) / 100.0);
    root.put("objects_per_s", seconds > 0 ? Math.round(total / seconds) : 0);
    root.put("vectors", vectors);
    mends.forEach(root.putArray("mends")::add);
    failures.forEach(root.putArray("failures")::add);
    notes.forEach(root.putArray("notes")::add);
    return root;
  }
}
