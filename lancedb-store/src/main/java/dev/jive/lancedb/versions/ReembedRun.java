package dev.jive.lancedb.versions;

import java.util.List;

/**
 * One re-embedding of several tables (or, for a dry run, its plan).
 *
 * @param tag the one tag every covered table's previous version carries ({@code
 *     pre-reembed-<time>})
 * @param tables what was done to each table in this run (the plan of each, for a dry run)
 * @param resumedPastDone tables an interrupted run had already finished, not done again
 */
public record ReembedRun(
    String tag, List<ReembedResult> tables, List<String> resumedPastDone, boolean dryRun) {
  public ReembedRun {
    tables = List.copyOf(tables);
    resumedPastDone = List.copyOf(resumedPastDone);
  }
}
