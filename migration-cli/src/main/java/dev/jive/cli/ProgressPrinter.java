package dev.jive.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Write progress: a bar redrawn in place on a terminal, plain lines (at most one per tenth)
 * otherwise, so logs and CI output stay readable.
 */
final class ProgressPrinter implements JiveProfileMigration.Progress {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final boolean terminal;
  private final String verb;
  private final long start = System.nanoTime();
  private String table;
  private long lastTenth = -1;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this(out, terminal, "wrote");
  }

  private ProgressPrinter(PrintWriter out, boolean terminal, String verb) {
    this.out = out;
    this.terminal = terminal;
    this.verb = verb;
  }

  static ProgressPrinter forConsole(PrintWriter out) {
    return forConsole(out, "wrote");
  }

  /** Plain lines read {@code <verb> <table>: done / total}. */
  static ProgressPrinter forConsole(PrintWriter out, String verb) {
    return new ProgressPrinter(out, System.console() != null, verb);
  }

  @Override
  public void update(String name, long done, long total) {
    if (!name.equals(table)) {
      table = name;
      lastTenth = -1;
    }
    double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
    double share = total == 0 ? 1 : (double) done / total;
    if (terminal) {
      int filled = (int) Math.round(share * WIDTH);
      out.printf(
          Locale.ROOT,
          "\r%-18s [%s%s] %3.0f%% %d/%d",
          name,
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          share * 100,
          done,
          total);
      if (done >= total) {
        out.println();
      }
      out.flush();
      return;
    }
    long tenth = (long) Math.floor(share * 10);
    if (tenth != lastTenth || done >= total) {
      lastTenth = tenth;
      out.printf(
          Locale.ROOT,
          "%s %s: %d / %d (%.0f%%, %.1f s)%n",
          verb,
          name,
          done,
          total,
          share * 100,
          seconds);
    }
  }
}
