package dev.jive.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jive.core.embedding.Embedder;
import dev.jive.lancedb.embedding.BenchmarkSentences;
import dev.jive.lancedb.embedding.EmbedderOptions;
import dev.jive.lancedb.embedding.ModelCatalog;
import dev.jive.lancedb.embedding.ModelSpec;
import dev.jive.lancedb.embedding.SentenceEmbedders;
import dev.jive.lancedb.embedding.TokenizedBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The embedding benchmark: sentences per second of our pipeline (tokenise, run, pool, normalise)
 * and, in the same run on the same batches, of a bare ONNX Runtime session given the already
 * tokenised batches with the same thread budget; their ratio; the int8 model's rate; and resident
 * memory with the default model loaded. Each rate is the median of three timed passes after a
 * warm-up pass.
 *
 * <p>Run: {@code java -cp ... dev.jive.bench.EmbeddingBenchmark [sentences]}; {@code jive-bench
 * --suite embed} runs the same code.
 */
public final class EmbeddingBenchmark {
  private static final int PASSES = 3;

  private EmbeddingBenchmark() {}

  /** The embed suite's figures, keyed as the bench command's JSON. */
  public static Map<String, Object> run(int sentences, PrintStream out) throws Exception {
    List<String> texts = BenchmarkSentences.shortTexts(sentences, 42);
    List<String> longTexts = BenchmarkSentences.generate(sentences, 43);
    EmbedderOptions options = EmbedderOptions.defaults();
    ModelSpec spec = ModelCatalog.resolve(ModelCatalog.DEFAULT_MODEL);
    Map<String, Object> result = new LinkedHashMap<>();
    double pipeline;
    double pipelineLong;
    double rssLoaded;
    double rssMb;
    double rssLong;
    try (Embedder embedder = SentenceEmbedders.load(spec, options)) {
      embedder.embed("warm the query path");
      rssLoaded = residentMb();
      pipeline = rate(texts, () -> embedder.embedAll(texts));
      rssMb = residentMb();
      pipelineLong = rate(longTexts, () -> embedder.embedAll(longTexts));
      rssLong = residentMb();
    }
    double bare = bareOrt(spec, options, texts);
    double bareLong = bareOrt(spec, options, longTexts);
    double int8;
    try (Embedder q = SentenceEmbedders.load(ModelCatalog.resolve("all-MiniLM-L6-v2-q"), options)) {
      int8 = rate(texts, () -> q.embedAll(texts));
    }
    result.put("model", spec.name());
    result.put("sentences", sentences);
    result.put("pipeline_per_s", round(pipeline));
    result.put("bare_ort_per_s", round(bare));
    result.put("ratio", Math.round(pipeline / bare * 1000) / 1000.0);
    result.put("int8_per_s", round(int8));
    result.put("rss_mb", round(rssMb));
    out.printf(
        "embed: %d sentences, %d predictor thread(s) x %d intra-op, batch %d%n",
        sentences, options.threads(), options.intraOpThreads(), options.batchSize());
    out.printf("  %-38s %14s %14s%n", "sentences per second", "short (7 words)", "long (19 words)");
    out.printf("  %-38s %14.0f %14.0f%n", "pipeline (" + spec.name() + ")", pipeline, pipelineLong);
    out.printf("  %-38s %14.0f %14.0f%n", "bare ONNX Runtime, same batches", bare, bareLong);
    out.printf("  %-38s %14.3f %14.3f%n", "ratio", pipeline / bare, pipelineLong / bareLong);
    out.printf("  %-38s %14.0f %14s%n", "int8 pipeline (all-MiniLM-L6-v2-q)", int8, "");
    out.printf("  %-38s %11.0f MB%n", "resident memory: model loaded, idle", rssLoaded);
    out.printf("  %-38s %11.0f MB%n", "  after the short batches", rssMb);
    out.printf("  %-38s %11.0f MB%n", "  after the long batches", rssLong);
    return result;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Map<String, Object> result = run(n, System.out);
    System.out.println(result);
  }

  private static double rate(List<String> texts, Runnable pass) {
    pass.run(); // warm-up: first batches pay allocation and graph set-up
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < PASSES; i++) {
      long start = System.nanoTime();
      pass.run();
      rates.add(texts.size() / ((System.nanoTime() - start) / 1e9));
    }
    rates.sort(Comparator.naturalOrder());
    return rates.get(PASSES / 2);
  }

  /**
   * The same sorted, padded batches fed straight to ONNX Runtime sessions (one per worker, the same
   * threads and intra-op setting as the pipeline), reading back the raw output. Tokenising happens
   * before timing, so the ratio shows everything our pipeline adds.
   */
  static double bareOrt(ModelSpec spec, EmbedderOptions options, List<String> texts)
      throws IOException, OrtException {
    List<TokenizedBatch> batches = SentenceEmbedders.tokenize(spec, texts, options.batchSize());
    Path onnx = SentenceEmbedders.onnxFile(spec);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OrtSession> sessions = new ArrayList<>();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(options.intraOpThreads());
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      for (int i = 0; i < options.threads(); i++) {
        sessions.add(env.createSession(onnx.toString(), so));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      return rate(
          texts,
          () -> {
            ConcurrentLinkedQueue<TokenizedBatch> queue = new ConcurrentLinkedQueue<>(batches);
            List<Future<?>> workers = new ArrayList<>();
            for (OrtSession session : sessions) {
              workers.add(pool.submit(() -> drain(env, session, queue)));
            }
            for (Future<?> f : workers) {
              try {
                f.get();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          });
    } finally {
      pool.shutdownNow();
      for (OrtSession s : sessions) {
        s.close();
      }
    }
  }

  private static Void drain(
      OrtEnvironment env, OrtSession session, ConcurrentLinkedQueue<TokenizedBatch> queue)
      throws OrtException {
    TokenizedBatch b;
    while ((b = queue.poll()) != null) {
      long[] shape = {b.size(), b.length()};
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        for (String name : session.getInputNames()) {
          long[] data =
              switch (name) {
                case "input_ids" -> b.ids();
                case "attention_mask" -> b.mask();
                default -> b.typeIds();
              };
          inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
        }
        try (OrtSession.Result r = session.run(inputs)) {
          ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
    return null;
  }

  /** Resident set size of this process, from /proc (0 where /proc is absent). */
  public static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
