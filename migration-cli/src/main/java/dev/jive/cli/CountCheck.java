package dev.jive.cli;

import dev.jive.core.search.Filter;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Objects a backup holds against rows the store holds, for every class and tenant, as the migration
 * profile maps them: the jive profile folds WorkItem and the old Task into WorkItem (tenants into
 * one table) and skips derived and foreign classes; the generic profile writes each class to a
 * table of its name, with a {@code tenant} column for a multi-tenant class. It passes only when
 * every count is equal and something was compared (or the source is empty).
 */
final class CountCheck {
  /** One comparison; {@code skipped} says why a class is not compared (then it always passes). */
  record Row(
      String source, String tenant, String table, long expected, long found, String skipped) {
    boolean ok() {
      return skipped != null || expected == found;
    }
  }

  /** The comparison's rows and its outcome. */
  record Result(List<Row> rows, long sourceObjects) {
    List<Row> compared() {
      return rows.stream().filter(r -> r.skipped() == null).toList();
    }

    List<Row> differing() {
      return rows.stream().filter(r -> !r.ok()).toList();
    }

    boolean passed() {
      return differing().isEmpty() && (sourceObjects == 0 || !compared().isEmpty());
    }

    /** What failed, in one sentence naming classes, expected and found counts. */
    String failure() {
      if (!differing().isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (Row r : differing()) {
          parts.add(
              r.table()
                  + (r.tenant() == null ? "" : " tenant " + r.tenant())
                  + " (from "
                  + r.source()
                  + "): expected "
                  + r.expected()
                  + ", found "
                  + r.found());
        }
        return "counts differ: " + String.join("; ", parts);
      }
      return "nothing was compared: none of the backup's "
          + sourceObjects
          + " objects is in a class this profile migrates (try --profile generic)";
    }
  }

  private CountCheck() {}

  static Result compare(Backup backup, LanceDBManager db, boolean generic) {
    List<BackupManifest.FileEntry> files = backup.manifest().files();
    long total = files.stream().mapToLong(BackupManifest.FileEntry::objects).sum();
    return new Result(generic ? generic(files, db) : jive(files, db), total);
  }

  private static List<Row> jive(List<BackupManifest.FileEntry> files, LanceDBManager db) {
    Map<String, Long> expected = new LinkedHashMap<>();
    Map<String, Set<String>> sources = new LinkedHashMap<>();
    List<Row> notCompared = new ArrayList<>();
    for (BackupManifest.FileEntry f : files) {
      String kind = JiveProfileMigration.kindOf(f);
      String table = kind.equals("Task") ? "WorkItem" : kind;
      if (table.equals("SearchIndex") || table.equals("other")) {
        notCompared.add(
            new Row(
                f.className(),
                blankToNull(f.tenant()),
                "-",
                f.objects(),
                0,
                table.equals("other") ? "not an MCP Jive class" : "derived data, rebuilt"));
        continue;
      }
      expected.merge(table, f.objects(), Long::sum);
      sources.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(f.className());
    }
    List<Row> compared = new ArrayList<>();
    expected.forEach(
        (table, n) ->
            compared.add(
                new Row(
                    String.join("+", sources.get(table)),
                    null,
                    table,
                    n,
                    rows(db, table, null),
                    null)));
    compared.addAll(notCompared);
    return compared;
  }

  private static List<Row> generic(List<BackupManifest.FileEntry> files, LanceDBManager db) {
    Map<List<String>, Long> expected = new LinkedHashMap<>();
    for (BackupManifest.FileEntry f : files) {
      expected.merge(
          java.util.Arrays.asList(f.className(), blankToNull(f.tenant())), f.objects(), Long::sum);
    }
    List<Row> out = new ArrayList<>();
    expected.forEach(
        (key, n) -> {
          String table = key.get(0);
          String tenant = key.get(1);
          out.add(new Row(table, tenant, table, n, rows(db, table, tenant), null));
        });
    return out;
  }

  /** Rows of a table (of one tenant when given); 0 when the table does not exist. */
  private static long rows(LanceDBManager db, String table, String tenant) {
    if (!db.tableExists(table)) {
      return 0;
    }
    boolean byTenant =
        tenant != null
            && db.tableSchema(table).getFields().stream()
                .anyMatch(f -> f.getName().equals("tenant"));
    return db.countRows(table, byTenant ? Filter.eq("tenant", tenant) : null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The table operators read: one line per comparison. */
  static void print(Result r, PrintWriter out) {
    out.printf("%-22s %-14s %-22s %9s %9s%n", "table", "tenant", "from", "source", "store");
    for (Row row : r.rows()) {
      out.printf(
          "%-22s %-14s %-22s %9d %9s  %s%n",
          row.table(),
          row.tenant() == null ? "-" : row.tenant(),
          row.source(),
          row.expected(),
          row.skipped() == null ? String.valueOf(row.found()) : "-",
          row.skipped() != null
              ? "not compared: " + row.skipped()
              : row.ok() ? "ok" : "DIFFERS (" + (row.found() - row.expected()) + ")");
    }
  }
}
