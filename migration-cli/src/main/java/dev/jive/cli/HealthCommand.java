package dev.jive.cli;

import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.upkeep.HealthReport;
import dev.jive.lancedb.upkeep.TableHealth;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code health [--data-path P] [--json]}: every table's rows, fragments, indexes, versions, size.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Report the store's tables and their state.")
final class HealthCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin store;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LanceDBManager db = store.openExisting()) {
      HealthReport report = db.health();
      if (json) {
        CliJson.print(out, report);
      } else {
        print(report, out);
      }
      return report.healthy() ? JiveMigrate.OK : JiveMigrate.FAILURE;
    }
  }

  static void print(HealthReport report, PrintWriter out) {
    out.println("store: " + report.location() + " (model " + report.embeddingModel() + ")");
    out.printf(
        "  %-22s %8s %9s %8s %10s  %s%n",
        "table", "rows", "fragments", "versions", "size", "indexes");
    for (TableHealth t : report.tables()) {
      if (!t.exists()) {
        out.printf("  %-22s %8s%n", t.table(), "(none)");
        continue;
      }
      out.printf(
          "  %-22s %8d %9d %8d %10s  %s%n",
          t.table(),
          t.rows(),
          t.fragments(),
          t.versions(),
          size(t.sizeBytes()),
          t.indexes().stream().map(TableHealth.IndexState::name).toList());
    }
    out.println("  total " + size(report.totalBytes()) + (report.healthy() ? "" : "  UNHEALTHY"));
    report.warnings().forEach(w -> out.println("warning: " + w));
  }

  static String size(long bytes) {
    return bytes < 1 << 20
        ? String.format("%.1f KB", bytes / 1024.0)
        : String.format("%.1f MB", bytes / 1048576.0);
  }
}
