package dev.jive.lancedb;

import dev.jive.core.WorkItemType;
import java.nio.file.Path;

/**
 * For the group-commit test, run in a second process: creates {@code n} root tasks, prints each id
 * as its create returns, then halts the JVM at once (no close, no shutdown hooks), as a kill would,
 * before the rows are committed.
 */
public final class CreateThenHalt {
  private CreateThenHalt() {}

  /** args: data path, count. */
  public static void main(String[] args) {
    LanceDBManager store = TestStores.open(Path.of(args[0]));
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      System.out.println(
          store.createWorkItem(TestStores.draft(WorkItemType.TASK, "Halted " + i, null)).id());
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
