package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.ConflictException;
import dev.jive.core.InvalidInputException;
import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.core.search.Filter;
import dev.jive.core.search.SearchHit;
import dev.jive.core.search.SearchRequest;
import dev.jive.core.search.SearchType;
import dev.jive.lancedb.table.JiveTables;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.lance.Dataset;

/**
 * What the store does, whatever it stores on: each subclass opens stores on one kind of location (a
 * local folder, an {@code s3://} bucket). Every write that changes several rows (an item and the
 * ancestors its progress moves) is one commit: one new table version. A writer killed with SIGKILL
 * at an arbitrary moment leaves every write it acknowledged in place and the one in flight wholly
 * there or wholly absent.
 */
abstract class StoreContract {
  /** The LANCEDB_* variables naming this contract's location; one test, one location. */
  abstract Map<String, String> environment();

  /** A store on this contract's location, configured the way an operator would. */
  LanceDBManager open() {
    return LanceDBManager.builder(ConfigResolver.resolve(null, environment(), Map.of()))
        .embedder(new DeterministicEmbedder(384))
        .options(TestStores.SYNC)
        .clock(new TestStores.TickingClock())
        .build();
  }

  private static long version(LanceDBManager store) {
    return store.table(JiveTables.WORK_ITEM).committedVersion();
  }

  /**
   * Rows matching {@code filter} in the table as one version left it. Upkeep may commit versions of
   * its own after a write, so a write's atomicity shows in the first version after it: it holds the
   * whole change or the write was more than one commit.
   */
  private static long countAt(LanceDBManager store, long version, String filter) {
    try (Dataset latest = store.table(JiveTables.WORK_ITEM).openHandle();
        Dataset at = latest.checkoutVersion(version)) {
      return at.countRows(filter);
    }
  }

  @Test
  void createdItemsReadBackByIdWithTheirPlaceInTheHierarchy() {
    try (LanceDBManager store = open()) {
      WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Payments", null));
      WorkItem a = store.createWorkItem(draft(WorkItemType.FEATURE, "Cards", epic.id()));
      WorkItem b = store.createWorkItem(draft(WorkItemType.FEATURE, "Invoices", epic.id()));
      assertThat(store.findById(a.id())).get().extracting(WorkItem::title).isEqualTo("Cards");
      assertThat(a.sequenceNumber()).isEqualTo(epic.sequenceNumber() + ".1");
      assertThat(b.sequenceNumber()).isEqualTo(epic.sequenceNumber() + ".2");
      assertThat(store.children(epic.id(), false))
          .extracting(WorkItem::id)
          .containsExactly(a.id(), b.id());
    }
    try (LanceDBManager reopened = open()) {
      assertThat(reopened.countWorkItems(Filter.matchAll())).isEqualTo(3);
    }
  }

  @Test
  void anUpdateAndTheRollUpItCausesAreOneCommit() {
    try (LanceDBManager store = open()) {
      WorkItem epic = store.createWorkItem(draft(WorkItemType.EPIC, "Payments", null));
      WorkItem feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Cards", epic.id()));
      WorkItem story = store.createWorkItem(draft(WorkItemType.STORY, "Pay", feature.id()));
      WorkItem t1 = store.createWorkItem(draft(WorkItemType.TASK, "Form", story.id()));
      store.createWorkItem(draft(WorkItemType.TASK, "Submit", story.id()));
      long before = version(store);
      store.updateWorkItem(t1.id(), WorkItemPatch.empty().set("status", "completed"));
      assertThat(countAt(store, before + 1, "progress = 50.0"))
          .as("the task and its three ancestors in one commit")
          .isEqualTo(3);
      assertThat(countAt(store, before + 1, "status = 'completed'")).isEqualTo(1);
      assertThat(store.findById(story.id()).orElseThrow().progress()).isEqualTo(50.0);
      assertThat(store.findById(feature.id()).orElseThrow().progress()).isEqualTo(50.0);
      assertThat(store.findById(epic.id()).orElseThrow().progress()).isEqualTo(50.0);
      assertThat(store.rollUpProgress()).isEmpty();
    }
  }

  @Test
  void moveDeleteAndDependenciesKeepTheHierarchyConsistent() {
    try (LanceDBManager store = open()) {
      WorkItem s1 = store.createWorkItem(draft(WorkItemType.STORY, "One", null));
      WorkItem s2 = store.createWorkItem(draft(WorkItemType.STORY, "Two", null));
      WorkItem task = store.createWorkItem(draft(WorkItemType.TASK, "Move me", s1.id()));
      WorkItem other = store.createWorkItem(draft(WorkItemType.TASK, "Stay", s1.id()));
      store.updateWorkItem(task.id(), WorkItemPatch.empty().set("status", "completed"));
      store.addDependency(other.id(), task.id());
      assertThatThrownBy(() -> store.addDependency(task.id(), other.id()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("cycle");

      long before = version(store);
      store.updateWorkItem(task.id(), WorkItemPatch.empty().set("parent_id", s2.id()));
      assertThat(countAt(store, before + 1, "parent_id = '" + s2.id() + "' OR progress = 100.0"))
          .as("a move and both roll-ups: one commit")
          .isEqualTo(2);
      assertThat(countAt(store, before + 1, "id = '" + s1.id() + "' AND progress = 0.0"))
          .isEqualTo(1);
      assertThat(store.findById(s1.id()).orElseThrow().progress()).isEqualTo(0.0);
      assertThat(store.findById(s2.id()).orElseThrow().progress()).isEqualTo(100.0);
      assertThatThrownBy(
              () ->
                  store.updateWorkItem(s2.id(), WorkItemPatch.empty().set("parent_id", task.id())))
          .isInstanceOf(InvalidInputException.class);

      before = version(store);
      assertThat(store.deleteWorkItem(s2.id(), true)).containsExactlyInAnyOrder(s2.id(), task.id());
      assertThat(countAt(store, before + 1, "id IN ('" + s2.id() + "', '" + task.id() + "')"))
          .as("an item and its descendants deleted in one commit")
          .isZero();
      assertThat(countAt(store, before + 1, "id = '" + other.id() + "'")).isEqualTo(1);
      assertThat(store.findById(task.id())).isEmpty();
      assertThat(store.findById(other.id()).orElseThrow().dependencies()).isEmpty();
      WorkItem again = store.createWorkItem(draft(WorkItemType.TASK, "New", s1.id()));
      assertThat(again.sequenceNumber()).isNotEqualTo(other.sequenceNumber());
    }
  }

  @Test
  void searchFindsWhatWasWrittenAndNotWhatWasDeleted() {
    try (LanceDBManager store = open()) {
      WorkItem login = store.createWorkItem(draft(WorkItemType.TASK, "Fix the login page", null));
      WorkItem gone = store.createWorkItem(draft(WorkItemType.TASK, "Remove old invoices", null));
      store.updateWorkItem(
          login.id(), WorkItemPatch.empty().set("title", "Fix the login page on mobile"));
      store.deleteWorkItem(gone.id(), false);
      for (SearchType type : SearchType.values()) {
        List<SearchHit<WorkItem>> hits =
            store.search(SearchRequest.of("login page on mobile", type, 5));
        assertThat(hits).as(type.toString()).isNotEmpty();
        assertThat(hits.get(0).item().title()).isEqualTo("Fix the login page on mobile");
        assertThat(hits).extracting(h -> h.item().id()).doesNotContain(gone.id());
      }
    }
  }

  @Test
  void aRestoreToATagBringsBackTheTaggedRowsAndTheDirectoryFollows() {
    try (LanceDBManager store = open()) {
      WorkItem kept = store.createWorkItem(draft(WorkItemType.TASK, "Kept", null));
      store.tagAll("before");
      store.updateWorkItem(kept.id(), WorkItemPatch.empty().set("status", "completed"));
      store.createWorkItem(draft(WorkItemType.TASK, "Later", null));
      assertThat(store.listVersions(JiveTables.WORK_ITEM))
          .anySatisfy(v -> assertThat(v.tags()).contains("before"));
      store.restore(JiveTables.WORK_ITEM, "before");
      assertThat(store.allWorkItems()).extracting(WorkItem::id).containsExactly(kept.id());
      assertThat(store.findById(kept.id()).orElseThrow().status()).isEqualTo(Status.NOT_STARTED);
    }
  }

  @Test
  void threadsWritingTogetherLoseNothingAndKeepRollUpsRight() throws Exception {
    try (LanceDBManager store = open()) {
      WorkItem story = store.createWorkItem(draft(WorkItemType.STORY, "Shared", null));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<List<String>>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < 6; i++) {
                    WorkItem w =
                        store.createWorkItem(
                            draft(WorkItemType.TASK, "T" + thread + "-" + i, story.id()));
                    ids.add(w.id());
                    if (i % 2 == 0) {
                      store.updateWorkItem(
                          w.id(), WorkItemPatch.empty().set("status", "completed"));
                    }
                  }
                  return ids;
                }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : work) {
        all.addAll(f.get());
      }
      pool.shutdown();
      assertThat(store.children(story.id(), false))
          .extracting(WorkItem::id)
          .containsExactlyInAnyOrderElementsOf(all);
      assertThat(store.findById(story.id()).orElseThrow().progress()).isEqualTo(50.0);
      assertThat(store.rollUpProgress()).isEmpty();
      assertThat(store.children(story.id(), false))
          .extracting(WorkItem::sequenceNumber)
          .doesNotHaveDuplicates();
    }
  }

  @RepeatedTest(2)
  void acknowledgedWritesSurviveAKillAndTheWriteInFlightIsAllOrNothing() throws Exception {
    String story;
    try (LanceDBManager store = open()) {
      String feature = store.createWorkItem(draft(WorkItemType.FEATURE, "Checkout", null)).id();
      story = store.createWorkItem(draft(WorkItemType.STORY, "Pay by card", feature)).id();
    }
    ProcessBuilder writer = TestStores.javaProcess(WriteUntilKilled.class, story);
    writer.environment().putAll(environment());
    Process child = writer.start();
    Map<String, String> acked = new HashMap<>();
    String[] inFlight = null;
    int acks = 0;
    int killAfter = 25 + (int) (System.nanoTime() % 30);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("begin ")) {
          inFlight = line.split(" ");
        } else if (line.equals("ack") && inFlight != null) {
          acked.put(inFlight[2], inFlight[3]);
          inFlight = null;
          if (++acks == killAfter) {
            // Kill while the next write is under way, not between writes.
            Thread.sleep(System.nanoTime() % 15);
            child.toHandle().destroyForcibly();
          }
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(acks).isGreaterThanOrEqualTo(killAfter);

    try (LanceDBManager store = open()) {
      Map<String, WorkItem> tasks = new HashMap<>();
      for (WorkItem w : store.children(story, false)) {
        assertThat(tasks.put(w.id(), w)).as("one row per id").isNull();
      }
      for (Map.Entry<String, String> e : acked.entrySet()) {
        boolean inFlightOnIt = inFlight != null && inFlight[2].equals(e.getKey());
        WorkItem stored = tasks.get(e.getKey());
        assertThat(stored).as("acknowledged " + e.getKey()).isNotNull();
        if (inFlightOnIt) {
          assertThat(List.of(e.getValue(), inFlight[3])).contains(stored.status().wireName());
        } else {
          assertThat(stored.status().wireName()).as(e.getKey()).isEqualTo(e.getValue());
        }
      }
      int unacknowledged = tasks.size() - acked.size();
      assertThat(unacknowledged).as("only the write in flight may be extra").isBetween(0, 1);
      if (unacknowledged == 1) {
        assertThat(inFlight).isNotNull();
        assertThat(inFlight[1]).isEqualTo("create");
        assertThat(tasks).containsKey(inFlight[2]);
      }
      assertThat(store.rollUpProgress()).as("roll-ups committed with their changes").isEmpty();
    }
  }
}
