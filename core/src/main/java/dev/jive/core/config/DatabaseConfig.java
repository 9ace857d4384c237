package dev.jive.core.config;

import dev.jive.core.search.SearchType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the store keeps its data; the old system's {@code DatabaseConfig} fields and
 * defaults. Build one with {@link ConfigResolver}, which validates every value.
 *
 * @param dataPath a folder, or {@code s3://bucket/prefix}
 * @param namespace null for the default; others live under {@code data_path/namespaces/<ns>}
 * @param vectorDimension null to take the model's dimension; when set it must match the model
 * @param storageOptions object-store options (endpoint, keys, region, allow_http) for s3 paths
 */
public record DatabaseConfig(
    String dataPath,
    String namespace,
    String embeddingModel,
    String device,
    boolean normalizeEmbeddings,
    Integer vectorDimension,
    int batchSize,
    Duration timeout,
    boolean enableFts,
    int maxRetries,
    Duration retryDelay,
    SearchType defaultSearchType,
    Map<String, String> storageOptions,
    boolean automaticParentStatus) {

  public static final String DEFAULT_DATA_PATH = "./data/lancedb";
  public static final String DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2";
  public static final int DEFAULT_VECTOR_DIMENSION = 384;

  public DatabaseConfig {
    Objects.requireNonNull(dataPath, "dataPath");
    Objects.requireNonNull(embeddingModel, "embeddingModel");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(defaultSearchType, "defaultSearchType");
    namespace = namespace == null || namespace.isBlank() ? null : namespace;
    storageOptions = storageOptions == null ? Map.of() : Map.copyOf(storageOptions);
  }

  /** The old system's defaults, unvalidated by any file or environment. */
  public static DatabaseConfig defaults() {
    return ConfigResolver.resolve(null, Map.of(), Map.of());
  }

  public Optional<String> namespaceOption() {
    return Optional.ofNullable(namespace);
  }

  /** Whether the data lives in an object store rather than a local folder. */
  public boolean isRemote() {
    return dataPath.contains("://") && !dataPath.startsWith("file://");
  }

  public DatabaseConfig withDataPath(String newPath) {
    return new DatabaseConfig(
        newPath,
        namespace,
        embeddingModel,
        device,
        normalizeEmbeddings,
        vectorDimension,
        batchSize,
        timeout,
        enableFts,
        maxRetries,
        retryDelay,
        defaultSearchType,
        storageOptions,
        automaticParentStatus);
  }

  public DatabaseConfig withNamespace(String newNamespace) {
    return new DatabaseConfig(
        dataPath,
        newNamespace,
        embeddingModel,
        device,
        normalizeEmbeddings,
        vectorDimension,
        batchSize,
        timeout,
        enableFts,
        maxRetries,
        retryDelay,
        defaultSearchType,
        storageOptions,
        automaticParentStatus);
  }

  /** The same settings with another embedding model (its dimension taken from the model). */
  public DatabaseConfig withEmbeddingModel(String model) {
    return new DatabaseConfig(
        dataPath,
        namespace,
        model,
        device,
        normalizeEmbeddings,
        null,
        batchSize,
        timeout,
        enableFts,
        maxRetries,
        retryDelay,
        defaultSearchType,
        storageOptions,
        automaticParentStatus);
  }

  /** The same settings with parents' status following their children or left to the caller. */
  public DatabaseConfig withAutomaticParentStatus(boolean automatic) {
    return new DatabaseConfig(
        dataPath,
        namespace,
        embeddingModel,
        device,
        normalizeEmbeddings,
        vectorDimension,
        batchSize,
        timeout,
        enableFts,
        maxRetries,
        retryDelay,
        defaultSearchType,
        storageOptions,
        automatic);
  }

  /** Safe to log: storage options are shown by name only, since they may hold keys. */
  @Override
  public String toString() {
    return "DatabaseConfig[data_path="
        + dataPath
        + ", namespace="
        + namespace
        + ", embedding_model="
        + embeddingModel
        + ", device="
        + device
        + ", vector_dimension="
        + (vectorDimension == null ? "(model's)" : vectorDimension)
        + ", batch_size="
        + batchSize
        + ", timeout="
        + timeout
        + ", enable_fts="
        + enableFts
        + ", max_retries="
        + maxRetries
        + ", retry_delay="
        + retryDelay
        + ", default_search_type="
        + defaultSearchType
        + ", parent_status="
        + (automaticParentStatus ? "automatic" : "manual")
        + ", storage_options="
        + storageOptions.keySet()
        + "]";
  }
}
