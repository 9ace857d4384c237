package dev.jive.lancedb;

import dev.jive.core.embedding.DeterministicEmbedder;
import java.nio.file.Path;

/**
 * For the kill -9 test of re-embedding, run in a second process: re-embeds every table of the store
 * at the given path with {@link #NEW_MODEL}, printing {@code progress <table> <done>} as it goes.
 * Once the first table is done and the second one's rows are embedded it waits, so the parent's
 * kill always lands between the two tables' commits.
 */
public final class ReembedUntilKilled {
  static final DeterministicEmbedder NEW_MODEL = new DeterministicEmbedder("deterministic-b", 64);

  private ReembedUntilKilled() {}

  /** args: the data path, seeded with {@link TestStores#open(Path)}'s model. */
  public static void main(String[] args) throws Exception {
    LanceDBManager store = TestStores.open(Path.of(args[0]));
    store.reembed(
        null,
        NEW_MODEL,
        null,
        false,
        (table, done, total) -> {
          System.out.println("progress " + table + " " + done);
          System.out.flush();
          if (table.equals("WorkItem")) {
            sleep();
          }
        });
    System.out.println("finished");
  }

  private static void sleep() {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
