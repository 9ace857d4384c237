package dev.jive.lancedb;

import static dev.jive.lancedb.TestStores.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.search.Filter;
import dev.jive.lancedb.workitems.WorkItemQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void threadsWritingTogetherLoseNoUpdateAndDuplicateNoId() throws Exception {
    try (LanceDBManager store = TestStores.open(dir)) {
      WorkItem shared = store.createWorkItem(draft(WorkItemType.TASK, "Shared", null));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        String prefix = "thread-" + t;
        futures.add(pool.submit(() -> ConcurrentWriter.write(store, prefix, 5, shared.id())));
      }
      Set<String> created = new HashSet<>();
      for (Future<List<String>> f : futures) {
        created.addAll(f.get(120, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertThat(created).hasSize(30);
      assertThat(store.countWorkItems(Filter.matchAll())).isEqualTo(31);
      assertThat(store.findById(shared.id()).orElseThrow().dependencies())
          .hasSize(30)
          .containsExactlyInAnyOrderElementsOf(created);
    }
  }

  @Test
  void twoProcessesOnOneDataPathLoseNoUpdateAndDuplicateNoId() throws Exception {
    String sharedId;
    try (LanceDBManager store = TestStores.open(dir)) {
      sharedId = store.createWorkItem(draft(WorkItemType.TASK, "Shared", null)).id();
    }
    Process child =
        TestStores.javaProcess(ConcurrentWriter.class, dir.toString(), "child", "12", sharedId)
            .start();
    List<String> mine;
    try (LanceDBManager store = TestStores.open(dir)) {
      mine = ConcurrentWriter.write(store, "parent", 12, sharedId);
    }
    List<String> theirs = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      out.lines().filter(l -> l.matches("[0-9a-f-]{36}")).forEach(theirs::add);
    }
    assertThat(child.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(theirs).hasSize(12);

    try (LanceDBManager store = TestStores.open(dir)) {
      List<WorkItem> all = store.listWorkItems(WorkItemQuery.all().page(1000, 0));
      assertThat(all).hasSize(25);
      assertThat(all.stream().map(WorkItem::id).distinct().count()).isEqualTo(25);
      Set<String> expected = new HashSet<>(mine);
      expected.addAll(theirs);
      assertThat(store.findById(sharedId).orElseThrow().dependencies())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
