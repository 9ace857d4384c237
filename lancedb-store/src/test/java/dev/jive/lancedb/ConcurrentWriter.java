package dev.jive.lancedb;

import dev.jive.core.WorkItem;
import dev.jive.core.WorkItemType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer for the concurrency tests, runnable in a second process: creates {@code n} tasks and
 * makes the shared item depend on each one (a read-modify-write of one row).
 */
public final class ConcurrentWriter {
  private ConcurrentWriter() {}

  static List<String> write(LanceDBManager store, String prefix, int n, String sharedId) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkItem item =
          store.createWorkItem(TestStores.draft(WorkItemType.TASK, prefix + " " + i, null));
      ids.add(item.id());
      store.addDependency(sharedId, item.id());
    }
    return ids;
  }

  /** args: data path, title prefix, count, shared item id. Prints each created id. */
  public static void main(String[] args) {
    try (LanceDBManager store = TestStores.open(Path.of(args[0]))) {
      for (String id : write(store, args[1], Integer.parseInt(args[2]), args[3])) {
        System.out.println(id);
      }
    }
  }
}
