package dev.jive.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.jive.core.InvalidInputException;
import dev.jive.core.StorageException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Work items as files. json, yaml and markdown keep one file per item at {@code
 * <root>/<type>/<id>_<title>.<ext>} (markdown: YAML front matter, the description as the body); csv
 * and xml keep every item in one file, since a table or a document is what those formats are for.
 * Every item carries its {@code id}, which is how files and rows are matched.
 */
final class TaskFiles {
  static final List<String> FORMATS = List.of("json", "yaml", "markdown", "csv", "xml");
  static final String DEFAULT_ROOT = ".jivedev/tasks";

  /** The columns of csv and xml, in order; lists and metadata are JSON text in csv. */
  static final List<String> COLUMNS =
      List.of(
          "id",
          "item_id",
          "title",
          "item_type",
          "status",
          "priority",
          "progress",
          "parent_id",
          "sequence_number",
          "order_index",
          "description",
          "assignee",
          "tags",
          "context_tags",
          "complexity",
          "notes",
          "acceptance_criteria",
          "estimated_hours",
          "actual_hours",
          "dependencies",
          "executable",
          "execution_instructions",
          "created_at",
          "updated_at",
          "metadata");

  private static final Set<String> LISTS =
      Set.of("tags", "context_tags", "acceptance_criteria", "dependencies");

  /** One item read from a file. */
  record FileItem(Map<String, Object> fields, Path file) {
    String id() {
      return String.valueOf(fields.get("id"));
    }
  }

  private final Path root;
  private final String format;

  TaskFiles(Path root, String format) {
    this.root = root;
    this.format = format;
  }

  boolean singleFile() {
    return format.equals("csv") || format.equals("xml");
  }

  Path location() {
    return root;
  }

  /** The default location for a format under the project: a folder, or one file for csv/xml. */
  static String defaultPath(String format) {
    return switch (format) {
      case "csv" -> DEFAULT_ROOT + "/work_items.csv";
      case "xml" -> DEFAULT_ROOT + "/work_items.xml";
      default -> DEFAULT_ROOT;
    };
  }

  private String extension() {
    return format.equals("markdown") ? ".md" : format.equals("yaml") ? ".yaml" : "." + format;
  }

  /** Every item in the files, by id. A file that cannot be read is an error naming it. */
  Map<String, FileItem> read() {
    Map<String, FileItem> out = new LinkedHashMap<>();
    if (singleFile()) {
      if (!Files.isRegularFile(root)) {
        return out;
      }
      String text = ProjectFiles.read(root);
      List<Map<String, Object>> rows = format.equals("csv") ? readCsv(text) : readXml(text);
      for (Map<String, Object> r : rows) {
        put(out, new FileItem(r, root));
      }
      return out;
    }
    if (!Files.isDirectory(root)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root, 3)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(extension()))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StorageException("cannot list " + root + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      put(out, new FileItem(parseOne(f, ProjectFiles.read(f)), f));
    }
    return out;
  }

  private static void put(Map<String, FileItem> out, FileItem item) {
    Object id = item.fields().get("id");
    if (id == null || id.toString().isBlank()) {
      throw new InvalidInputException("file_path", item.file() + ": an item has no id");
    }
    FileItem before = out.put(id.toString(), item);
    if (before != null) {
      throw new InvalidInputException(
          "file_path", "the id " + id + " appears twice: " + before.file() + " and " + item.file());
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parseOne(Path f, String text) {
    try {
      return switch (format) {
        case "json" ->
            Views.JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
        case "yaml" ->
            ProjectFiles.YAML.readValue(
                text, new TypeReference<LinkedHashMap<String, Object>>() {});
        default -> {
          ProjectFiles.Markdown md = ProjectFiles.parseFrontMatter(f, text);
          Map<String, Object> fields = new LinkedHashMap<>(md.fields());
          fields.put("description", md.body());
          yield fields;
        }
      };
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "file_path", f + " is not valid " + format + ": " + e.getOriginalMessage());
    }
  }

  /** The file an item belongs in (per-item formats). */
  Path fileFor(Map<String, Object> item) {
    String type = String.valueOf(item.getOrDefault("item_type", "task"));
    return root.resolve(type)
        .resolve(
            item.get("id")
                + "_"
                + ProjectFiles.slug(String.valueOf(item.get("title")))
                + extension());
  }

  /**
   * Writes the changed items; for csv and xml the whole file is rewritten with {@code all} (the
   * items to keep, changed ones included). Old files of renamed items are removed.
   */
  void write(
      Collection<Map<String, Object>> changed,
      Map<String, FileItem> existing,
      Collection<Map<String, Object>> all) {
    if (singleFile()) {
      ProjectFiles.write(root, format.equals("csv") ? csv(all) : xml(all));
      return;
    }
    for (Map<String, Object> item : changed) {
      Path target = fileFor(item);
      ProjectFiles.write(target, render(item));
      FileItem old = existing.get(String.valueOf(item.get("id")));
      if (old != null && !old.file().equals(target)) {
        try {
          Files.deleteIfExists(old.file());
        } catch (IOException e) {
          throw new StorageException(
              "cannot remove the old file " + old.file() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private String render(Map<String, Object> item) {
    try {
      return switch (format) {
        case "json" -> Views.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(item) + "\n";
        case "yaml" -> ProjectFiles.YAML.writeValueAsString(item);
        default -> {
          Map<String, Object> fields = new LinkedHashMap<>(item);
          Object description = fields.remove("description");
          yield ProjectFiles.frontMatter(fields, description == null ? "" : description.toString());
        }
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + format + ": " + e.getOriginalMessage(), e);
    }
  }

  // --- csv (RFC 4180) -------------------------------------------------------------------------

  private static String csv(Collection<Map<String, Object>> items) {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (Map<String, Object> item : items) {
      List<String> cells = new ArrayList<>();
      for (String c : COLUMNS) {
        cells.add(quote(cell(item.get(c))));
      }
      b.append(String.join(",", cells)).append("\r\n");
    }
    return b.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
      return Views.json(v);
    }
    return v.toString();
  }

  private static String quote(String s) {
    if (s.isEmpty()
        || s.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private List<Map<String, Object>> readCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw new InvalidInputException("file_path", root + ": a quoted csv cell is not closed");
    }
    if (cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> header = rows.get(0);
    if (!header.contains("id")) {
      throw new InvalidInputException("file_path", root + ": the csv header has no id column");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> cells = rows.get(r);
      if (cells.size() == 1 && cells.get(0).isEmpty()) {
        continue;
      }
      if (cells.size() != header.size()) {
        throw new InvalidInputException(
            "file_path",
            root
                + " row "
                + (r + 1)
                + " has "
                + cells.size()
                + " cells, the header "
                + header.size());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        String v = cells.get(c);
        if (!v.isEmpty()) {
          m.put(header.get(c), typed(header.get(c), v, r + 1));
        }
      }
      out.add(m);
    }
    return out;
  }

  private Object typed(String column, String v, int row) {
    if (LISTS.contains(column) || column.equals("metadata")) {
      try {
        return Views.JSON.readValue(v, Object.class);
      } catch (JsonProcessingException e) {
        if (LISTS.contains(column)) {
          throw new InvalidInputException(
              "file_path", root + " row " + row + ": " + column + " must be a JSON list");
        }
        return v;
      }
    }
    return v;
  }

  // --- xml ------------------------------------------------------------------------------------

  private static String xml(Collection<Map<String, Object>> items) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("work_items");
      w.writeAttribute("format", "jive-tasks");
      w.writeAttribute("version", "1");
      for (Map<String, Object> item : items) {
        w.writeCharacters("\n  ");
        w.writeStartElement("work_item");
        for (String c : COLUMNS) {
          Object v = item.get(c);
          if (v == null) {
            continue;
          }
          w.writeCharacters("\n    ");
          w.writeStartElement(c);
          if (v instanceof Collection<?> list) {
            for (Object e : list) {
              w.writeStartElement("value");
              w.writeCharacters(String.valueOf(e));
              w.writeEndElement();
            }
          } else {
            w.writeCharacters(v instanceof Map<?, ?> ? Views.json(v) : v.toString());
          }
          w.writeEndElement();
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write xml: " + e.getMessage(), e);
    }
    return out + "\n";
  }

  private List<Map<String, Object>> readXml(String text) {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    // No DTDs and no external entities: an imported file must not reach outside itself (XXE).
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      XMLStreamReader r = f.createXMLStreamReader(new StringReader(text));
      Map<String, Object> item = null;
      String field = null;
      List<String> list = null;
      StringBuilder chars = new StringBuilder();
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          chars.setLength(0);
          if (name.equals("work_items")) {
            String version = r.getAttributeValue(null, "version");
            if (version != null && !version.equals("1")) {
              throw new InvalidInputException(
                  "file_path",
                  root + " is jive-tasks version " + version + "; this server reads version 1");
            }
          } else if (name.equals("work_item")) {
            item = new LinkedHashMap<>();
          } else if (item != null && field == null) {
            field = name;
            list = LISTS.contains(name) ? new ArrayList<>() : null;
          }
        } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
          chars.append(r.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String name = r.getLocalName();
          if (name.equals("work_item")) {
            out.add(item);
            item = null;
          } else if (name.equals("value") && list != null) {
            list.add(chars.toString());
          } else if (item != null && name.equals(field)) {
            item.put(
                field,
                list != null
                    ? list
                    : field.equals("metadata")
                        ? typed("metadata", chars.toString(), 0)
                        : chars.toString());
            field = null;
            list = null;
          }
          chars.setLength(0);
        }
      }
    } catch (XMLStreamException e) {
      throw new InvalidInputException(
          "file_path", root + " is not valid xml: " + e.getMessage().replace('\n', ' '));
    }
    return out;
  }

  static String normaliseFormat(String f) {
    return f.toLowerCase(Locale.ROOT).equals("md") ? "markdown" : f;
  }
}
