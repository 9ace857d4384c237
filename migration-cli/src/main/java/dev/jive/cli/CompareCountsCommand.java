package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare-counts}: objects per source class against rows per target table, as the jive
 * profile maps them (WorkItem and the old Task into WorkItem, and so on). Exit 0 when every table
 * holds as many rows as its classes had objects, 3 otherwise. A live source is read into a
 * temporary backup first, so its counts are the objects actually readable.
 */
@Command(
    name = "compare-counts",
    mixinStandardHelpOptions = true,
    description =
        "Compare object counts in a backup or live Weaviate with row counts in the store.")
final class CompareCountsCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--backup-file", description = "A backup folder or old single .json file.")
  Path backupFile;

  @Option(names = "--weaviate-url", description = "A live Weaviate (read into a temporary backup).")
  String url;

  @Mixin WeaviateOptionsMixin weaviate;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((backupFile == null) == (url == null)) {
      throw new InvalidInputException(
          "--backup-file", "give --backup-file PATH or --weaviate-url URL");
    }
    Path temporary = null;
    Path source = backupFile;
    try {
      if (url != null) {
        temporary = Files.createTempDirectory("jive-compare");
        source = BackupCommand.backup(url, weaviate, temporary, false, out).backup();
      }
      Map<String, Long> expected = new LinkedHashMap<>();
      for (BackupManifest.FileEntry f : Backup.open(source).manifest().files()) {
        String table = JiveProfileMigration.kindOf(f);
        table = table.equals("Task") ? "WorkItem" : table;
        if (!table.equals("SearchIndex") && !table.equals("other")) {
          expected.merge(table, f.objects(), Long::sum);
        } else {
          out.printf(
              "%-22s %8d objects (%s, not migrated)%n",
              f.className(),
              f.objects(),
              table.equals("other") ? "not an MCP Jive class" : "derived data");
        }
      }
      boolean same = true;
      try (LanceDBManager db = store.open()) {
        out.printf("%-22s %8s %8s%n", "table", "source", "store");
        for (Map.Entry<String, Long> e : expected.entrySet()) {
          long rows = db.tableExists(e.getKey()) ? db.countRows(e.getKey(), null) : 0;
          boolean ok = rows == e.getValue();
          same &= ok;
          out.printf(
              "%-22s %8d %8d  %s%n",
              e.getKey(),
              e.getValue(),
              rows,
              ok ? "ok" : "DIFFERS (" + (rows - e.getValue()) + ")");
        }
      }
      out.println(
          same
              ? "counts match"
              : "counts differ: see jive-migrate validate --compare-backup for which objects");
      return same ? JiveMigrate.OK : JiveMigrate.VALIDATION_FAILED;
    } finally {
      Folders.delete(temporary);
    }
  }
}
