package dev.jive.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Timed queries (after warm-up ones) and their percentiles. */
final class Latencies {
  /**
   * Untimed queries first: the figures are a serving process's steady state. With 20, as before,
   * the timed window still held the JIT compiling the Java side of the query path (Arrow imports,
   * row mapping): the same store's semantic p95 fell from ~15 ms over its first 300 queries to ~9
   * ms over the next 300, in one process.
   */
  static final int WARMUP = 200;

  static final int TIMED = 200;

  private final double[] sortedMs;

  private Latencies(double[] sortedMs) {
    this.sortedMs = sortedMs;
  }

  /** A query that may throw; the benchmark stops on the first failure. */
  @FunctionalInterface
  interface Query<T> {
    void run(T input) throws Exception;
  }

  /** Runs the first {@link #WARMUP} inputs untimed, then times each of the rest. */
  static <T> Latencies of(List<T> inputs, Query<T> query) throws Exception {
    return of(inputs, Math.min(WARMUP, inputs.size() / 2), query);
  }

  /** Runs the first {@code warm} inputs untimed, then times each of the rest. */
  static <T> Latencies of(List<T> inputs, int warm, Query<T> query) throws Exception {
    for (T in : inputs.subList(0, warm)) {
      query.run(in);
    }
    List<T> timed = inputs.subList(warm, inputs.size());
    double[] ms = new double[timed.size()];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      query.run(timed.get(i));
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return new Latencies(ms);
  }

  double p(int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sortedMs.length) - 1;
    return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, index))];
  }

  /** {@code p50_ms} and {@code p95_ms}, rounded. */
  Map<String, Object> json() {
    return Figures.of("p50_ms", round(p(50), 2), "p95_ms", round(p(95), 2));
  }

  static double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(v * scale) / scale;
  }
}
