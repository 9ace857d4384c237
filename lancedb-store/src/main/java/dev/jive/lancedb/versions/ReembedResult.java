package dev.jive.lancedb.versions;

/**
 * What a re-embedding did (or, for a dry run, would do).
 *
 * @param tag the tag on the table's version before the new vectors ({@code pre-reembed-<time>})
 * @param selfRetrievalHits sampled rows whose own text found them in the top 3 with the new model
 */
public record ReembedResult(
    String table,
    long rows,
    String oldModel,
    int oldDimension,
    String newModel,
    int newDimension,
    String tag,
    int selfRetrievalHits,
    int selfRetrievalSample,
    double seconds,
    boolean dryRun) {

  /** The plan of a re-embedding, as a dry run reports it: nothing sampled yet. */
  static ReembedResult planned(
      String table,
      long rows,
      String oldModel,
      int oldDimension,
      String newModel,
      int newDimension,
      String tag,
      double seconds) {
    return new ReembedResult(
        table, rows, oldModel, oldDimension, newModel, newDimension, tag, 0, 0, seconds, true);
  }

  /** This plan, carried out: the self-retrieval sample and the time it all took. */
  ReembedResult done(int hits, int sample, double totalSeconds) {
    return new ReembedResult(
        table,
        rows,
        oldModel,
        oldDimension,
        newModel,
        newDimension,
        tag,
        hits,
        sample,
        totalSeconds,
        false);
  }

  public double selfRetrievalShare() {
    return selfRetrievalSample == 0 ? 1.0 : (double) selfRetrievalHits / selfRetrievalSample;
  }
}
