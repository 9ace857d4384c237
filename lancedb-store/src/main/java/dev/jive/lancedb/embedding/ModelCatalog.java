package dev.jive.lancedb.embedding;

import dev.jive.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sentence models available from Maven Central, by the names users write, and local model
 * folders. {@link #resolve} accepts {@code all-MiniLM-L6-v2}, {@code
 * sentence-transformers/all-MiniLM-L6-v2}, any case, and a path to a folder.
 */
public final class ModelCatalog {
  public static final String DEFAULT_MODEL = "all-MiniLM-L6-v2";

  private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();

  static {
    add("all-MiniLM-L6-v2", "all-minilm-l6-v2", 384, Pooling.MEAN, 256, "");
    add("all-MiniLM-L6-v2-q", "all-minilm-l6-v2-q", 384, Pooling.MEAN, 256, "");
    add("bge-small-en-v1.5", "bge-small-en-v15", 384, Pooling.CLS, 512, "");
    // e5 models expect a role prefix; "query: " is the documented choice for symmetric tasks.
    add("e5-small-v2", "e5-small-v2", 384, Pooling.MEAN, 512, "query: ");
    add("bge-small-zh-v1.5", "bge-small-zh-v15", 512, Pooling.CLS, 512, "");
  }

  private ModelCatalog() {}

  private static void add(
      String name, String artifactSuffix, int dim, Pooling pooling, int maxLength, String prefix) {
    String file = name.toLowerCase(Locale.ROOT);
    ModelSpec spec =
        new ModelSpec(
            name,
            dim,
            pooling,
            maxLength,
            prefix,
            new ModelSpec.Bundled(
                file + ".onnx",
                file + "-tokenizer.json",
                "dev.langchain4j:langchain4j-embeddings-" + artifactSuffix));
    MODELS.put(key(name), spec);
  }

  /** The catalogue's models, in a stable order (the default first). */
  public static List<ModelSpec> models() {
    return List.copyOf(MODELS.values());
  }

  /** Whether the catalogue knows this name, in any of its accepted spellings. */
  public static boolean isCatalogued(String name) {
    return name != null && MODELS.containsKey(key(name));
  }

  /**
   * A catalogue model by name, or the model in a local folder.
   *
   * @throws InvalidInputException naming {@code embedding_model} when it is neither
   */
  public static ModelSpec resolve(String nameOrPath) {
    return resolve(nameOrPath, LocalModelOptions.NONE);
  }

  /** As {@link #resolve(String)}, with explicit settings for a local folder's missing files. */
  public static ModelSpec resolve(String nameOrPath, LocalModelOptions local) {
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new InvalidInputException("embedding_model", "a model name or folder is required");
    }
    ModelSpec spec = MODELS.get(key(nameOrPath));
    if (spec != null) {
      return spec;
    }
    Path path = Path.of(nameOrPath.strip());
    if (Files.isDirectory(path)) {
      return LocalModelReader.read(path, local);
    }
    throw new InvalidInputException(
        "embedding_model",
        "unknown model '"
            + nameOrPath
            + "': neither a catalogue model ("
            + String.join(", ", MODELS.values().stream().map(ModelSpec::name).toList())
            + ") nor a folder holding model.onnx and tokenizer.json");
  }

  /**
   * The lookup key: lower case, without an organisation prefix, with {@code v15} and {@code v1.5}
   * alike.
   */
  static String key(String name) {
    String k = name.strip().toLowerCase(Locale.ROOT);
    int slash = k.lastIndexOf('/');
    if (slash >= 0
        && (k.startsWith("sentence-transformers/")
            || k.startsWith("baai/")
            || k.startsWith("intfloat/")
            || k.startsWith("langchain4j/"))) {
      k = k.substring(slash + 1);
    }
    return k.replace("v1.5", "v15").replace('_', '-');
  }
}
