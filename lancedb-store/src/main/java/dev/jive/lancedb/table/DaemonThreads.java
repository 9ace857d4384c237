package dev.jive.lancedb.table;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the store's background work, whose threads never keep the JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads all called {@code name}, for single-thread executors. */
  public static ThreadFactory named(String name) {
    return r -> daemon(r, name);
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> daemon(r, prefix + "-" + count.incrementAndGet());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
