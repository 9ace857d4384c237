package dev.jive.mcp.tools;

import dev.jive.lancedb.LanceDBManager;
import java.util.function.Supplier;

/**
 * How a tool call, a resource read or a prompt gets its store: borrowed for the length of the call
 * and given back after, so that the server can close a namespace's store once no call uses it
 * (HTTP's {@code /mcp/<namespace>} endpoints open one store each).
 */
@FunctionalInterface
public interface StoreAccess {
  /** The store, open until the lease is closed; may wait for it to open, or fail to. */
  Lease borrow();

  /** A store that is never closed under its callers (stdio's, and tests'). */
  static StoreAccess of(Supplier<LanceDBManager> store) {
    return () -> new Lease(store.get(), () -> {});
  }

  /** A borrowed store; closing the lease gives it back (it does not close the store). */
  record Lease(LanceDBManager store, Runnable giveBack) implements AutoCloseable {
    @Override
    public void close() {
      giveBack.run();
    }
  }
}
