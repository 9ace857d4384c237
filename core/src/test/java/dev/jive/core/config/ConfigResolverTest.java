package dev.jive.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jive.core.InvalidInputException;
import dev.jive.core.search.SearchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigResolverTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheOldSystems() {
    DatabaseConfig c = DatabaseConfig.defaults();
    assertThat(c.dataPath()).isEqualTo("./data/lancedb");
    assertThat(c.namespace()).isNull();
    assertThat(c.embeddingModel()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(c.device()).isEqualTo("cpu");
    assertThat(c.normalizeEmbeddings()).isTrue();
    assertThat(c.vectorDimension()).isNull();
    assertThat(c.batchSize()).isEqualTo(100);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.enableFts()).isTrue();
    assertThat(c.maxRetries()).isEqualTo(3);
    assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.defaultSearchType()).isEqualTo(SearchType.HYBRID);
    assertThat(c.storageOptions()).isEmpty();
  }

  @Test
  void eachLayerOverridesTheOneBefore() throws IOException {
    Path file = dir.resolve("jive.properties");
    Files.writeString(
        file, "data_path=/from/file\nbatch_size=10\ntimeout=5\nnamespace=file-ns\nmax_retries=7\n");
    Map<String, String> env =
        Map.of(
            "LANCEDB_DATA_PATH", "/from/env",
            "LANCEDB_BATCH_SIZE", "20",
            "LANCEDB_NAMESPACE", "env-ns",
            "LANCEDB_SOMETHING_ELSE", "ignored",
            "PATH", "/usr/bin");
    Map<String, String> explicit = Map.of("data_path", "/explicit");

    DatabaseConfig c = ConfigResolver.resolve(file, env, explicit);
    assertThat(c.dataPath()).isEqualTo("/explicit"); // explicit > env > file
    assertThat(c.batchSize()).isEqualTo(20); // env > file
    assertThat(c.namespace()).isEqualTo("env-ns"); // env > file
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5)); // file > default
    assertThat(c.maxRetries()).isEqualTo(7);
    assertThat(c.enableFts()).isTrue(); // default
  }

  @Test
  void storageOptionsComeFromFileAndEnvironment() throws IOException {
    Path file = dir.resolve("s3.properties");
    Files.writeString(file, "data_path=s3://bucket/prefix\nstorage_options.aws_region=eu-west-1\n");
    DatabaseConfig c =
        ConfigResolver.resolve(
            file,
            Map.of("LANCEDB_STORAGE_OPTIONS_AWS_ENDPOINT", "http://127.0.0.1:9000"),
            Map.of());
    assertThat(c.isRemote()).isTrue();
    assertThat(c.storageOptions())
        .containsEntry("aws_region", "eu-west-1")
        .containsEntry("aws_endpoint", "http://127.0.0.1:9000");
    assertThat(c.toString()).contains("aws_region").doesNotContain("eu-west-1");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "vector_dimension | 0 | a whole number between 1 and 65536",
        "vector_dimension | -3 | a whole number between 1 and 65536",
        "vector_dimension | big | a whole number between 1 and 65536",
        "batch_size | -1 | a whole number between 1 and 1000000",
        "batch_size | 0 | a whole number between 1 and 1000000",
        "max_retries | -1 | a whole number between 0 and 100",
        "timeout | 0 | a duration above zero",
        "timeout | soon | a duration such as 30, 1.5s, 500ms, 2m or PT30S",
        "retry_delay | -1s | a duration of zero or more",
        "normalize_embeddings | maybe | true or false",
        "enable_fts | 2 | true or false",
        "default_search_type | fuzzy | semantic, keyword or hybrid",
        "device | cuda | 'cpu' (this build runs models on the CPU only) or 'auto'",
        "namespace | ../escape | letters, digits"
      })
  void invalidValuesNameTheSettingTheValueAndTheirOrigin(
      String setting, String value, String expected) {
    assertThatThrownBy(() -> ConfigResolver.resolve(null, Map.of(), Map.of(setting, value)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(setting))
        .hasMessageContaining(setting + ": invalid value '" + value + "' (from explicit setting)")
        .hasMessageContaining("expected " + expected);
  }

  @Test
  void invalidEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(
            () -> ConfigResolver.resolve(null, Map.of("LANCEDB_VECTOR_DIMENSION", "0"), Map.of()))
        .hasMessage(
            "vector_dimension: invalid value '0' (from environment LANCEDB_VECTOR_DIMENSION);"
                + " expected a whole number between 1 and 65536");
  }

  @Test
  void invalidFileValueNamesTheFile() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "batch_size=-5\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(file, Map.of(), Map.of()))
        .hasMessageContaining("(from config file " + file + ")");
  }

  @Test
  void unknownKeysInAFileOrExplicitSettingsAreRefused() throws IOException {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "data_pth=/x\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(file, Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("data_pth"))
        .hasMessageContaining("unknown setting");
    assertThatThrownBy(() -> ConfigResolver.resolve(null, Map.of(), Map.of("colour", "red")))
        .hasMessageContaining("colour: unknown setting (from explicit setting)");
  }

  @Test
  void missingConfigFileIsAClearError() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> ConfigResolver.resolve(missing, Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("config_file"))
        .hasMessageContaining(missing.toString());
  }

  @ParameterizedTest
  @CsvSource({"30, 30000", "1.5, 1500", "1.5s, 1500", "500ms, 500", "2m, 120000", "PT3S, 3000"})
  void durationsAcceptSecondsUnitsAndIso(String text, long millis) {
    DatabaseConfig c = ConfigResolver.resolve(null, Map.of(), Map.of("timeout", text));
    assertThat(c.timeout().toMillis()).isEqualTo(millis);
  }

  @Test
  void blankValuesDoNotOverrideLowerLayers() {
    DatabaseConfig c =
        ConfigResolver.resolve(null, Map.of("LANCEDB_DATA_PATH", " "), Map.of("batch_size", ""));
    assertThat(c.dataPath()).isEqualTo("./data/lancedb");
    assertThat(c.batchSize()).isEqualTo(100);
  }

  @Test
  void withersKeepEverythingElse() {
    DatabaseConfig c = DatabaseConfig.defaults().withDataPath("/x").withNamespace("team");
    assertThat(c.dataPath()).isEqualTo("/x");
    assertThat(c.namespaceOption()).contains("team");
    assertThat(c.batchSize()).isEqualTo(100);
  }
}
