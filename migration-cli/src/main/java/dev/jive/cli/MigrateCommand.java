package dev.jive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.embedding.ModelCatalog;
import dev.jive.weaviate.backup.Backup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate (--from-backup PATH | --weaviate-url URL)}: an MCP Jive backup (a backup folder,
 * or the old single JSON file) into the store with the {@code jive} profile. A live source is
 * backed up first. {@code --dry-run} reads and checks everything and writes nothing; {@code
 * --resume} finishes a migration that was killed or interrupted. The report goes to the console
 * and, as JSON, beside the backup.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Migrate an MCP Jive backup (or a live Weaviate) into the store.")
final class MigrateCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

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

  @Option(
      names = "--dry-run",
      description =
          "Read, mend and check everything; report what would be written and what would fail."
              + " Writes nothing: the data path stays byte for byte as it was.")
  boolean dryRun;

  @Option(
      names = "--resume",
      description =
          "Finish a migration that was interrupted (Ctrl-C, kill, crash): what it committed is"
              + " kept and skipped, and its pre-migration tag is kept.")
  boolean resume;

  @Option(
      names = "--profile",
      description =
          "jive: MCP Jive's collections into the tables the MCP server reads (mending the old"
              + " mistakes); generic: every class into a table of its own name. Default: jive when"
              + " the source has MCP Jive's WorkItem or Task collection, else generic.")
  String profile;

  @Option(
      names = "--batch-size",
      description =
          "Objects per commit (default 1000 for work items, 500 per class for the generic profile);"
              + " an interrupted run keeps whole batches.")
  Integer batchSize;

  @picocli.CommandLine.ArgGroup(exclusive = true)
  VectorChoice vectors;

  /** One profile's migration of a backup. */
  @FunctionalInterface
  interface Migration {
    MigrationReport run(Backup backup) throws IOException;
  }

  /** How source vectors are treated; keeping those that fit is the default. */
  static final class VectorChoice {
    @Option(
        names = "--keep-vectors",
        description =
            "Keep source vectors whose dimension matches the store's model (the default); the"
                + " others are re-embedded, and the report says how many.")
    boolean keep;

    @Option(
        names = "--reembed",
        description = "Ignore source vectors: embed every item with the store's model (--model).")
    boolean reembed;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((backup == null) == (url == null)) {
      throw new InvalidInputException(
          "--from-backup", "give --from-backup PATH or --weaviate-url URL");
    }
    batch(0); // a bad --batch-size is refused before anything is read or written
    if (dryRun && resume) {
      throw new InvalidInputException(
          "--resume", "a dry run writes nothing, so there is nothing to resume");
    }
    Path source = backup;
    Path temporary = null;
    if (url != null) {
      // A dry run keeps its backup and report under --backup-path too: they are what it produced.
      Path dir = noBackup ? (temporary = Files.createTempDirectory("jive-migrate")) : backupPath;
      source = BackupCommand.backup(url, weaviate, dir, false, out).backup();
    }
    try {
      return dryRun
          ? dryRun(Backup.open(source), out)
          : migrate(Backup.open(source), out, temporary == null);
    } finally {
      Folders.delete(temporary);
    }
  }

  private int migrate(Backup source, PrintWriter out, boolean keepReport) throws IOException {
    DatabaseConfig config = store.config();
    MigrationJournal journal =
        config.isRemote() ? null : new MigrationJournal(StoreOptionsMixin.localFolder(config));
    boolean resuming = false;
    Instant started = Instant.now();
    try (LanceDBManager db = LanceDBManager.open(config)) {
      if (journal != null) {
        journal.requireNoneRunning(resume, hasTag(db, "pre-migration"));
        resuming = resume && journal.interrupted().isPresent();
      }
      if (journal != null) {
        journal.running(source.location().toString(), started);
      }
      if (resuming) {
        out.println("resuming the interrupted migration: what it wrote is kept and skipped");
      }
      Migration migration =
          Profiles.generic(source, profile, out)
              ? new GenericProfileMigration(db, out::println, false, resuming)
                      .progress(ProgressPrinter.forConsole(out))
                      .batchSize(batch(GenericProfileMigration.DEFAULT_BATCH))
                  ::run
              : new JiveProfileMigration(
                          db,
                          out::println,
                          false,
                          resuming,
                          db.embedder().modelName(),
                          db.embedder().dimension())
                      .progress(ProgressPrinter.forConsole(out))
                      .batchSize(batch(JiveProfileMigration.DEFAULT_BATCH))
                      .reembedAll(vectors != null && vectors.reembed)
                  ::run;
      MigrationReport report;
      try (LanceDBManager.BulkLoad bulk = db.bulkLoad()) {
        report = run(migration, source, db.location(), out);
        out.println("building indexes and compacting...");
      }
      if (journal != null) {
        journal.done(source.location().toString(), started);
      }
      if (keepReport) {
        writeJson(report, source, db.location(), false, started, out);
      }
      return report.failures.isEmpty() ? JiveMigrate.OK : JiveMigrate.FAILURE;
    }
  }

  private static boolean hasTag(LanceDBManager db, String tag) {
    return db.listTables().stream()
        .anyMatch(t -> db.listVersions(t).stream().anyMatch(v -> v.tags().contains(tag)));
  }

  /** The --batch-size given, checked, or the profile's default. */
  private int batch(int fallback) {
    if (batchSize == null) {
      return fallback;
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new InvalidInputException(
          "--batch-size", "must be between 1 and 100000, got " + batchSize);
    }
    return batchSize;
  }

  /** Reads everything and reports; opens the store only if it exists, and writes nothing. */
  private int dryRun(Backup source, PrintWriter out) throws IOException {
    DatabaseConfig config = store.config();
    boolean exists = config.isRemote() || Files.isDirectory(StoreOptionsMixin.localFolder(config));
    Instant started = Instant.now();
    MigrationReport report;
    if (exists) {
      try (LanceDBManager db = LanceDBManager.open(config)) {
        Migration migration =
            Profiles.generic(source, profile, out)
                ? new GenericProfileMigration(db, out::println, true, false)::run
                : new JiveProfileMigration(
                        db,
                        out::println,
                        true,
                        false,
                        db.embedder().modelName(),
                        db.embedder().dimension())
                    ::run;
        report = run(migration, source, db.location() + " (dry run)", out);
      }
    } else {
      var model = ModelCatalog.resolve(config.embeddingModel());
      Migration migration =
          Profiles.generic(source, profile, out)
              ? new GenericProfileMigration(null, out::println, true, false)::run
              : new JiveProfileMigration(
                      null, out::println, true, false, model.name(), model.dimension())
                  ::run;
      report =
          run(
              migration,
              source,
              LanceDBManager.locationOf(config) + " (dry run; it does not exist yet)",
              out);
    }
    out.println("dry run: nothing was written. A real run would write: " + report.wouldWrite);
    writeJson(report, source, LanceDBManager.locationOf(config), true, started, out);
    return report.failures.isEmpty() ? JiveMigrate.OK : JiveMigrate.FAILURE;
  }

  static MigrationReport migrate(LanceDBManager db, Backup backup, PrintWriter out)
      throws IOException {
    return run(new JiveProfileMigration(db, out::println)::run, backup, db.location(), out);
  }

  private static MigrationReport run(
      Migration migration, Backup backup, String target, PrintWriter out) throws IOException {
    long start = System.nanoTime();
    out.println("migrating " + backup.location() + " into " + target);
    MigrationReport report = migration.run(backup);
    report.seconds = (System.nanoTime() - start) / 1e9;
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
    report.failures.forEach(
        f -> out.println((report.wouldWrite.isEmpty() ? "NOT MIGRATED " : "WOULD FAIL ") + f));
    long written = report.written.values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "done in %.1f s (%.0f objects/s)%n",
        report.seconds, written / Math.max(0.001, report.seconds));
    return report;
  }

  /** The report as JSON beside the backup: in its folder, or next to an old single file. */
  private static void writeJson(
      MigrationReport report,
      Backup source,
      String target,
      boolean dryRun,
      Instant started,
      PrintWriter out)
      throws IOException {
    Path loc = source.location();
    Path dir = Files.isDirectory(loc) ? loc : loc.toAbsolutePath().getParent();
    Path file =
        dir.resolve(
            "migration_report_" + STAMP.format(started) + (dryRun ? "_dry_run" : "") + ".json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = report.toJson(json);
    root.put("source", loc.toString());
    root.put("target", target);
    root.put("dry_run", dryRun);
    root.put("started_at", started.toString());
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    out.println("report: " + file);
  }
}
