package dev.jive.lancedb;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a JVM that serves a store is started: Lance's flags, the heap settings and the environment
 * that {@code scripts/jive-mcp} also uses (ServingScriptTest keeps them the same), for the
 * benchmarks and tests that start such a JVM themselves.
 *
 * <p>Why these settings: the store's data lives off-heap (Lance, ONNX Runtime), so the heap needs
 * little, but a JVM commits its initial heap (1/64 of the machine's memory, capped by {@code -Xmx})
 * and the serial collector's young generation is then touched whole: 70 MB of a 600 MB serving
 * process on this machine was heap it never needed. {@code -Xms16m} lets the heap grow only as far
 * as it is used. {@code MALLOC_ARENA_MAX=2} keeps glibc from giving each of Lance's threads its own
 * malloc arena (15-25 MB fewer resident). Measured in docs/performance.md.
 */
public final class ServingJvm {
  /** The heap flags, before {@code -Xmx}. */
  public static final List<String> HEAP = List.of("-XX:+UseSerialGC", "-Xms16m");

  /**
   * After {@code -Xmx}: the JVM's own messages (a refused class-data archive, say) go to stderr,
   * never to stdout, which belongs to the MCP protocol on stdio.
   */
  public static final List<String> LOGGING = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");

  /** The environment a serving JVM is started with. */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  private ServingJvm() {}

  /**
   * This JVM's flags for Lance's native code (stack.md), to pass on to a child JVM; Java 17's one
   * flag when this JVM got none (a run from an IDE, say).
   */
  public static List<String> lanceFlags() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("--enable-native-access")
          || a.startsWith("--sun-misc")) {
        out.add(a);
      }
    }
    if (out.isEmpty()) {
      out.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    }
    return out;
  }

  /**
   * {@code java}, Lance's flags and the heap flags with {@code maxHeap}; the rest is the caller's.
   */
  public static List<String> command(String maxHeap) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(lanceFlags());
    command.addAll(HEAP);
    command.add("-Xmx" + maxHeap);
    command.addAll(LOGGING);
    return command;
  }

  /**
   * The class-data archive the build writes beside a server jar ({@code scripts/jive-mcp-archive}:
   * {@code jive-mcp.jar} gets {@code jive-mcp.jsa}).
   */
  public static Path archiveOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  /**
   * The flag that starts a server jar with its class-data archive, as {@code scripts/jive-mcp}
   * does; none when the archive is missing or older than the jar (stale).
   */
  public static List<String> classDataFlags(Path jar) {
    Path archive = archiveOf(jar);
    try {
      if (Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
        return List.of("-XX:SharedArchiveFile=" + archive);
      }
    } catch (IOException e) {
      // No archive: the server starts without one.
    }
    return List.of();
  }

  /** This JVM's java executable. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
