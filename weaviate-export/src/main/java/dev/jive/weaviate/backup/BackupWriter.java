package dev.jive.weaviate.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jive.core.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a backup folder {@code weaviate_backup_YYYYMMDD_HHMMSS/}: {@code schema.json}, one gzip
 * JSON Lines file per class and tenant, and {@code manifest.json} last. Everything is written under
 * {@code <name>.partial/} and renamed when {@link #finish} completes, so an interrupted export
 * never looks like a backup.
 */
public final class BackupWriter {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINES = new ObjectMapper();
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("'weaviate_backup_'yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private final Path partial;
  private final Path target;
  private final Clock clock;
  private final String sourceUrl;
  private final String weaviateVersion;
  private final List<BackupManifest.FileEntry> files = new ArrayList<>();
  private String schemaSha256;

  private BackupWriter(Path parent, Clock clock, String sourceUrl, String weaviateVersion)
      throws IOException {
    this.clock = clock;
    this.sourceUrl = SourceUrls.redact(sourceUrl);
    this.weaviateVersion = weaviateVersion;
    String name = NAME.format(clock.instant());
    this.target = parent.resolve(name);
    this.partial = parent.resolve(name + ".partial");
    if (Files.exists(target)) {
      throw new InvalidInputException(
          "backup_path", "a backup named " + target + " already exists");
    }
    Files.createDirectories(partial.resolve("objects"));
  }

  /** Starts a backup folder under {@code parent}, named after the clock's current time (UTC). */
  public static BackupWriter create(
      Path parent, Clock clock, String sourceUrl, String weaviateVersion) throws IOException {
    return new BackupWriter(parent, clock, sourceUrl, weaviateVersion);
  }

  /** The folder the finished backup will have. */
  public Path target() {
    return target;
  }

  /** Writes {@code schema.json} exactly as the server returned it. */
  public void writeSchema(JsonNode schema) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(schema);
    Files.write(partial.resolve("schema.json"), bytes);
    schemaSha256 = sha256(bytes);
  }

  /**
   * Opens the objects file of a class, or of one tenant of it. Objects are written as they come;
   * nothing is held in memory.
   */
  public ObjectSink openObjects(String className, String tenant) throws IOException {
    requireSafe("class", className);
    String path =
        tenant == null
            ? "objects/" + className + ".jsonl.gz"
            : "objects/" + className + "/" + requireSafe("tenant", tenant) + ".jsonl.gz";
    Path file = partial.resolve(path);
    Files.createDirectories(file.getParent());
    return new ObjectSink(path, className, tenant, file);
  }

  /** Writes the manifest and renames the folder to its final name; returns that name. */
  public Path finish(List<BackupManifest.ClassEntry> classes) throws IOException {
    if (schemaSha256 == null) {
      throw new IllegalStateException("the schema must be written before finishing");
    }
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            BackupManifest.VERSION,
            sourceUrl,
            weaviateVersion,
            clock.instant(),
            classes,
            schemaSha256,
            files);
    Files.write(
        partial.resolve("manifest.json"), JSON.writeValueAsBytes(ManifestJson.toJson(manifest)));
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static String requireSafe(String what, String name) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new InvalidInputException(what, "'" + name + "' cannot be used as a file name");
    }
    return name;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One objects file being written: an object per line, gzip-compressed, hashed as written. */
  public final class ObjectSink implements Closeable {
    private final String path;
    private final String className;
    private final String tenant;
    private final MessageDigest digest = digest();
    private final OutputStream out;
    private long count;
    private boolean closed;

    private ObjectSink(String path, String className, String tenant, Path file) throws IOException {
      this.path = path;
      this.className = className;
      this.tenant = tenant;
      // The hash covers the compressed bytes as stored, so a reader checks the file itself.
      this.out =
          new FastGzip(
              new DigestOutputStream(
                  new BufferedOutputStream(Files.newOutputStream(file)), digest));
    }

    /** Writes one object (id, properties, vector or vectors, times) as one line. */
    public void write(ObjectNode object) throws IOException {
      out.write(LINES.writeValueAsBytes(object));
      out.write('\n');
      count++;
    }

    /**
     * Writes one object given as the server's own JSON bytes, unchanged. Bytes holding a line break
     * (pretty-printed JSON) are re-serialised compactly instead, to keep one object a line.
     */
    public void writeRaw(byte[] buffer, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        if (buffer[i] == '\n' || buffer[i] == '\r') {
          write((ObjectNode) LINES.readTree(buffer, offset, length));
          return;
        }
      }
      out.write(buffer, offset, length);
      out.write('\n');
      count++;
    }

    public long count() {
      return count;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      files.add(
          new BackupManifest.FileEntry(
              path, className, tenant, count, HexFormat.of().formatHex(digest.digest())));
    }
  }

  /** Gzip at the fastest level: backups of float vectors compress little more at level 6. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(java.util.zip.Deflater.BEST_SPEED);
    }
  }
}
