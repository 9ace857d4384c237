package dev.jive.lancedb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store's parts stay parts: each package says what it holds, no file grows past ~600 lines, and
 * the packages depend on each other without a cycle (the public face on the parts, the parts on the
 * table layer, never back).
 */
class PackageStructureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/jive/lancedb");
  private static final Pattern REFERENCE =
      Pattern.compile("dev\\.jive\\.lancedb((?:\\.[a-z]+)*)\\.[A-Z]");

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    for (Path dir : packages()) {
      assertThat(dir.resolve("package-info.java")).as("package-info in %s", dir).exists();
    }
  }

  @Test
  void noSourceFileIsLongerThanSixHundredLines() throws IOException {
    Map<String, Integer> tooLong = new TreeMap<>();
    for (Path file : sources()) {
      int lines = Files.readAllLines(file).size();
      if (lines > 600) {
        tooLong.put(SOURCES.relativize(file).toString(), lines);
      }
    }
    assertThat(tooLong).isEmpty();
  }

  @Test
  void packagesDependOnEachOtherWithoutACycle() throws IOException {
    Map<String, Set<String>> uses = new HashMap<>();
    for (Path file : sources()) {
      String from = packageOf(file);
      Matcher m = REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        String to = "dev.jive.lancedb" + m.group(1);
        if (!to.equals(from)) {
          uses.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    assertThat(uses.get("dev.jive.lancedb.table")).doesNotContain("dev.jive.lancedb");
    assertThat(cycle(uses)).as("a cycle among %s", uses).isEmpty();
  }

  /** A cycle of package names, empty when there is none (depth-first search). */
  private static List<String> cycle(Map<String, Set<String>> uses) {
    Set<String> done = new HashSet<>();
    for (String start : uses.keySet()) {
      List<String> path = new ArrayList<>();
      List<String> found = visit(start, uses, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> uses, List<String> path, Set<String> done) {
    int at = path.indexOf(node);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(node);
      return cycle;
    }
    if (!done.add(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : uses.getOrDefault(node, Set.of())) {
      List<String> found = visit(next, uses, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    return List.of();
  }

  private static String packageOf(Path file) {
    Path rel = SOURCES.relativize(file.getParent());
    return rel.toString().isEmpty()
        ? "dev.jive.lancedb"
        : "dev.jive.lancedb." + rel.toString().replace('/', '.');
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  private static List<Path> packages() throws IOException {
    try (Stream<Path> dirs = Files.walk(SOURCES)) {
      return dirs.filter(Files::isDirectory).toList();
    }
  }
}
