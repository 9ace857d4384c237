package dev.jive.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.bench.Benchmarks.Suite;
import dev.jive.cli.JiveMigrate;
import dev.jive.core.InvalidInputException;
import dev.jive.lancedb.ServingJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench [--suite embed|search|migrate|writes|mcp|all] [--rows N] [--out FILE.json]}: each
 * suite measures our figures and its baselines in the same run, prints them, and the figures go to
 * the JSON file under the suite's name. {@code all} runs every suite in a fresh JVM of its own, so
 * one suite's memory and JIT state do not colour the next one's figures.
 */
@Command(
    name = "jive-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks, each beside its baseline measured in the same run: embed (pipeline vs bare"
          + " ONNX Runtime), search (store vs exact search and Lucene HNSW), migrate (vs the"
          + " source's read ceiling), writes, mcp (the server's jar over stdio vs the store)."
    })
final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--suite",
      defaultValue = "all",
      description = "embed, search, migrate, writes, mcp or all (default: ${DEFAULT-VALUE}).")
  String suite;

  @Option(
      names = "--rows",
      description =
          "Rows for every suite run (search rows, migrated objects, batch-inserted rows, MCP"
              + " items, embedded sentences). Default per suite: search 100000, migrate 100000,"
              + " writes 5000, mcp 10000, embed 2000.")
  Integer rows;

  @Option(names = "--out", description = "Write the figures as JSON to this file.")
  Path outFile;

  @Option(
      names = "--keep",
      description = "Keep the search suite's store in this folder (it is deleted otherwise).")
  Path keep;

  @Option(
      names = "--mcp-jar",
      description =
          "The MCP server's jar for the mcp suite. Default: $JIVE_MCP_JAR, else"
              + " mcp-server/target/jive-mcp.jar beside this tool's jar or under the current"
              + " folder.")
  Path mcpJar;

  @Option(names = "--part-of-all", hidden = true, description = "Run by bench --suite all.")
  boolean partOfAll;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Suite> suites = suites();
    if (rows != null && rows < 100) {
      throw new InvalidInputException("--rows", "must be at least 100, got " + rows);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    for (Suite s : suites) {
      out.printf("== %s ==%n", s.key());
      out.flush();
      try {
        figures.put(s.key(), suites.size() == 1 ? inThisJvm(s, out) : inItsOwnJvm(s, out));
      } catch (Exception e) {
        failed.add(s.key());
        out.println(
            "suite "
                + s.key()
                + " failed: "
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage());
      }
    }
    if (!partOfAll) {
      printTable(figures, out);
    }
    if (outFile != null && !figures.isEmpty()) {
      Path tmp = outFile.toAbsolutePath().resolveSibling(outFile.getFileName() + ".partial");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), figures);
      Files.move(tmp, outFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      out.println("figures: " + outFile);
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("suite(s) failed: " + String.join(", ", failed));
    }
    return 0;
  }

  private List<Suite> suites() {
    String s = suite.strip().toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      return List.of(Suite.values());
    }
    for (Suite candidate : Suite.values()) {
      if (candidate.key().equals(s)) {
        return List.of(candidate);
      }
    }
    throw new InvalidInputException(
        "--suite", "must be embed, search, migrate, writes, mcp or all, got '" + suite + "'");
  }

  private Map<String, Object> inThisJvm(Suite s, PrintWriter out) throws Exception {
    Path scratch = Files.createTempDirectory("jive-bench");
    try {
      return Benchmarks.run(
          s, new Benchmarks.Settings(rows, scratch, keep, mcpJar(), this::quietCommandLine), out);
    } finally {
      Scratch.delete(scratch);
    }
  }

  /** Runs {@code jive-migrate} in this JVM with its output thrown away (the migrate suite). */
  private int quietCommandLine(String[] args) {
    StringWriter sink = new StringWriter();
    int code = JiveMigrate.run(new PrintWriter(sink), new PrintWriter(sink), args);
    if (code != 0) {
      spec.commandLine().getOut().println(sink);
    }
    return code;
  }

  /** The same command for one suite in a child JVM with this one's flags, its output passed on. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> inItsOwnJvm(Suite s, PrintWriter out)
      throws IOException, InterruptedException {
    Path json = Files.createTempFile("jive-bench-" + s.key(), ".json");
    try {
      List<String> command = new ArrayList<>();
      command.add(ServingJvm.java());
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      // Later flags win: the search suite holds 100,000 vectors twice (ours and Lucene's).
      command.add("-Xmx2g");
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              JiveBench.class.getName(),
              "--suite",
              s.key(),
              "--out",
              json.toString(),
              "--part-of-all"));
      if (rows != null) {
        command.addAll(List.of("--rows", rows.toString()));
      }
      if (keep != null) {
        command.addAll(List.of("--keep", keep.toString()));
      }
      command.addAll(List.of("--mcp-jar", mcpJar().toString()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.startsWith("== ") && !line.startsWith("figures: ") && !line.isEmpty()) {
            out.println(line);
            out.flush();
          }
        }
      }
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException("its JVM exited with " + code);
      }
      Map<String, Object> all = JSON.readValue(json.toFile(), LinkedHashMap.class);
      return (Map<String, Object>) all.get(s.key());
    } finally {
      Files.deleteIfExists(json);
    }
  }

  private Path mcpJar() {
    if (mcpJar != null) {
      return mcpJar;
    }
    String env = System.getenv("JIVE_MCP_JAR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path relative = Path.of("mcp-server", "target", "jive-mcp.jar");
    try {
      Path self =
          Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // <repository>/bench/target/jive-bench.jar (or target/classes).
      Path module = self.getParent() == null ? null : self.getParent().getParent();
      if (module != null && module.getParent() != null) {
        Path beside = module.getParent().resolve(relative);
        if (Files.isRegularFile(beside)) {
          return beside;
        }
      }
    } catch (java.net.URISyntaxException | SecurityException e) {
      // fall through to the current folder
    }
    return relative.toAbsolutePath();
  }

  /** One line per figure: suite, figure, value; nested figures as {@code group.figure}. */
  private static void printTable(Map<String, Object> figures, PrintWriter out) {
    if (figures.isEmpty()) {
      return;
    }
    out.println();
    out.printf("%-9s %-30s %14s%n", "suite", "figure", "value");
    figures.forEach(
        (suite, values) ->
            flatten("", values)
                .forEach((k, v) -> out.printf("%-9s %-30s %14s%n", suite, k, format(v))));
    out.flush();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> flatten(String prefix, Object values) {
    Map<String, Object> flat = new LinkedHashMap<>();
    ((Map<String, Object>) values)
        .forEach(
            (k, v) -> {
              if (v instanceof Map<?, ?>) {
                flat.putAll(flatten(prefix + k + ".", v));
              } else {
                flat.put(prefix + k, v);
              }
            });
    return flat;
  }

  private static String format(Object v) {
    if (v instanceof Number n && !(v instanceof Integer) && !(v instanceof Long)) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) >= 100
          ? String.format(Locale.ROOT, "%,.0f", d)
          : String.format(Locale.ROOT, "%,.3f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return v instanceof Number n
        ? String.format(Locale.ROOT, "%,d", n.longValue())
        : String.valueOf(v);
  }
}
