package dev.jive.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jive.core.InvalidInputException;
import dev.jive.core.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files the tools read and write, always inside the project folder: a path that leads out of it
 * (absolute elsewhere, through {@code ..} or through a symbolic link) is refused, since over HTTP
 * the caller may not be the person who started the server. Writes go to a temporary file renamed
 * into place, so a file is never left half-written.
 */
final class ProjectFiles {
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private ProjectFiles() {}

  /**
   * A path given by the agent, resolved in the project folder and checked to stay inside it. The
   * check is on real paths: a symbolic link inside the project that points out of it (to a folder
   * or to a file) is refused like {@code ..} is, since following it would read or overwrite files
   * the server was not started to touch. The path returned has its existing part's links resolved,
   * so later reads and writes do not follow a link swapped in after the check.
   */
  static Path resolve(ToolContext ctx, String field, String given) {
    return resolve(ctx.projectDir(), field, given);
  }

  static Path resolve(Path projectDir, String field, String given) {
    Path root = real(projectDir.toAbsolutePath().normalize(), field, given);
    Path lexical = root.resolve(given).toAbsolutePath().normalize();
    if (!lexical.startsWith(root)) {
      throw outside(field, given, root, "");
    }
    Path p = real(lexical, field, given);
    if (!p.startsWith(root)) {
      throw outside(field, given, root, " (through a symbolic link to " + p + ")");
    }
    return p;
  }

  private static InvalidInputException outside(String field, String given, Path root, String how) {
    return new InvalidInputException(
        field,
        "'" + given + "' is outside the project folder " + root + how + "; use a path inside it");
  }

  /**
   * The path with the links of its longest existing part resolved; the part that does not exist yet
   * is appended as given.
   */
  private static Path real(Path absolute, String field, String given) {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new InvalidInputException(
          field,
          "'" + given + "' goes through " + existing + ", a symbolic link that leads nowhere");
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".partial");
      // CREATE_NEW does not follow a link planted under the temporary name.
      Files.deleteIfExists(tmp);
      Files.writeString(
          tmp,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Markdown with a YAML front matter block: {@code ---\nfields\n---\nbody}. */
  static String frontMatter(Map<String, Object> fields, String body) {
    try {
      return "---\n"
          + YAML.writeValueAsString(fields)
          + "---\n\n"
          + (body == null ? "" : body.strip())
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** The front matter fields and the body of a markdown file. */
  record Markdown(Map<String, Object> fields, String body) {}

  @SuppressWarnings("unchecked")
  static Markdown parseFrontMatter(Path file, String text) {
    String t = text.replace("\r\n", "\n");
    if (!t.startsWith("---\n")) {
      throw new InvalidInputException(
          "file_path", file + " has no front matter (it must start with a line '---')");
    }
    int end = t.indexOf("\n---", 3);
    if (end < 0) {
      throw new InvalidInputException(
          "file_path", file + ": the front matter is not closed by a line '---'");
    }
    String yaml = t.substring(4, end + 1);
    int bodyStart = t.indexOf('\n', end + 1);
    String body = bodyStart < 0 ? "" : t.substring(bodyStart + 1).strip();
    try {
      Object fields = YAML.readValue(yaml, Object.class);
      if (!(fields instanceof Map<?, ?>)) {
        throw new InvalidInputException("file_path", file + ": the front matter is not a mapping");
      }
      return new Markdown(new LinkedHashMap<>((Map<String, Object>) fields), body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "file_path", file + ": the front matter is not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** A file-name-safe form of a title: lower case, words joined by {@code -}, at most 60 chars. */
  static String slug(String title) {
    String s =
        title
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N}]+", "-")
            .replaceAll("^-+|-+$", "");
    if (s.length() > 60) {
      s = s.substring(0, 60).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "untitled" : s;
  }
}
