package dev.jive.cli;

import dev.jive.core.JiveException;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backup verify PATH}: reads a backup as restore and migrate would, checking its format and
 * version, every file's SHA-256 and object count against the manifest, and the schema's checksum;
 * exit 0 when it is whole, 3 naming the first file that is missing, altered or truncated.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check a backup folder (or old single file): checksums, counts, format.")
final class BackupVerifyCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "The backup folder or old .json file.")
  Path path;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.exists(path)) {
      throw new dev.jive.core.InvalidInputException("PATH", "no backup at " + path);
    }
    Backup backup;
    try {
      backup = Backup.open(path);
    } catch (JiveException | java.io.IOException e) {
      throw new JiveMigrate.ValidationFailedException(
          "backup " + path + " is not whole: " + e.getMessage());
    }
    BackupManifest m = backup.manifest();
    out.printf(
        "%s: format %s version %d, %d file(s), %d objects%n",
        path, m.format(), m.formatVersion(), m.files().size(), m.totalObjects());
    for (BackupManifest.FileEntry f : m.files()) {
      out.printf(
          "  %-28s %-14s %8d objects  %s%n",
          f.className(),
          f.tenant() == null || f.tenant().isEmpty() ? "-" : f.tenant(),
          f.objects(),
          f.sha256().isEmpty() ? "(old single file: no checksums)" : "sha256 ok");
    }
    out.println(
        m.formatVersion() == 0
            ? "readable: an old single-file export carries no checksums; its objects were all read"
            : "verified: every file matches its checksum and object count");
    return JiveMigrate.OK;
  }
}
