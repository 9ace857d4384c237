package dev.jive.bench;

import dev.jive.lancedb.ServingJvm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The benchmark suites; {@link #run} runs one in this JVM and returns its figures. */
public final class Benchmarks {
  private Benchmarks() {}

  /** The suites, in the order {@code --suite all} runs them. */
  public enum Suite {
    EMBED,
    SEARCH,
    MIGRATE,
    WRITES,
    MCP;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The size each suite runs at unless {@code --rows} says otherwise. */
    public int defaultRows() {
      return switch (this) {
        case EMBED -> EmbedSuite.DEFAULT_SENTENCES;
        case SEARCH -> SearchSuite.DEFAULT_ROWS;
        case MIGRATE -> MigrateSuite.DEFAULT_OBJECTS;
        case WRITES -> WritesSuite.DEFAULT_ROWS;
        case MCP -> McpSuite.DEFAULT_ITEMS;
      };
    }
  }

  /**
   * What a run is given: the row count (null for each suite's default); a scratch folder the suites
   * write into and the caller removes; a folder for the search suite's store when it should be kept
   * (null otherwise); the MCP server's jar; and a way to run a {@code jive-migrate} command line in
   * this JVM (the migrate suite runs the real command).
   */
  public record Settings(
      Integer rows,
      Path scratch,
      Path keep,
      Path mcpJar,
      Function<String[], Integer> commandLine) {}

  /** Runs one suite in this JVM; its figures carry exactly the keys docs/performance.md lists. */
  public static Map<String, Object> run(Suite suite, Settings settings, PrintWriter out)
      throws Exception {
    int rows = settings.rows() != null ? settings.rows() : suite.defaultRows();
    if (rows < 100) {
      throw new IllegalArgumentException("--rows must be at least 100, got " + rows);
    }
    return switch (suite) {
      case EMBED -> EmbedSuite.run(rows, out);
      case SEARCH -> SearchSuite.run(rows, settings.scratch(), settings.keep(), out);
      case MIGRATE -> MigrateSuite.run(rows, settings.scratch(), settings.commandLine(), out);
      case WRITES -> WritesSuite.run(rows, settings.scratch(), out);
      case MCP -> McpSuite.run(rows, settings.mcpJar(), out);
    };
  }

  /** The benchmarks' own logging set-up (the other jars on their class path carry theirs). */
  static final String LOGGING = "jive-bench-logback.xml";

  private static final String LOGGING_PROPERTY = "logback.configurationFile";

  /**
   * A java command line for a JVM that serves a store, started as scripts/jive-mcp starts one
   * (Lance's flags, the serial collector, a heap that starts small); give the process {@link
   * ServingJvm#ENVIRONMENT} too.
   */
  static List<String> javaCommand(String heap, String classpath, String main, String... args) {
    List<String> command = new java.util.ArrayList<>(ServingJvm.command(heap));
    command.add("-D" + LOGGING_PROPERTY + "=" + System.getProperty(LOGGING_PROPERTY, LOGGING));
    command.addAll(List.of("-cp", classpath, main));
    command.addAll(List.of(args));
    return command;
  }
}
