package dev.jive.lancedb;

import dev.jive.core.Status;
import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.embedding.DeterministicEmbedder;
import dev.jive.lancedb.workitems.WorkItemPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * For the kill -9 test, run in a second process: under the story whose id it is given, writes
 * without end (child creates and status updates of its tasks, each rolling up the story and the
 * feature above it), printing {@code begin <op> <id> <status>} before each write and {@code ack}
 * once it returned, until the parent kills it.
 */
public final class WriteUntilKilled {
  private WriteUntilKilled() {}

  /** args: the story id; the store is the one the environment's LANCEDB_* variables name. */
  public static void main(String[] args) {
    LanceDBManager store =
        LanceDBManager.builder(ConfigResolver.resolve(null, System.getenv(), Map.of()))
            .embedder(new DeterministicEmbedder(384))
            .options(TestStores.SYNC)
            .build();
    String story = args[0];
    Random random = new Random(3);
    List<String> tasks = new ArrayList<>();
    Status[] statuses = {Status.IN_PROGRESS, Status.COMPLETED, Status.NOT_STARTED};
    for (int i = 0; ; i++) {
      if (tasks.isEmpty() || random.nextInt(3) == 0) {
        WorkItem draft = TestStores.draft(WorkItemType.TASK, "Killed task " + i, story);
        System.out.println("begin create " + draft.id() + " not_started");
        System.out.flush();
        store.createWorkItem(draft);
        tasks.add(draft.id());
      } else {
        String task = tasks.get(random.nextInt(tasks.size()));
        Status s = statuses[random.nextInt(statuses.length)];
        System.out.println("begin update " + task + " " + s.wireName());
        System.out.flush();
        store.updateWorkItem(task, WorkItemPatch.empty().set("status", s.wireName()));
      }
      System.out.println("ack");
      System.out.flush();
    }
  }
}
