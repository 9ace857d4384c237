package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.weaviate.backup.Backup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare-counts}: objects per source class and tenant against rows per target table, as the
 * profile maps them ({@link CountCheck}). Exit 0 when every count is equal and something was
 * compared, 3 otherwise. A live source is read into a temporary backup first, so its counts are the
 * objects actually readable.
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

  @Option(
      names = "--profile",
      description =
          "How the source was migrated: jive or generic (default: jive when the source has MCP"
              + " Jive's WorkItem or Task collection, else generic).")
  String profile;

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
    // The store first: a mistyped data path is refused before a live source is read.
    try (LanceDBManager db = store.openExisting()) {
      if (url != null) {
        temporary = Files.createTempDirectory("jive-compare");
        source = BackupCommand.backup(url, weaviate, temporary, false, out).backup();
      }
      Backup backup = Backup.open(source);
      CountCheck.Result r = CountCheck.compare(backup, db, Profiles.generic(backup, profile, out));
      CountCheck.print(r, out);
      if (!r.passed()) {
        throw new JiveMigrate.ValidationFailedException(
            r.failure() + "; jive-migrate validate --compare-backup says which objects");
      }
      out.println("counts match: " + r.compared().size() + " table(s) compared");
      return JiveMigrate.OK;
    } finally {
      Folders.delete(temporary);
    }
  }
}
