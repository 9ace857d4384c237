package dev.jive.cli;

import dev.jive.core.embedding.Embedder;
import dev.jive.core.embedding.EmbeddingTexts;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.embedding.ModelCatalog;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.HealthReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code setup}: the data and backup folders (nothing else is written), the model checked offline
 * with the reference similarities, the four tables, and health. The old script's flags are kept:
 * {@code --dev-mode} uses the {@code dev} namespace, {@code --skip-models} skips the model check,
 * {@code --validate-only} creates nothing, {@code --force} checks again even when tables exist.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = "Prepare folders, check the model offline, create the tables.")
final class SetupCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--dev-mode", description = "Use the 'dev' namespace.")
  boolean devMode;

  @Option(names = "--force", description = "Check everything again even when set up already.")
  boolean force;

  @Option(names = "--skip-models", description = "Do not load the embedding model.")
  boolean skipModels;

  @Option(names = "--validate-only", description = "Check only; create nothing.")
  boolean validateOnly;

  @Option(
      names = "--backup-path",
      defaultValue = "./backups",
      description = "The folder migrate and backup will write backups to (default ./backups).")
  Path backupPath;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (devMode && store.namespace == null) {
      store.namespace = "dev";
    }
    if (!validateOnly) {
      // Only the folders the next commands write to: migrate and backup default to ./backups.
      Path backups = backupPath.toAbsolutePath().normalize();
      Files.createDirectories(backups);
      out.println("backup folder " + backups + ": ok");
    }
    if (!skipModels) {
      String model = store.config().embeddingModel();
      try (Embedder e = SentenceEmbedders.load(model)) {
        List<float[]> v =
            e.embedAll(
                List.of(
                    "A man is eating food.",
                    "A man is eating a piece of bread.",
                    "The girl is carrying a baby."));
        double related = EmbeddingTexts.cosine(v.get(0), v.get(1));
        double unrelated = EmbeddingTexts.cosine(v.get(0), v.get(2));
        out.printf(
            "model %s (%d dims, offline): cos(related) %.3f, cos(unrelated) %.3f%n",
            e.modelName(), e.dimension(), related, unrelated);
        if (!(related > unrelated + 0.2)) {
          throw new JiveMigrate.ValidationFailedException(
              "the model " + model + " does not tell related from unrelated sentences");
        }
      }
    } else {
      out.println("model: skipped (" + ModelCatalog.DEFAULT_MODEL + " is bundled)");
    }
    try (LanceDBManager db = store.open()) {
      if (!validateOnly && (force || db.listTables().size() < 4)) {
        db.ensureTablesExist();
        out.println("tables: created where missing");
      }
      HealthReport health = db.health();
      HealthCommand.print(health, out);
      return health.healthy() ? JiveMigrate.OK : JiveMigrate.VALIDATION_FAILED;
    }
  }
}
