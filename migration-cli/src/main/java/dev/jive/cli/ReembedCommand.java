package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.versions.ReembedResult;
import dev.jive.lancedb.versions.ReembedRun;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reembed --model M [--table T,...]} and {@code reembed --rollback}: the embedding-model
 * upgrade of every vector table as one operation, and its undo. See {@link LanceDBManager#reembed}.
 */
@Command(
    name = "reembed",
    mixinStandardHelpOptions = true,
    description =
        "Re-embed the vectors of every table (or those named) with another model, as one operation"
            + " (the dimension may change); or roll a re-embedding back with --rollback.")
final class ReembedCommand implements Callable<Integer> {
  @Option(
      names = "--data-path",
      description = "Where the tables live (default ./data/lancedb, or LANCEDB_DATA_PATH).")
  String dataPath;

  @Option(names = "--namespace", description = "A namespace under data_path/namespaces/.")
  String namespace;

  @Option(
      names = "--table",
      split = ",",
      paramLabel = "T",
      description =
          "Only these tables (WorkItem, ArchitectureMemory, TroubleshootMemory, generic ones);"
              + " default every table with vectors.")
  List<String> tables;

  @Option(
      names = "--model",
      paramLabel = "M",
      description = "The new model: a catalogued name (e.g. bge-small-en-v1.5) or a model folder.")
  String toModel;

  @Option(
      names = "--text-fields",
      split = ",",
      description =
          "Columns whose text is embedded (default: the spec's for the four tables; required for"
              + " generic tables).")
  List<String> textFields;

  @Option(names = "--dry-run", description = "Say what would be re-embedded; change nothing.")
  boolean dryRun;

  @Option(
      names = "--rollback",
      description =
          "Restore every table to the tag of the interrupted or last re-embedding, in one step.")
  boolean rollback;

  @Option(
      names = "--to-tag",
      paramLabel = "TAG",
      description = "With --rollback: this pre-reembed-* tag instead of the last one.")
  String toTag;

  @Option(names = "--json", description = "Print the outcome as JSON.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rollback == (toModel != null)) {
      throw new InvalidInputException(
          "--model", "give either --model M (re-embed) or --rollback (undo), not both or neither");
    }
    if (toTag != null && !rollback) {
      throw new InvalidInputException("--to-tag", "only goes with --rollback");
    }
    PrintWriter out = spec.commandLine().getOut();
    // The store's own model only matters for tables not being re-embedded; take what they record.
    DatabaseConfig config = StoreOptionsMixin.config(dataPath, namespace, null, false);
    try (LanceDBManager db = StoreOptionsMixin.openExisting(config)) {
      return rollback ? rollBack(db, out) : reembed(db, out);
    }
  }

  private int rollBack(LanceDBManager db, PrintWriter out) throws Exception {
    Map<String, Long> restored = db.rollbackReembed(toTag);
    if (json) {
      CliJson.print(out, Map.of("command", "reembed", "rollback", true, "restored", restored));
      return JiveMigrate.OK;
    }
    restored.forEach((t, v) -> out.printf(Locale.ROOT, "rolled back %s: now version %d%n", t, v));
    out.println(
        "every table that was re-embedded holds its earlier vectors again; writes are accepted");
    return JiveMigrate.OK;
  }

  private int reembed(LanceDBManager db, PrintWriter out) throws Exception {
    try (Embedder model = SentenceEmbedders.load(toModel)) {
      ProgressPrinter progress =
          ProgressPrinter.forConsole(json ? spec.commandLine().getErr() : out, "embedded");
      ReembedRun run =
          db.reembed(
              tables,
              model,
              textFields,
              dryRun,
              (table, done, total) -> progress.update(table, done, total));
      if (json) {
        CliJson.print(out, jsonOf(run));
        return JiveMigrate.OK;
      }
      for (String t : run.resumedPastDone()) {
        out.println("resumed: " + t + " was re-embedded before the interruption, not done again");
      }
      for (ReembedResult r : run.tables()) {
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
              "  verified: row count unchanged, every vector %d dims, self-retrieval %d/%d"
                  + " (%.0f%%); %.1f s%n",
              r.newDimension(),
              r.selfRetrievalHits(),
              r.selfRetrievalSample(),
              r.selfRetrievalShare() * 100,
              r.seconds());
        }
      }
      if (!run.dryRun()) {
        out.println(
            "every table's previous version is tagged "
                + run.tag()
                + "; undo all of it with: jive-migrate reembed --rollback --data-path "
                + db.location());
        out.println(
            "the tables now record "
                + model.modelName()
                + ": the store and jive-mcp use it from now on when no model is configured;"
                + " a configured model (--model, LANCEDB_EMBEDDING_MODEL) must be set to "
                + model.modelName());
      }
      return JiveMigrate.OK;
    }
  }

  private static Map<String, Object> jsonOf(ReembedRun run) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("command", "reembed");
    j.put("dry_run", run.dryRun());
    j.put("tag", run.tag());
    j.put("resumed_past_done", run.resumedPastDone());
    j.put("tables", run.tables());
    return j;
  }
}
