package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.lancedb.ServingJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks start the server as {@code scripts/jive-mcp} does, through {@link ServingJvm}: the
 * two must not drift apart, or the memory the benchmark reports is not what operators get.
 */
class ServingScriptTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "jive-mcp");

  @Test
  void launchScriptUsesTheServingHeapFlagsAndEnvironment() throws IOException {
    String script = Files.readString(SCRIPT);
    String javaLine =
        script.lines().filter(l -> l.startsWith("exec java ")).findFirst().orElseThrow();
    assertThat(javaLine)
        .contains(
            String.join(" ", ServingJvm.HEAP) + " -Xmx1g " + String.join(" ", ServingJvm.LOGGING))
        .contains("$cds");
    assertThat(script)
        .contains("archive=\"${jar%.jar}.jsa\"")
        .contains("cds=\"-XX:SharedArchiveFile=$archive\"");
    assertThat(ServingJvm.archiveOf(Path.of("target", "jive-mcp.jar")))
        .isEqualTo(Path.of("target", "jive-mcp.jsa"));
    for (Map.Entry<String, String> e : ServingJvm.ENVIRONMENT.entrySet()) {
      assertThat(script)
          .contains("export " + e.getKey() + "=\"${" + e.getKey() + ":-" + e.getValue() + "}\"");
    }
  }
}
