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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files the tools read and write, always inside the project folder: a path that leads out of it
 * (absolute elsewhere, or through {@code ..}) is refused, since over HTTP the caller may not be the
 * person who started the server. Writes go to a temporary file renamed into place, so a file is
 * never left half-written.
 */
final class ProjectFiles {
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private ProjectFiles() {}

  /** A path given by the agent, resolved in the project folder and checked to stay inside it. */
  static Path resolve(ToolContext ctx, String field, String given) {
    Path root = ctx.projectDir().toAbsolutePath().normalize();
    Path p = root.resolve(given).toAbsolutePath().normalize();
    if (!p.startsWith(root)) {
      throw new InvalidInputException(
          field,
          "'" + given + "' is outside the project folder " + root + "; use a path inside it");
    }
    return p;
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
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
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
