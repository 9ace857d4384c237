package dev.jive.bench;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.LanceDBManager;
import dev.jive.lancedb.NonClosingEmbedder;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.upkeep.TableHealth;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The store's writes with the real model, in one JVM with background upkeep on (as the MCP server
 * runs it), on one project that grows through the sizes 1,000, 10,000 and {@code --rows}: at each
 * size, root creates, child creates (a task under a story, with its ancestors' roll-up), status
 * updates of tasks (with the roll-up) and reads by id, each timed one by one after untimed ones;
 * and semantic and hybrid search, to show that writes leave reads flat. Then a soak of status
 * updates (10,000, or {@code --rows} when smaller) and the same figures again, with the table's
 * fragment count. The project is a hierarchy (initiatives, epics, features, stories, tasks); its
 * rows carry real MiniLM vectors of 2,000 generated texts, reused, and every timed write embeds its
 * own text with the model.
 */
final class WritesSuite {
  static final int DEFAULT_ROWS = 5_000;
  private static final int[] LADDER = {1_000, 10_000};
  private static final int TIMED = 200;
  private static final int UNTIMED = 100;
  private static final int READS = 2_000;
  private static final int SOAK = 10_000;
  private static final int BATCH = 5_000;

  private WritesSuite() {}

  static Map<String, Object> run(int rows, Path scratch, PrintWriter out) throws Exception {
    try (Embedder model = SentenceEmbedders.load("all-MiniLM-L6-v2");
        LanceDBManager store = open(scratch.resolve("writes"), model)) {
      List<String> texts = BenchmarkSentences.generate(2_000, 17);
      List<float[]> vectors = model.embedAll(texts);
      Project project = new Project(texts, vectors, new Random(7));
      out.printf("writes (real model all-MiniLM-L6-v2, background upkeep on, one JVM)%n");
      out.printf(
          "  %-10s %12s %12s %12s %12s %10s %10s %10s%n",
          "rows",
          "root cr/s",
          "child cr/s",
          "status up/s",
          "read p95 ms",
          "sem p95",
          "hyb p95",
          "fragments");
      Map<String, Object> sizes = new LinkedHashMap<>();
      long loadNanos = 0;
      int loaded = 0;
      for (int size : sizes(rows)) {
        long start = System.nanoTime();
        loaded += project.growTo(store, size);
        loadNanos += System.nanoTime() - start;
        store.awaitMaintenance();
        Map<String, Object> f = measure(store, project, model);
        sizes.put(String.valueOf(size), f);
        print(out, String.format("%,d", size), f);
      }
      int soak = Math.min(SOAK, rows);
      long soakStart = System.nanoTime();
      for (int i = 0; i < soak; i++) {
        project.updateStatus(store);
      }
      double soakPerS = soak / ((System.nanoTime() - soakStart) / 1e9);
      store.awaitMaintenance();
      Map<String, Object> after = measure(store, project, model);
      after.put("updates", soak);
      after.put("updates_per_s", Latencies.round(soakPerS, 1));
      after.put("fragments", fragments(store));
      print(out, String.format("after %,d", soak), after);
      out.printf(
          "  soak: %,d status updates at %.1f /s; the table has %d fragments%n",
          soak, soakPerS, fragments(store));
      double bulk = loaded / (loadNanos / 1e9);
      out.printf(
          "  %-52s %10.1f /s%n",
          String.format("bulk insert, batches of %,d, vectors given", BATCH), bulk);
      out.flush();
      return Figures.of(
          "sizes",
          sizes,
          "soak",
          after,
          "bulk_insert_per_s",
          Latencies.round(bulk, 1),
          "rss_mb",
          Latencies.round(EmbeddingBenchmark.residentMb(), 0));
    }
  }

  /** 1,000 and 10,000 below {@code rows}, then {@code rows}. */
  private static List<Integer> sizes(int rows) {
    List<Integer> out = new ArrayList<>();
    for (int s : LADDER) {
      if (s < rows) {
        out.add(s);
      }
    }
    out.add(rows);
    return out;
  }

  private static Map<String, Object> measure(LanceDBManager store, Project p, Embedder model)
      throws Exception {
    Latencies roots = Latencies.of(p.titles(UNTIMED + TIMED), UNTIMED, t -> p.createRoot(store, t));
    Latencies children =
        Latencies.of(p.titles(UNTIMED + TIMED), UNTIMED, t -> p.createChild(store, t));
    Latencies updates =
        Latencies.of(p.titles(UNTIMED + TIMED), UNTIMED, t -> p.updateStatus(store));
    Latencies reads = Latencies.of(p.someIds(READS), READS / 2, id -> store.findById(id));
    List<String> queries = BenchmarkSentences.shortTexts(UNTIMED + TIMED, 11);
    Latencies semantic =
        Latencies.of(
            queries, UNTIMED, q -> store.search(SearchRequest.of(q, SearchType.SEMANTIC, 10)));
    Latencies hybrid =
        Latencies.of(
            queries, UNTIMED, q -> store.search(SearchRequest.of(q, SearchType.HYBRID, 10)));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("root_create_per_s", perSecond(roots));
    f.put("root_create_p95_ms", Latencies.round(roots.p(95), 2));
    f.put("child_create_per_s", perSecond(children));
    f.put("child_create_p95_ms", Latencies.round(children.p(95), 2));
    f.put("status_update_per_s", perSecond(updates));
    f.put("status_update_p95_ms", Latencies.round(updates.p(95), 2));
    f.put("read_by_id_p50_ms", Latencies.round(reads.p(50), 3));
    f.put("read_by_id_p95_ms", Latencies.round(reads.p(95), 3));
    f.put("semantic_p95_ms", Latencies.round(semantic.p(95), 2));
    f.put("hybrid_p95_ms", Latencies.round(hybrid.p(95), 2));
    return f;
  }

  /** Operations per second at the median latency. */
  private static double perSecond(Latencies l) {
    return Latencies.round(1000.0 / l.p(50), 1);
  }

  private static void print(PrintWriter out, String label, Map<String, Object> f) {
    out.printf(
        "  %-10s %12s %12s %12s %12s %10s %10s %10s%n",
        label,
        f.get("root_create_per_s"),
        f.get("child_create_per_s"),
        f.get("status_update_per_s"),
        f.get("read_by_id_p95_ms"),
        f.get("semantic_p95_ms"),
        f.get("hybrid_p95_ms"),
        f.getOrDefault("fragments", ""));
    out.flush();
  }

  private static int fragments(LanceDBManager store) {
    return store.health().tables().stream()
        .filter(t -> t.table().equals("WorkItem"))
        .mapToInt(TableHealth::fragments)
        .findFirst()
        .orElse(0);
  }

  private static LanceDBManager open(Path path, Embedder model) {
    return LanceDBManager.builder(DatabaseConfig.defaults().withDataPath(path.toString()))
        .embedder(new NonClosingEmbedder(model))
        .build();
  }

  /**
   * The project the suite writes: which ids are stories (parents of new tasks) and tasks (whose
   * status changes), grown in batches shaped like a real plan (per initiative 4 epics, per epic 4
   * features, per feature 4 stories, per story 6 tasks).
   */
  private static final class Project {
    private static final Status[] CYCLE = {
      Status.IN_PROGRESS, Status.COMPLETED, Status.NOT_STARTED, Status.BLOCKED
    };
    private final List<String> texts;
    private final List<float[]> vectors;
    private final Random random;
    private final List<String> all = new ArrayList<>();
    private final List<String> stories = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private int count;
    private int next;

    Project(List<String> texts, List<float[]> vectors, Random random) {
      this.texts = texts;
      this.vectors = vectors;
      this.random = random;
    }

    /** Inserts whole initiatives until the store holds {@code size} items; returns how many. */
    int growTo(LanceDBManager store, int size) {
      int added = 0;
      List<WorkItem> batch = new ArrayList<>();
      while (count + batch.size() < size) {
        addInitiative(batch, size - count - batch.size());
        if (batch.size() >= BATCH) {
          added += flush(store, batch);
        }
      }
      added += flush(store, batch);
      return added;
    }

    private int flush(LanceDBManager store, List<WorkItem> batch) {
      if (batch.isEmpty()) {
        return 0;
      }
      int n = store.insertWorkItems(List.copyOf(batch));
      count += n;
      batch.clear();
      return n;
    }

    /** One initiative's tree, cut off after {@code room} items. */
    private void addInitiative(List<WorkItem> batch, int room) {
      int[] left = {room};
      String initiative = add(batch, WorkItemType.INITIATIVE, null, left);
      for (int e = 0; e < 4 && left[0] > 0; e++) {
        String epic = add(batch, WorkItemType.EPIC, initiative, left);
        for (int f = 0; f < 4 && left[0] > 0; f++) {
          String feature = add(batch, WorkItemType.FEATURE, epic, left);
          for (int s = 0; s < 4 && left[0] > 0; s++) {
            String story = add(batch, WorkItemType.STORY, feature, left);
            stories.add(story);
            for (int t = 0; t < 6 && left[0] > 0; t++) {
              tasks.add(add(batch, WorkItemType.TASK, story, left));
            }
          }
        }
      }
    }

    private String add(List<WorkItem> batch, WorkItemType type, String parent, int[] left) {
      int k = next++ % texts.size();
      String[] text = BenchmarkSentences.titleAndDescription(texts.get(k));
      WorkItem w =
          WorkItem.builder()
              .id(LanceDBManager.newId())
              .title(text[0] + " " + next)
              .description(text[1])
              .itemType(type)
              .parentId(parent)
              .vector(vectors.get(k))
              .build();
      batch.add(w);
      all.add(w.id());
      left[0]--;
      return w.id();
    }

    List<String> titles(int n) {
      return BenchmarkSentences.shortTexts(n, random.nextLong());
    }

    List<String> someIds(int n) {
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(all.get(random.nextInt(all.size())));
      }
      return out;
    }

    void createRoot(LanceDBManager store, String title) {
      all.add(store.createWorkItem(draft(WorkItemType.INITIATIVE, title).build()).id());
    }

    void createChild(LanceDBManager store, String title) {
      String parent = stories.get(random.nextInt(stories.size()));
      WorkItem w = store.createWorkItem(draft(WorkItemType.TASK, title).parentId(parent).build());
      all.add(w.id());
      tasks.add(w.id());
    }

    private static WorkItem.Builder draft(WorkItemType type, String title) {
      return WorkItem.builder()
          .id(LanceDBManager.newId())
          .title(title)
          .description("created by the benchmark")
          .itemType(type);
    }

    void updateStatus(LanceDBManager store) {
      String task = tasks.get(random.nextInt(tasks.size()));
      Status status = CYCLE[random.nextInt(CYCLE.length)];
      store.updateWorkItem(task, WorkItemPatch.empty().set("status", status.name().toLowerCase()));
    }
  }
}
