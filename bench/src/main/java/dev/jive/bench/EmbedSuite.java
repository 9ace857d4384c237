package dev.jive.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The embedder: our pipeline against a bare ONNX Runtime session on the same tokenised batches, and
 * the int8 model, all in this JVM ({@link EmbeddingBenchmark} measures; this suite keeps its keys).
 */
final class EmbedSuite {
  static final int DEFAULT_SENTENCES = 2_000;

  private EmbedSuite() {}

  static Map<String, Object> run(int sentences, PrintWriter out) throws Exception {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    Map<String, Object> r;
    try (PrintStream capture = new PrintStream(printed, true, "UTF-8")) {
      r = EmbeddingBenchmark.run(sentences, capture);
    }
    out.print(printed.toString("UTF-8"));
    out.flush();
    return Figures.of(
        "model", r.get("model"),
        "sentences", r.get("sentences"),
        "pipeline_per_s", r.get("pipeline_per_s"),
        "bare_ort_per_s", r.get("bare_ort_per_s"),
        "ratio", r.get("ratio"),
        "int8_per_s", r.get("int8_per_s"),
        "rss_mb", r.get("rss_mb"));
  }
}
