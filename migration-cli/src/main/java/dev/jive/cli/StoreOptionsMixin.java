package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.core.config.ConfigResolver;
import dev.jive.core.config.DatabaseConfig;
import dev.jive.lancedb.LanceDBManager;
import java.nio.file.Files;
import java.nio.file.Path;
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
    boolean chosen = model != null || System.getenv("LANCEDB_EMBEDDING_MODEL") != null;
    return config(dataPath, namespace, model, chosen);
  }

  /**
   * The options given (each may be null) over the environment; a model not chosen is the one the
   * tables record.
   */
  static DatabaseConfig config(
      String dataPath, String namespace, String model, boolean modelChosen) {
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
    return LanceDBManager.adoptRecordedModel(ConfigResolver.fromEnvironment(explicit), modelChosen);
  }

  LanceDBManager open() {
    return LanceDBManager.open(config());
  }

  /** The folder a local (not object-store) configuration's tables live in. */
  static Path localFolder(DatabaseConfig c) {
    String location = LanceDBManager.locationOf(c);
    return Path.of(location.startsWith("file://") ? location.substring(7) : location);
  }

  /**
   * The store for a command that reads one: a local data path (or namespace) that does not exist is
   * refused as a usage error before anything is opened, so a mistyped path neither passes a check
   * on an empty store nor leaves a new folder behind.
   */
  LanceDBManager openExisting() {
    return openExisting(config());
  }

  static LanceDBManager openExisting(DatabaseConfig c) {
    if (!c.isRemote()) {
      Path folder = localFolder(c);
      if (!Files.isDirectory(folder)) {
        throw new InvalidInputException(
            c.namespace() == null ? "--data-path" : "--namespace",
            "no store at "
                + folder.toAbsolutePath().normalize()
                + " (the folder does not exist); give the --data-path of a migrated store, or"
                + " create one with jive-migrate setup or migrate");
      }
    }
    return LanceDBManager.open(c);
  }
}
