package dev.jive.cli;

import dev.jive.weaviate.ExportOptions;
import dev.jive.weaviate.ExportReport;
import dev.jive.weaviate.WeaviateBackupTool;
import dev.jive.weaviate.WeaviateExporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backup --weaviate-url URL}: the old {@code --backup-only}; a verified backup folder. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    subcommands = BackupVerifyCommand.class,
    description =
        "Back up a Weaviate server into a versioned, checksummed folder; backup verify PATH checks"
            + " one.")
final class BackupCommand implements Callable<Integer> {
  @Option(names = "--weaviate-url", description = "The Weaviate to back up.")
  String url;

  @Mixin WeaviateOptionsMixin weaviate;

  @Option(names = "--backup-path", defaultValue = "./backups")
  Path backupPath;

  @Option(
      names = "--activate-inactive-tenants",
      description = "Activate inactive tenants to export them, then deactivate them again.")
  boolean activate;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (url == null) {
      throw new dev.jive.core.InvalidInputException(
          "--weaviate-url", "give the Weaviate to back up (or use: backup verify PATH)");
    }
    backup(url, weaviate, backupPath, activate, spec.commandLine().getOut());
    return JiveMigrate.OK;
  }

  static ExportReport backup(
      String url, WeaviateOptionsMixin w, Path dir, boolean activate, PrintWriter out)
      throws java.io.IOException {
    Files.createDirectories(dir);
    ExportOptions options =
        ExportOptions.of(url, w.apiKey())
            .withClasses(w.classes)
            .withActivateInactiveTenants(activate);
    ExportReport r = new WeaviateExporter(options).onProgress(out::println).export(dir);
    WeaviateBackupTool.describe(r).forEach(out::println);
    return r;
  }
}
