package dev.jive.cli;

import dev.jive.weaviate.RestoreReport;
import dev.jive.weaviate.WeaviateBackupTool;
import dev.jive.weaviate.WeaviateRestorer;
import dev.jive.weaviate.backup.Backup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code restore --backup-file PATH --weaviate-url URL}: a backup back into Weaviate. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = "Restore a backup into Weaviate (the rollback path).")
final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--backup-file", required = true, description = "A weaviate_backup_* folder.")
  Path backupFile;

  @Option(names = "--weaviate-url", required = true)
  String url;

  @Mixin WeaviateOptionsMixin weaviate;

  @Option(names = "--dry-run", description = "Print what would be created and sent; write nothing.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RestoreReport r =
        new WeaviateRestorer(url, weaviate.apiKey(), weaviate.classes, 200, dryRun)
            .onProgress(out::println)
            .restore(Backup.open(backupFile));
    WeaviateBackupTool.describe(r).forEach(out::println);
    for (RestoreReport.Failure f : r.failures()) {
      spec.commandLine()
          .getErr()
          .println("FAILED " + f.className() + " " + f.id() + ": " + f.message());
    }
    return r.succeeded() ? JiveMigrate.OK : JiveMigrate.FAILURE;
  }
}
