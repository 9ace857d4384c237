package dev.jive.cli;

import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.upkeep.HealthReport;
import dev.jive.weaviate.backup.Backup;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code quickstart}: migrates the bundled sample (an old MCP Jive single-file Weaviate backup of a
 * 271-item project with logs and memories, vectors included) into {@code ./data/lancedb}, validates
 * it, and runs three searches. Running it again adds nothing twice.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Migrate the bundled sample project, validate it and search it.")
final class QuickstartCommand implements Callable<Integer> {
  static final String SAMPLE = "sample/weaviate_backup_sample.json";
  static final List<String> QUERIES =
      List.of("login page authentication", "tests time out on CI", "download invoices as PDF");

  @Mixin StoreOptionsMixin store;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path sample = Files.createTempFile("weaviate_backup_sample", ".json");
    try (InputStream in = QuickstartCommand.class.getClassLoader().getResourceAsStream(SAMPLE)) {
      Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
    }
    try (LanceDBManager db = store.open()) {
      Backup backup = Backup.open(sample);
      long expected =
          backup.manifest().files().stream()
              .filter(f -> f.path().equals("jive_workitem"))
              .mapToLong(f -> f.objects())
              .sum();
      MigrateCommand.migrate(db, backup, out);

      out.println();
      out.println("validating");
      long stored = db.countWorkItems(Filter.matchAll());
      check(
          out,
          stored >= expected,
          "work items: " + stored + " stored, " + expected + " in the sample");
      SelfRetrieval.Result self = SelfRetrieval.run(db, 20);
      check(
          out,
          self.found() == self.checked(),
          "self-retrieval: "
              + self.found()
              + " of "
              + self.checked()
              + " items find themselves in the top 3");
      HealthReport health = db.health();
      check(out, health.healthy(), "health: every table readable");

      for (String q : QUERIES) {
        out.println();
        out.println("search (hybrid): \"" + q + "\"");
        SearchCommand.print(db.search(SearchRequest.of(q, SearchType.HYBRID, 3)), out);
      }
      out.println();
      HealthCommand.print(health, out);
      out.println();
      out.println("Next: search it yourself with");
      out.println(
          "  scripts/jive-migrate search --data-path "
              + db.location()
              + " --query \"password reset\"");
      String data =
          db.config().isRemote()
              ? db.location()
              : Path.of(db.location()).toAbsolutePath().normalize().toString();
      out.println();
      out.println("Serve it to an MCP client (the nine jive_* tools):");
      out.println("  stdio: scripts/jive-mcp --data-path " + data);
      out.println(
          "  HTTP:  scripts/jive-mcp --transport http --data-path "
              + data
              + "   (then http://127.0.0.1:3454/mcp)");
      out.println(
          "  a client's config: {\"mcpServers\": {\"jive\": {\"command\": \"<this folder>/scripts/jive-mcp\","
              + " \"args\": [\"--data-path\", \""
              + data
              + "\"]}}}");
      out.println("See docs/mcp-server.md.");
    } finally {
      Files.deleteIfExists(sample);
    }
    return JiveMigrate.OK;
  }

  private static void check(PrintWriter out, boolean ok, String what) {
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + what);
    if (!ok) {
      throw new JiveMigrate.ValidationFailedException("validation failed: " + what);
    }
  }
}
