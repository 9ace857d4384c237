package dev.jive.lancedb.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a local sentence-transformers folder: {@code model.onnx} and {@code tokenizer.json} are
 * required; pooling comes from {@code 1_Pooling/config.json} (found through {@code modules.json}
 * when present), the dimension from {@code config.json}'s {@code hidden_size}, the token limit from
 * {@code sentence_bert_config.json}'s {@code max_seq_length} (else {@code config.json}'s {@code
 * max_position_embeddings}). What the files do not say must be given in {@link LocalModelOptions};
 * a disagreement between a file and an option, or between two files, names the file.
 */
final class LocalModelReader {
  static final String MODEL_FILE = "model.onnx";
  static final String TOKENIZER_FILE = "tokenizer.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalModelReader() {}

  static ModelSpec read(Path dir, LocalModelOptions options) {
    requireFile(dir.resolve(MODEL_FILE));
    requireFile(dir.resolve(TOKENIZER_FILE));

    JsonNode config = readJson(dir.resolve("config.json"));
    JsonNode sbert = readJson(dir.resolve("sentence_bert_config.json"));
    Path poolingFile = poolingConfig(dir);
    JsonNode poolingConfig = readJson(poolingFile);

    Integer hidden = intField(config, "hidden_size", dir.resolve("config.json"));
    Integer poolDim = intField(poolingConfig, "word_embedding_dimension", poolingFile);
    if (hidden != null && poolDim != null && !hidden.equals(poolDim)) {
      throw inconsistent(
          poolingFile,
          "word_embedding_dimension "
              + poolDim
              + " disagrees with config.json hidden_size "
              + hidden);
    }
    Integer dimension =
        agree(
            hidden != null ? hidden : poolDim,
            options.dimension(),
            hidden != null ? dir.resolve("config.json") : poolingFile,
            "dimension");

    Pooling filePooling = pooling(poolingConfig, poolingFile);
    Pooling pooling = agree(filePooling, options.pooling(), poolingFile, "pooling");

    Integer seq = intField(sbert, "max_seq_length", dir.resolve("sentence_bert_config.json"));
    Integer positions = intField(config, "max_position_embeddings", dir.resolve("config.json"));
    Integer fileMax = seq != null ? seq : positions;
    Integer maxLength =
        agree(
            fileMax,
            options.maxLength(),
            seq != null ? dir.resolve("sentence_bert_config.json") : dir.resolve("config.json"),
            "max_length");

    if (dimension == null) {
      throw missing(dir, "dimension", "config.json (hidden_size) or 1_Pooling/config.json");
    }
    if (pooling == null) {
      throw missing(dir, "pooling", "1_Pooling/config.json");
    }
    if (maxLength == null) {
      throw missing(dir, "max_length", "sentence_bert_config.json (max_seq_length) or config.json");
    }
    return new ModelSpec(
        dir.getFileName().toString(),
        dimension,
        pooling,
        maxLength,
        "",
        new ModelSpec.Folder(dir.toAbsolutePath()));
  }

  private static Path poolingConfig(Path dir) {
    String folder = "1_Pooling";
    Path modulesFile = dir.resolve("modules.json");
    if (Files.isRegularFile(modulesFile)) {
      JsonNode parsed = parse(modulesFile);
      if (!parsed.isArray()) {
        throw inconsistent(modulesFile, "expected a JSON array of modules");
      }
      for (JsonNode m : parsed) {
        if (m.path("type").asText("").endsWith("Pooling") && m.hasNonNull("path")) {
          folder = m.get("path").asText();
        }
      }
    }
    return dir.resolve(folder).resolve("config.json");
  }

  private static Pooling pooling(JsonNode config, Path file) {
    if (config == null) {
      return null;
    }
    boolean cls = bool(config, "pooling_mode_cls_token");
    boolean mean = bool(config, "pooling_mode_mean_tokens");
    if (cls == mean) {
      throw inconsistent(
          file,
          "exactly one of pooling_mode_cls_token and pooling_mode_mean_tokens must be true"
              + " (supported poolings: mean, cls)");
    }
    return cls ? Pooling.CLS : Pooling.MEAN;
  }

  private static <T> T agree(T fromFile, T explicit, Path file, String what) {
    if (fromFile != null && explicit != null && !fromFile.equals(explicit)) {
      throw inconsistent(
          file, what + " " + fromFile + " disagrees with the explicit setting " + explicit);
    }
    return explicit != null ? explicit : fromFile;
  }

  private static boolean bool(JsonNode o, String field) {
    return o.path(field).asBoolean(false);
  }

  private static Integer intField(JsonNode o, String field, Path file) {
    if (o == null || !o.hasNonNull(field)) {
      return null;
    }
    JsonNode node = o.get(field);
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw inconsistent(file, field + " is not a whole number: " + node);
    }
    int value = node.intValue();
    if (value < 1) {
      throw inconsistent(file, field + " must be positive, got " + value);
    }
    return value;
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonNode parsed = parse(file);
    if (!parsed.isObject()) {
      throw inconsistent(file, "expected a JSON object");
    }
    return parsed;
  }

  private static JsonNode parse(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw inconsistent(file, "cannot be read as JSON: " + e.getMessage());
    }
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("embedding_model", "missing file " + file);
    }
  }

  private static InvalidInputException inconsistent(Path file, String message) {
    return new InvalidInputException("embedding_model", file + ": " + message);
  }

  private static InvalidInputException missing(Path dir, String what, String files) {
    return new InvalidInputException(
        "embedding_model",
        "the model folder "
            + dir
            + " does not say its "
            + what
            + " (looked in "
            + files
            + "); give it explicitly");
  }
}
