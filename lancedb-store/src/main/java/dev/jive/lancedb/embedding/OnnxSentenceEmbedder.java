package dev.jive.lancedb.embedding;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import dev.jive.core.embedding.Embedder;
import dev.jive.core.embedding.EmbeddingTexts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence-transformers model run through DJL's ONNX Runtime engine and DJL's Hugging Face
 * tokenizer: tokenise (truncating at the model's limit), run the graph, pool (mean or CLS), then
 * L2-normalise.
 *
 * <p>Throughput: texts are sorted by length and cut into batches so that padding stays short; a
 * pool of predictors (one per worker, never shared by two threads at once) runs batches in
 * parallel. A call with a single batch runs on the caller's thread, so a query pays no hand-off.
 */
final class OnnxSentenceEmbedder implements Embedder {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSentenceEmbedder.class);

  private final ModelSpec spec;
  private final EmbedderOptions options;
  private final Model model;
  private final HuggingFaceTokenizer tokenizer;
  private final List<String> inputNames;
  private final BlockingQueue<Predictor<TokenizedBatch, float[][]>> predictors;
  private final ExecutorService workers;

  private OnnxSentenceEmbedder(
      ModelSpec spec,
      EmbedderOptions options,
      Model model,
      HuggingFaceTokenizer tokenizer,
      List<String> inputNames) {
    this.spec = spec;
    this.options = options;
    this.model = model;
    this.tokenizer = tokenizer;
    this.inputNames = inputNames;
    this.predictors = new ArrayBlockingQueue<>(options.threads());
    for (int i = 0; i < options.threads(); i++) {
      predictors.add(model.newPredictor(new BatchTranslator()));
    }
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "jive-embed-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads the model and checks that it produces vectors of the dimension its spec says. */
  static OnnxSentenceEmbedder load(ModelSpec spec, EmbedderOptions options) {
    DjlRuntime.ensureOffline();
    long start = System.nanoTime();
    Path onnx = ModelFiles.onnxFile(spec);
    HuggingFaceTokenizer tokenizer = tokenizer(spec);
    Model model = Model.newInstance(spec.name(), "OnnxRuntime");
    try {
      String fileName = onnx.getFileName().toString();
      model.load(
          onnx.getParent(),
          fileName.substring(0, fileName.length() - ".onnx".length()),
          Map.of("sessionOptions", sessionOptions(options)));
    } catch (IOException | MalformedModelException | RuntimeException | OrtException e) {
      model.close();
      tokenizer.close();
      throw new InvalidInputException(
          "embedding_model", "cannot load " + onnx + " as an ONNX model: " + e.getMessage());
    }
    List<String> inputs = new ArrayList<>(model.getBlock().describeInput().keys());
    for (String input : inputs) {
      if (!input.equals("input_ids")
          && !input.equals("attention_mask")
          && !input.equals("token_type_ids")) {
        model.close();
        tokenizer.close();
        throw new InvalidInputException(
            "embedding_model",
            onnx + " takes an input '" + input + "' that a BERT-style sentence model does not");
      }
    }
    OnnxSentenceEmbedder embedder =
        new OnnxSentenceEmbedder(spec, options, model, tokenizer, inputs);
    int actual = embedder.embedBatch(List.of("dimension probe")).get(0).length;
    if (actual != spec.dimension()) {
      embedder.close();
      throw new InvalidInputException(
          "embedding_model",
          spec.name()
              + " outputs vectors of dimension "
              + actual
              + " but its configuration says "
              + spec.dimension()
              + (spec.source() instanceof ModelSpec.Folder f
                  ? " (" + f.directory().resolve("config.json") + ")"
                  : ""));
    }
    LOG.info(
        "Loaded embedding model {} ({} dims, {} pooling, max {} tokens) in {} ms",
        spec.name(),
        spec.dimension(),
        spec.pooling(),
        spec.maxLength(),
        (System.nanoTime() - start) / 1_000_000);
    return embedder;
  }

  /**
   * ONNX Runtime's threads spin after each run by default, waiting for the next: that holds a core
   * the store's commits and maintenance need (single creates ran at 92/s with spinning, against the
   * same creates' 166/s with maintenance in the caller). Spinning is off.
   *
   * <p>ONNX Runtime's CPU memory arena is off: it grows by doubling and keeps what it took, and
   * held 35 to 42 MB more than the model needs in a serving process (204 against 169 MB once
   * loaded; 459 against 416 MB for a process serving 100,000 rows) for no measured speed (single
   * texts 296-322/s with it, 303-314/s without; batches of 32 within the noise). The cost: after
   * large batches glibc keeps the freed tensors (a 512-text batch left 285 MB against 235 MB with
   * the arena), so {@link #embedAll} gives them back after more than two batches ({@link
   * NativeHeap}).
   */
  private static OrtSession.SessionOptions sessionOptions(EmbedderOptions options)
      throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(options.intraOpThreads());
    so.setInterOpNumThreads(1);
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    so.addConfigEntry("session.inter_op.allow_spinning", "0");
    so.setCPUArenaAllocator(false);
    return so;
  }

  /** The model's tokenizer: pads each batch to its longest text, truncates at the model's limit. */
  static HuggingFaceTokenizer tokenizer(ModelSpec spec) {
    try (InputStream in = ModelFiles.tokenizer(spec)) {
      return HuggingFaceTokenizer.newInstance(
          in,
          Map.of(
              "padding", "true",
              "truncation", "true",
              "maxLength", String.valueOf(spec.maxLength()),
              "addSpecialTokens", "true"));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "embedding_model", "cannot load the tokenizer of " + spec.name() + ": " + e.getMessage());
    }
  }

  @Override
  public String modelName() {
    return spec.name();
  }

  @Override
  public int dimension() {
    return spec.dimension();
  }

  ModelSpec spec() {
    return spec;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    EmbeddingTexts.requireText(texts);
    if (texts.isEmpty()) {
      return List.of();
    }
    // Sort by length so each batch pads to a similar length; remember where each text came from.
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
    List<List<Integer>> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += options.batchSize()) {
      batches.add(List.of(order).subList(from, Math.min(order.length, from + options.batchSize())));
    }
    float[][] result = new float[texts.size()][];
    if (batches.size() == 1) {
      fill(result, batches.get(0), texts);
    } else {
      List<Future<?>> running = new ArrayList<>();
      for (List<Integer> batch : batches) {
        running.add(workers.submit(() -> fill(result, batch, texts)));
      }
      for (Future<?> f : running) {
        await(f);
      }
      if (batches.size() > 2) {
        NativeHeap.trim();
      }
    }
    return List.of(result);
  }

  private void fill(float[][] result, List<Integer> indices, List<String> texts) {
    List<String> batch = new ArrayList<>(indices.size());
    indices.forEach(i -> batch.add(texts.get(i)));
    List<float[]> vectors = embedBatch(batch);
    for (int k = 0; k < indices.size(); k++) {
      result[indices.get(k)] = vectors.get(k);
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JiveException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new JiveException("embedding failed: " + e.getCause(), e.getCause());
    }
  }

  /** One batch through one predictor, borrowed from the pool and returned after. */
  List<float[]> embedBatch(List<String> texts) {
    String[] input = new String[texts.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = spec.textPrefix() + texts.get(i);
    }
    TokenizedBatch batch = TokenizedBatch.of(tokenizer.batchEncode(input));
    Predictor<TokenizedBatch, float[][]> predictor;
    try {
      predictor = predictors.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JiveException("interrupted while waiting for a free model predictor", e);
    }
    try {
      return List.of(predictor.predict(batch));
    } catch (TranslateException e) {
      throw new JiveException(
          "the embedding model " + spec.name() + " failed: " + e.getMessage(), e);
    } finally {
      predictors.add(predictor);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    List<Predictor<TokenizedBatch, float[][]>> all = new ArrayList<>();
    predictors.drainTo(all);
    all.forEach(Predictor::close);
    tokenizer.close();
    model.close();
  }

  /** A tokenised batch, padded to its longest text, as flat row-major arrays. */
  /** Builds the named input tensors and pools the first output into sentence vectors. */
  private final class BatchTranslator implements Translator<TokenizedBatch, float[][]> {
    /** Batches are built here, already padded; DJL's stacking batchifier would need PyTorch. */
    @Override
    public ai.djl.translate.Batchifier getBatchifier() {
      return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, TokenizedBatch batch) {
      NDManager manager = ctx.getNDManager();
      Shape shape = new Shape(batch.size(), batch.length());
      NDList list = new NDList(inputNames.size());
      for (String name : inputNames) {
        long[] data =
            switch (name) {
              case "input_ids" -> batch.ids();
              case "attention_mask" -> batch.mask();
              default -> batch.typeIds();
            };
        NDArray array = manager.create(data, shape);
        array.setName(name);
        list.add(array);
      }
      ctx.setAttachment("batch", batch);
      return list;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList output) {
      TokenizedBatch batch = (TokenizedBatch) ctx.getAttachment("batch");
      NDArray hidden = output.get(0);
      float[] data = hidden.toFloatArray();
      Shape shape = hidden.getShape();
      if (shape.dimension() == 2) {
        // The graph pools by itself: one row per text already.
        return rows(data, batch.size(), (int) shape.get(1));
      }
      int width = (int) shape.get(2);
      return Pooler.pool(
          data,
          batch.mask(),
          batch.size(),
          batch.length(),
          width,
          spec.pooling(),
          options.normalize());
    }
  }

  private float[][] rows(float[] data, int n, int width) {
    float[][] out = new float[n][];
    for (int b = 0; b < n; b++) {
      out[b] = java.util.Arrays.copyOfRange(data, b * width, (b + 1) * width);
      if (options.normalize()) {
        EmbeddingTexts.normalize(out[b]);
      }
    }
    return out;
  }
}
