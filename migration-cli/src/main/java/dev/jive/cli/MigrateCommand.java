package dev.jive.cli;

import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate --from-backup PATH}: an MCP Jive backup (a backup folder, or the old single JSON
 * file) into the store, with the {@code jive} profile. Reading from a live Weaviate, the generic
 * profile, dry runs and resume come with the rest of the command-line issue.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Migrate an MCP Jive backup into the store.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--from-backup", description = "A weaviate_backup_* folder or old .json file.")
  Path backup;

  @Option(
      names = "--weaviate-url",
      description = "A live Weaviate: backed up first, then migrated from that backup.")
  String url;

  @Mixin WeaviateOptionsMixin weaviate;

  @Option(names = "--backup-path", defaultValue = "./backups")
  Path backupPath;

  @Option(
      names = "--no-backup",
      description = "With --weaviate-url: keep no backup (it is read from a temporary one).")
  boolean noBackup;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((backup == null) == (url == null)) {
      throw new dev.jive.core.InvalidInputException(
          "--from-backup", "give --from-backup PATH or --weaviate-url URL");
    }
    Path source = backup;
    Path temporary = null;
    if (url != null) {
      Path dir =
          noBackup
              ? (temporary = java.nio.file.Files.createTempDirectory("jive-migrate"))
              : backupPath;
      source = BackupCommand.backup(url, weaviate, dir, false, out).backup();
    }
    try (LanceDBManager db = store.open()) {
      MigrationReport report = migrate(db, Backup.open(source), out);
      return report.failures.isEmpty() ? JiveMigrate.OK : JiveMigrate.FAILURE;
    } finally {
      if (temporary != null) {
        try (var files = java.nio.file.Files.walk(temporary)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            java.nio.file.Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  static MigrationReport migrate(LanceDBManager db, Backup backup, PrintWriter out)
      throws java.io.IOException {
    long start = System.nanoTime();
    out.println("migrating " + backup.location() + " into " + db.location());
    MigrationReport report = new JiveProfileMigration(db, out::println).run(backup);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    out.println("read:    " + report.read);
    out.println("written: " + report.written);
    if (!report.skipped.isEmpty()) {
      out.println("already present, skipped: " + report.skipped);
    }
    out.println("vectors: " + report.vectors);
    report.notes.forEach(n -> out.println("note: " + n));
    if (!report.mends.isEmpty()) {
      out.println("mended " + report.mends.size() + " item(s) the old system let through:");
      report.mends.stream().limit(10).forEach(m -> out.println("  " + m));
      if (report.mends.size() > 10) {
        out.println("  ... and " + (report.mends.size() - 10) + " more");
      }
    }
    report.failures.forEach(f -> out.println("NOT MIGRATED " + f));
    long written = report.written.values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "done in %.1f s (%.0f objects/s)%n",
        took.toMillis() / 1000.0, written / Math.max(0.001, took.toMillis() / 1000.0));
    return report;
  }
}
