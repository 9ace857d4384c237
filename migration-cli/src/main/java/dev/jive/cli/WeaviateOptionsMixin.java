package dev.jive.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** How to reach a Weaviate server. The key is read from an environment variable, never a flag. */
final class WeaviateOptionsMixin {
  @Option(
      names = "--api-key-env",
      defaultValue = "WEAVIATE_API_KEY",
      description = "The environment variable holding the API key (default WEAVIATE_API_KEY).")
  String apiKeyEnv;

  @Option(names = "--classes", split = ",", description = "Only these classes (comma-separated).")
  List<String> classes = List.of();

  String apiKey() {
    return System.getenv(apiKeyEnv);
  }
}
