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
  final List<String> mends = new ArrayList<>();
  final List<String> failures = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  String vectors = "";

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
}
