package dev.jive.core.config;

import dev.jive.core.InvalidInputException;
import dev.jive.core.search.SearchType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resolves a {@link DatabaseConfig} from four layers, each overriding the one before: the defaults,
 * a properties file, the environment ({@code LANCEDB_<FIELD>}), and explicit settings (command-line
 * flags). Every value is validated; an error names the setting, the value and where it came from.
 *
 * <p>File and explicit keys are the field names ({@code data_path}, {@code vector_dimension}, ...);
 * storage options are {@code storage_options.<name>} there and {@code
 * LANCEDB_STORAGE_OPTIONS_<NAME>} in the environment. An unknown key in a file or in explicit
 * settings is an error (a typo must not be ignored); unknown environment variables are ignored,
 * since other LanceDB tools share the prefix.
 */
public final class ConfigResolver {
  /** The environment variable naming a config file when none is given explicitly. */
  public static final String CONFIG_FILE_ENV = "LANCEDB_CONFIG_FILE";

  static final String STORAGE_PREFIX = "storage_options.";
  private static final String ENV_PREFIX = "LANCEDB_";
  private static final String ENV_STORAGE_PREFIX = "LANCEDB_STORAGE_OPTIONS_";
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  static final List<String> FIELDS =
      List.of(
          "data_path",
          "namespace",
          "embedding_model",
          "device",
          "normalize_embeddings",
          "vector_dimension",
          "batch_size",
          "timeout",
          "enable_fts",
          "max_retries",
          "retry_delay",
          "default_search_type",
          "parent_status");

  private static final Map<String, String> DEFAULTS = defaultValues();

  private ConfigResolver() {}

  private static Map<String, String> defaultValues() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("data_path", DatabaseConfig.DEFAULT_DATA_PATH);
    d.put("embedding_model", DatabaseConfig.DEFAULT_EMBEDDING_MODEL);
    d.put("device", "cpu");
    d.put("normalize_embeddings", "true");
    d.put("batch_size", "100");
    d.put("timeout", "30s");
    d.put("enable_fts", "true");
    d.put("max_retries", "3");
    d.put("retry_delay", "1.0s");
    d.put("default_search_type", "hybrid");
    d.put("parent_status", "automatic");
    return d;
  }

  /** Resolves from the process environment, with the file named by {@value #CONFIG_FILE_ENV}. */
  public static DatabaseConfig fromEnvironment(Map<String, String> explicit) {
    Map<String, String> env = System.getenv();
    String file = env.get(CONFIG_FILE_ENV);
    return resolve(file == null || file.isBlank() ? null : Path.of(file), env, explicit);
  }

  /**
   * Resolves the four layers.
   *
   * @param configFile a properties file, or null for none
   * @param environment the environment variables to read {@code LANCEDB_*} from
   * @param explicit settings that win over everything (null or blank values are skipped)
   */
  public static DatabaseConfig resolve(
      Path configFile, Map<String, String> environment, Map<String, String> explicit) {
    Map<String, Setting> settings = new LinkedHashMap<>();
    DEFAULTS.forEach((k, v) -> settings.put(k, new Setting(v, "default")));
    if (configFile != null) {
      readFile(configFile)
          .forEach((k, v) -> put(settings, k, v, "config file " + configFile, true));
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_STORAGE_PREFIX)) {
            String key =
                STORAGE_PREFIX
                    + name.substring(ENV_STORAGE_PREFIX.length()).toLowerCase(Locale.ROOT);
            put(settings, key, value, "environment " + name, false);
          } else if (name.startsWith(ENV_PREFIX)) {
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (FIELDS.contains(key)) {
              put(settings, key, value, "environment " + name, false);
            }
          }
        });
    explicit.forEach((k, v) -> put(settings, k, v, "explicit setting", true));
    return build(settings);
  }

  private static void put(
      Map<String, Setting> settings, String key, String value, String origin, boolean strict) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (!FIELDS.contains(key) && !key.startsWith(STORAGE_PREFIX)) {
      if (strict) {
        throw new InvalidInputException(
            key,
            "unknown setting (from " + origin + "); known settings: " + String.join(", ", FIELDS));
      }
      return;
    }
    settings.put(key, new Setting(value.strip(), origin));
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("config_file", "no such file: " + file);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "config_file", "malformed properties in " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k.strip(), properties.getProperty(k)));
    return values;
  }

  private static DatabaseConfig build(Map<String, Setting> s) {
    Map<String, String> storage = new TreeMap<>();
    s.forEach(
        (k, v) -> {
          if (k.startsWith(STORAGE_PREFIX)) {
            storage.put(k.substring(STORAGE_PREFIX.length()), v.value());
          }
        });
    String dataPath = s.get("data_path").value();
    Setting ns = s.get("namespace");
    if (ns != null && !NAMESPACE.matcher(ns.value()).matches()) {
      throw invalid(
          "namespace",
          ns,
          "letters, digits, '.', '_' and '-', at most 64, not starting with a symbol");
    }
    Setting device = s.get("device");
    String deviceValue = device.value().toLowerCase(Locale.ROOT);
    if (!deviceValue.equals("cpu") && !deviceValue.equals("auto")) {
      throw invalid("device", device, "'cpu' (this build runs models on the CPU only) or 'auto'");
    }
    Setting dimension = s.get("vector_dimension");
    return new DatabaseConfig(
        dataPath,
        ns == null ? null : ns.value(),
        s.get("embedding_model").value(),
        "cpu",
        bool("normalize_embeddings", s.get("normalize_embeddings")),
        dimension == null ? null : positiveInt("vector_dimension", dimension, 1, 65_536),
        positiveInt("batch_size", s.get("batch_size"), 1, 1_000_000),
        duration("timeout", s.get("timeout"), false),
        bool("enable_fts", s.get("enable_fts")),
        positiveInt("max_retries", s.get("max_retries"), 0, 100),
        duration("retry_delay", s.get("retry_delay"), true),
        searchType(s.get("default_search_type")),
        storage,
        automaticParentStatus(s.get("parent_status")));
  }

  private static int positiveInt(String name, Setting setting, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(setting.value());
    } catch (NumberFormatException e) {
      throw invalid(name, setting, "a whole number between " + min + " and " + max);
    }
    if (value < min || value > max) {
      throw invalid(name, setting, "a whole number between " + min + " and " + max);
    }
    return value;
  }

  private static boolean automaticParentStatus(Setting setting) {
    return switch (setting.value().toLowerCase(Locale.ROOT)) {
      case "automatic" -> true;
      case "manual" -> false;
      default ->
          throw invalid(
              "parent_status",
              setting,
              "'automatic' (a parent's status follows its children) or 'manual'");
    };
  }

  private static boolean bool(String name, Setting setting) {
    return switch (setting.value().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw invalid(name, setting, "true or false");
    };
  }

  private static SearchType searchType(Setting setting) {
    try {
      return SearchType.parse(setting.value());
    } catch (InvalidInputException e) {
      throw invalid("default_search_type", setting, "semantic, keyword or hybrid");
    }
  }

  /** Seconds as a number ("30", "1.5"), with a unit ("500ms", "30s", "2m"), or ISO ("PT30S"). */
  static Duration duration(String name, Setting setting, boolean zeroAllowed) {
    String text = setting.value().toLowerCase(Locale.ROOT);
    Duration value;
    try {
      if (text.startsWith("pt")) {
        value = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else if (text.endsWith("ms")) {
        value =
            Duration.ofNanos(
                Math.round(Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
      } else if (text.endsWith("s")) {
        value = seconds(text.substring(0, text.length() - 1));
      } else if (text.endsWith("m")) {
        value = seconds(text.substring(0, text.length() - 1)).multipliedBy(60);
      } else {
        value = seconds(text);
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw invalid(name, setting, "a duration such as 30, 1.5s, 500ms, 2m or PT30S");
    }
    if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw invalid(
          name, setting, zeroAllowed ? "a duration of zero or more" : "a duration above zero");
    }
    return value;
  }

  private static Duration seconds(String number) {
    double seconds = Double.parseDouble(number.strip());
    if (!Double.isFinite(seconds)) {
      throw new NumberFormatException(number);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static InvalidInputException invalid(String name, Setting setting, String expected) {
    return new InvalidInputException(
        name,
        "invalid value '"
            + setting.value()
            + "' (from "
            + setting.origin()
            + "); expected "
            + expected);
  }

  record Setting(String value, String origin) {}
}
