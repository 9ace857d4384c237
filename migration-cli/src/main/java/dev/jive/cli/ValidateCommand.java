package dev.jive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.workitems.WorkItemPatch;
import dev.jive.weaviate.backup.Backup;
import dev.jive.weaviate.backup.BackupManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: the store is readable; with {@code --compare-backup}, every class and tenant
 * holds as many rows as the backup has objects ({@link CountCheck}), and for the jive profile its
 * work items match the backup's (per object the title, type and vector, on a sample of 50 or on
 * every object with {@code --full-validation}; comparing none fails unless there are none); items
 * find themselves by search; and a create, update, search and delete round trip works in a scratch
 * namespace. Exit 0 only when every check passes, 3 otherwise.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a migrated store against its backup and by use.")
final class ValidateCommand implements Callable<Integer> {
  static final int SAMPLE = 50;

  @Mixin StoreOptionsMixin store;

  @Option(names = "--compare-backup", description = "The backup the store was migrated from.")
  Path backup;

  @Option(
      names = "--profile",
      description =
          "How the backup was migrated: jive or generic (default: jive when it has MCP Jive's"
              + " WorkItem or Task collection, else generic).")
  String profile;

  @Option(names = "--full-validation", description = "Compare every object, not a sample.")
  boolean full;

  @Option(
      names = "--validate-search",
      description = "Check self-retrieval on more items (100 instead of 20).")
  boolean moreSearch;

  @Option(
      names = "--benchmark",
      description =
          "Time 100 semantic, keyword and hybrid searches built from stored titles; fail when a"
              + " p95 passes the old system's 100 ms target.")
  boolean benchmark;

  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final Map<String, String> results = new LinkedHashMap<>();
  private boolean failed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LanceDBManager db = store.openExisting()) {
      check(out, "health", db.health().healthy(), "every table readable");
      if (backup != null) {
        compare(db, Backup.open(backup), out);
      }
      selfRetrieval(db, moreSearch ? 100 : 20, out);
      roundTrip(db, out);
      if (benchmark) {
        benchmark(db, out);
      }
    }
    if (json != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("passed", !failed);
      doc.put("checks", results);
      Files.writeString(
          json,
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
    if (failed) {
      throw new JiveMigrate.ValidationFailedException(
          "validation failed: "
              + results.entrySet().stream()
                  .filter(e -> e.getValue().startsWith("FAILED"))
                  .map(Map.Entry::getKey)
                  .toList());
    }
    out.println("all checks passed");
    return JiveMigrate.OK;
  }

  private void compare(LanceDBManager db, Backup b, PrintWriter out) throws java.io.IOException {
    boolean generic = Profiles.generic(b, profile, out);
    CountCheck.Result counts = CountCheck.compare(b, db, generic);
    check(
        out,
        "counts",
        counts.passed(),
        counts.passed()
            ? counts.compared().size() + " table(s) and tenant(s) hold what the backup holds"
            : counts.failure());
    if (!generic) {
      compareWorkItems(db, b, out);
    }
  }

  /** Work items object by object: present, same title, type and vector. */
  private void compareWorkItems(LanceDBManager db, Backup b, PrintWriter out)
      throws java.io.IOException {
    Map<String, WorkItem> stored = new HashMap<>();
    for (WorkItem w : db.allWorkItemsWithVectors()) {
      stored.put(w.id(), w);
    }
    long inBackup = 0;
    long[] compared = {0};
    List<String> mismatches = new ArrayList<>();
    for (BackupManifest.FileEntry f : b.manifest().files()) {
      String key = (f.path() + " " + f.className()).toLowerCase();
      if (!key.contains("workitem")) {
        continue;
      }
      long[] index = {0};
      long step = full ? 1 : Math.max(1, f.objects() / SAMPLE);
      b.forEachObject(
          f,
          o -> {
            if (index[0]++ % step != 0) {
              return;
            }
            compared[0]++;
            String problem =
                differs(o, stored.get(o.path("id").asText()), db.embedder().dimension());
            if (problem != null) {
              mismatches.add(o.path("id").asText() + ": " + problem);
            }
          });
      inBackup += f.objects();
    }
    // Comparing nothing proves nothing: it passes only when the backup has no work items.
    check(
        out,
        "objects",
        mismatches.isEmpty() && (compared[0] > 0 || inBackup == 0),
        (full ? "every one of " : "a sample of ")
            + compared[0]
            + " work item(s) compared, of "
            + inBackup
            + " in the backup and "
            + stored.size()
            + " stored"
            + (mismatches.isEmpty()
                ? ""
                : "; " + mismatches.size() + " differ, first: " + mismatches.get(0)));
  }

  /** Null when the stored item matches the backup object; otherwise what differs. */
  static String differs(JsonNode o, WorkItem w, int dimension) {
    if (w == null) {
      return "missing from the store";
    }
    JsonNode p = o.path("properties");
    if (p.hasNonNull("title") && !p.get("title").asText().equals(w.title())) {
      return "title differs";
    }
    JsonNode type = p.hasNonNull("item_type") ? p.get("item_type") : p.get("type");
    if (type != null
        && !WorkItemType.tryParse(type.asText()).map(t -> t == w.itemType()).orElse(true)) {
      return "item_type differs";
    }
    JsonNode v = o.path("vector");
    if (v.isArray() && v.size() == dimension) {
      for (int i = 0; i < dimension; i++) {
        if ((float) v.get(i).asDouble() != w.vector()[i]) {
          return "vector differs at " + i;
        }
      }
    }
    return null;
  }

  private void selfRetrieval(LanceDBManager db, int n, PrintWriter out) {
    SelfRetrieval.Result r = SelfRetrieval.run(db, n);
    check(
        out,
        "search",
        r.checked() == 0 || r.found() >= Math.ceil(r.checked() * 0.95),
        r.found() + " of " + r.checked() + " items find themselves in the top 3 (95% needed)");
  }

  /** Search latency on this store, against the old system's target (p95 under 100 ms). */
  private void benchmark(LanceDBManager db, PrintWriter out) {
    List<WorkItem> items =
        db.listWorkItems(dev.jive.lancedb.workitems.WorkItemQuery.all().page(100, 0));
    if (items.isEmpty()) {
      check(out, "benchmark", true, "no work items to search");
      return;
    }
    for (SearchType type : SearchType.values()) {
      double[] ms = new double[100];
      for (int i = 0; i < ms.length; i++) {
        String q = items.get(i % items.size()).title();
        long t0 = System.nanoTime();
        db.search(SearchRequest.of(q, type, 10));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      java.util.Arrays.sort(ms);
      check(
          out,
          "benchmark " + type.wireName(),
          ms[94] < 100,
          String.format(
              java.util.Locale.ROOT,
              "p50 %.1f ms, p95 %.1f ms over 100 searches (target p95 < 100 ms)",
              ms[49],
              ms[94]));
    }
  }

  private void roundTrip(LanceDBManager db, PrintWriter out) {
    String scratch = "validate-" + System.currentTimeMillis();
    try (LanceDBManager ns = db.forNamespace(scratch)) {
      String id =
          ns.createWorkItem(
              Map.of(
                  "type",
                  "task",
                  "title",
                  "Validation round trip",
                  "description",
                  "created by jive-migrate validate"));
      ns.updateWorkItem(id, WorkItemPatch.empty().set("status", "completed"));
      boolean ok =
          ns.findById(id).map(w -> w.status().wireName().equals("completed")).orElse(false)
              && ns.search(SearchRequest.of("validation round trip", SearchType.HYBRID, 3)).stream()
                  .anyMatch(h -> h.item().id().equals(id))
              && ns.deleteWorkItem(id)
              && ns.findById(id).isEmpty();
      check(out, "crud", ok, "create, update, search and delete in namespace " + scratch);
    } finally {
      deleteScratch(db, scratch);
    }
  }

  private static void deleteScratch(LanceDBManager db, String scratch) {
    if (db.config().isRemote()) {
      return;
    }
    try {
      Folders.delete(Path.of(db.location(), "namespaces", scratch));
    } catch (java.io.IOException e) {
      // A leftover scratch namespace is harmless; nothing else is touched.
    }
  }

  private void check(PrintWriter out, String name, boolean ok, String what) {
    results.put(name, (ok ? "ok: " : "FAILED: ") + what);
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + name + ": " + what);
    failed |= !ok;
  }
}
