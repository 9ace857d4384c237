package dev.jive.cli;

import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.versions.ReembedResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reembed --table T --model M}: the embedding-model upgrade. See {@link
 * LanceDBManager#reembed}: tagged first, one new version, indexes rebuilt, verified, rolled back by
 * itself when the check fails.
 */
@Command(
    name = "reembed",
    mixinStandardHelpOptions = true,
    description = "Re-embed a table's vectors with another model (the dimension may change).")
final class ReembedCommand implements Callable<Integer> {
  @Option(
      names = "--data-path",
      description = "Where the tables live (default ./data/lancedb, or LANCEDB_DATA_PATH).")
  String dataPath;

  @Option(names = "--namespace", description = "A namespace under data_path/namespaces/.")
  String namespace;

  @Option(
      names = "--table",
      required = true,
      description = "WorkItem, ArchitectureMemory, TroubleshootMemory, or a generic table.")
  String table;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "The new model: a catalogued name (e.g. bge-small-en-v1.5) or a model folder.")
  String toModel;

  @Option(
      names = "--text-fields",
      split = ",",
      description = "Columns whose text is embedded (default: the spec's for the four tables).")
  List<String> textFields;

  @Option(names = "--dry-run", description = "Say what would be re-embedded; change nothing.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    java.util.Map<String, String> explicit = new java.util.HashMap<>();
    if (dataPath != null) {
      explicit.put("data_path", dataPath);
    }
    if (namespace != null) {
      explicit.put("namespace", namespace);
    }
    // The store's own model only matters for tables not being re-embedded; take what they record.
    var config =
        LanceDBManager.adoptRecordedModel(
            dev.jive.core.config.ConfigResolver.fromEnvironment(explicit), false);
    try (LanceDBManager db = LanceDBManager.open(config);
        Embedder model = SentenceEmbedders.load(toModel)) {
      ProgressPrinter progress = ProgressPrinter.forConsole(out);
      ReembedResult r =
          db.reembed(
              table,
              model,
              textFields,
              dryRun,
              (done, total) -> progress.update("embedded " + table, done, total));
      out.printf(
          Locale.ROOT,
          "%s%s: %d rows, %s (%d dims) -> %s (%d dims)%n",
          r.dryRun() ? "dry run, nothing changed: would re-embed " : "re-embedded ",
          r.table(),
          r.rows(),
          r.oldModel(),
          r.oldDimension(),
          r.newModel(),
          r.newDimension());
      if (!r.dryRun()) {
        out.printf(
            Locale.ROOT,
            "verified: row count unchanged, every vector %d dims, self-retrieval %d/%d (%.0f%%); %.1f s%n",
            r.newDimension(),
            r.selfRetrievalHits(),
            r.selfRetrievalSample(),
            r.selfRetrievalShare() * 100,
            r.seconds());
        out.println(
            "the previous version is tagged "
                + r.tag()
                + " (jive-migrate rollback --to-tag "
                + r.tag()
                + ")");
        out.println(
            "the table now records "
                + r.newModel()
                + ": the store and jive-mcp use it from now on when no model is configured;"
                + " a configured model (--model, LANCEDB_EMBEDDING_MODEL) must be set to "
                + r.newModel());
      }
      return JiveMigrate.OK;
    }
  }
}
