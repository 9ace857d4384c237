package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What users install: the benchmarks and their Lucene peer stay in the bench module. */
class ShippedJarIT {
  @Test
  void theCliJarCarriesNoBenchmarkCodeAndNoLucene() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target", "jive-migrate.jar").toFile())) {
      List<String> offending =
          jar.stream()
              .map(e -> e.getName())
              .filter(
                  n ->
                      n.startsWith("org/apache/lucene/")
                          || n.startsWith("dev/jive/bench/")
                          || n.startsWith("dev/jive/cli/bench/")
                          || n.endsWith("Benchmark.class"))
              .limit(10)
              .toList();
      assertThat(offending).isEmpty();
      assertThat(jar.getEntry("dev/jive/cli/JiveMigrate.class")).isNotNull();
    }
  }
}
