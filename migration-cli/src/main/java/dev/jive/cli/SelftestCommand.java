package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.NonClosingEmbedder;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.weaviate.backup.Backup;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code selftest --test-type unit|integration|performance|all}: the old test script's checks, run
 * by the installed jar against a scratch folder (nothing of the operator's data is touched). {@code
 * unit}: the model loads offline and ranks as expected; the rules refuse what they must; filter
 * values are matched literally. {@code integration}: the bundled sample migrated, found by its own
 * text, and a create/update/search/delete round trip. {@code performance}: the old system's targets
 * (search p95 under 100 ms, inserts over 100 items/s, embedding and start-up). Exit 0 when every
 * check passes, 3 otherwise.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description =
        "Check this installation: unit, integration and performance checks in a scratch folder.")
final class SelftestCommand implements Callable<Integer> {
  @Option(
      names = "--test-type",
      defaultValue = "all",
      description = "unit, integration, performance or all.")
  String type;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private PrintWriter out;
  private int failed;
  private int passed;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    String t = type.toLowerCase(Locale.ROOT);
    if (!List.of("unit", "integration", "performance", "all").contains(t)) {
      throw new InvalidInputException(
          "--test-type", "must be unit, integration, performance or all, got '" + type + "'");
    }
    Path scratch = Files.createTempDirectory("jive-selftest");
    try (Embedder model = SentenceEmbedders.load(DatabaseConfig.DEFAULT_EMBEDDING_MODEL)) {
      if (t.equals("unit") || t.equals("all")) {
        unit(model, scratch.resolve("unit"));
      }
      if (t.equals("integration") || t.equals("all")) {
        integration(scratch.resolve("integration"));
      }
      if (t.equals("performance") || t.equals("all")) {
        performance(model, scratch.resolve("performance"));
      }
    } finally {
      Folders.delete(scratch);
    }
    out.println(
        (failed == 0 ? "selftest passed: " : "selftest FAILED: ")
            + passed
            + " passed, "
            + failed
            + " failed");
    return failed == 0 ? JiveMigrate.OK : JiveMigrate.VALIDATION_FAILED;
  }

  private void check(String name, boolean ok, String detail) {
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + name + ": " + detail);
    if (ok) {
      passed++;
    } else {
      failed++;
    }
  }

  private interface Check {
    String run() throws Exception;
  }

  /** A check that passes when it returns and fails, with its message, when it throws. */
  private void expect(String name, Check c) {
    try {
      check(name, true, c.run());
    } catch (Exception | AssertionError e) {
      check(name, false, e.getMessage());
    }
  }

  private static double cos(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private void unit(Embedder model, Path dir) {
    out.println("unit");
    float[] food = model.embed("I like food");
    double bread = cos(food, model.embed("I like bread"));
    double baby = cos(food, model.embed("the baby is crying"));
    check(
        "embedding",
        model.dimension() == 384 && bread > baby + 0.3,
        String.format(
            Locale.ROOT,
            "%s, %d dims; cos(food, bread) %.3f > cos(food, crying baby) %.3f",
            model.modelName(),
            model.dimension(),
            bread,
            baby));
    try (LanceDBManager db =
        LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(dir.toString()))
            .embedder(new NonClosingEmbedder(model))
            .build()) {
      String task = db.createWorkItem(Map.of("type", "task", "title", "A task"));
      expect(
          "hierarchy",
          () -> {
            try {
              db.createWorkItem(
                  Map.of("type", "epic", "title", "Epic under a task", "parent_id", task));
              throw new AssertionError("an epic under a task was accepted");
            } catch (InvalidInputException e) {
              return "an epic under a task is refused (" + e.field() + ")";
            }
          });
      expect(
          "limits",
          () -> {
            try {
              db.createWorkItem(
                  Map.of(
                      "type",
                      "task",
                      "title",
                      "Too many tags",
                      "context_tags",
                      List.of("a", "b", "c", "d")));
              throw new AssertionError("four context tags were accepted");
            } catch (InvalidInputException e) {
              return "more than 3 context tags are refused (" + e.field() + ")";
            }
          });
      expect(
          "filters",
          () -> {
            String tricky = "it's 100% _done_ \\\\ ; DROP TABLE x; --";
            db.createWorkItem(Map.of("type", "task", "title", tricky));
            long exact = db.countWorkItems(Filter.eq("title", tricky));
            long wild = db.countWorkItems(Filter.eq("title", "it's 100% _done_"));
            if (exact != 1 || wild != 0) {
              throw new AssertionError("quotes, %, _ and SQL in a value did not match literally");
            }
            return "quotes, %, _, backslashes and SQL in a value match literally";
          });
    }
  }

  private void integration(Path dir) throws Exception {
    out.println("integration");
    Path sample = Files.createTempFile("weaviate_backup_sample", ".json");
    try (InputStream in =
            SelftestCommand.class.getClassLoader().getResourceAsStream(QuickstartCommand.SAMPLE);
        LanceDBManager db =
            LanceDBManager.open(DatabaseConfig.defaults().withDataPath(dir.toString()))) {
      Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
      MigrationReport report =
          MigrateCommand.migrate(db, Backup.open(sample), new PrintWriter(new StringWriter()));
      long stored = db.countWorkItems(Filter.matchAll());
      check(
          "migration",
          report.failures.isEmpty() && stored == 271,
          stored + " of the sample's 271 work items migrated");
      SelfRetrieval.Result self = SelfRetrieval.run(db, 50);
      check(
          "self-retrieval",
          self.found() >= Math.ceil(self.checked() * 0.95),
          self.found() + " of " + self.checked() + " items find themselves in the top 3");
      expect(
          "round trip",
          () -> {
            String id =
                db.createWorkItem(
                    Map.of(
                        "type",
                        "task",
                        "title",
                        "Selftest round trip",
                        "description",
                        "created by selftest"));
            db.updateWorkItem(id, WorkItemPatch.empty().set("status", "completed"));
            boolean found =
                db.search(SearchRequest.of("selftest round trip", SearchType.HYBRID, 3)).stream()
                    .anyMatch(h -> h.item().id().equals(id));
            boolean done =
                db.findById(id).map(w -> w.status().wireName().equals("completed")).orElse(false);
            if (!found || !done || !db.deleteWorkItem(id) || db.findById(id).isPresent()) {
              throw new AssertionError("create, update, search or delete did not behave");
            }
            return "create, update, search and delete";
          });
      check("health", db.health().healthy(), "every table readable");
    } finally {
      Files.deleteIfExists(sample);
    }
  }

  private void performance(Embedder model, Path dir) {
    out.println("performance (the old system's targets)");
    List<String> texts = BenchmarkSentences.generate(2000, 5);
    long t0 = System.nanoTime();
    List<float[]> vectors = model.embedAll(texts.subList(0, 500));
    double perSecond = 500 / ((System.nanoTime() - t0) / 1e9);
    check(
        "embedding speed",
        perSecond > 50,
        String.format(Locale.ROOT, "%.0f sentences/s", perSecond));
    try (LanceDBManager db =
        LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(dir.toString()))
            .embedder(new NonClosingEmbedder(model))
            .build()) {
      List<WorkItem> items = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        items.add(
            WorkItem.builder()
                .id(LanceDBManager.newId())
                .title(texts.get(i))
                .itemType(WorkItemType.TASK)
                .vector(i < vectors.size() ? vectors.get(i) : null)
                .build());
      }
      long s0 = System.nanoTime();
      db.insertWorkItems(items);
      double inserts = items.size() / ((System.nanoTime() - s0) / 1e9);
      check(
          "inserts",
          inserts > 100,
          String.format(Locale.ROOT, "%.0f items/s in batches (target > 100)", inserts));
      double[] ms = new double[100];
      for (int i = 0; i < ms.length; i++) {
        long q0 = System.nanoTime();
        db.search(SearchRequest.of(texts.get(i * 7) + " next step", SearchType.HYBRID, 10));
        ms[i] = (System.nanoTime() - q0) / 1e6;
      }
      Arrays.sort(ms);
      check(
          "search",
          ms[94] < 100,
          String.format(
              Locale.ROOT,
              "hybrid p50 %.1f ms, p95 %.1f ms at 2,000 items (target p95 < 100 ms)",
              ms[49],
              ms[94]));
    }
  }
}
