package dev.jive.cli;

import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that opens the store shares. */
final class StoreOptionsMixin {
  @Option(
      names = "--data-path",
      description = "Where the tables live (default ./data/lancedb, or LANCEDB_DATA_PATH).")
  String dataPath;

  @Option(names = "--namespace", description = "A namespace under data_path/namespaces/.")
  String namespace;

  @Option(
      names = "--model",
      description = "Embedding model name or folder (default all-MiniLM-L6-v2).")
  String model;

  DatabaseConfig config() {
    Map<String, String> explicit = new HashMap<>();
    if (dataPath != null) {
      explicit.put("data_path", dataPath);
    }
    if (namespace != null) {
      explicit.put("namespace", namespace);
    }
    if (model != null) {
      explicit.put("embedding_model", model);
    }
    boolean chosen = model != null || System.getenv("LANCEDB_EMBEDDING_MODEL") != null;
    return LanceDBManager.adoptRecordedModel(ConfigResolver.fromEnvironment(explicit), chosen);
  }

  LanceDBManager open() {
    return LanceDBManager.open(config());
  }
}
