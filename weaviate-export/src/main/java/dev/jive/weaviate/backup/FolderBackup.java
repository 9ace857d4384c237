package dev.jive.weaviate.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** A backup folder in this project's format, verified on open. */
final class FolderBackup implements Backup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final BackupManifest manifest;
  private final JsonNode schema;

  private FolderBackup(Path dir, BackupManifest manifest, JsonNode schema) {
    this.dir = dir;
    this.manifest = manifest;
    this.schema = schema;
  }

  static FolderBackup open(Path dir) throws IOException {
    Path manifestFile = dir.resolve("manifest.json");
    if (!Files.isRegularFile(manifestFile)) {
      throw ManifestJson.bad(dir, "no manifest.json: the backup is incomplete or not a backup");
    }
    BackupManifest manifest = ManifestJson.fromJson(parse(manifestFile), manifestFile);
    Path schemaFile = dir.resolve("schema.json");
    if (!Files.isRegularFile(schemaFile)) {
      throw ManifestJson.bad(schemaFile, "missing");
    }
    byte[] schemaBytes = Files.readAllBytes(schemaFile);
    if (!BackupWriter.sha256(schemaBytes).equals(manifest.schemaSha256())) {
      throw ManifestJson.bad(schemaFile, "altered: its SHA-256 does not match the manifest");
    }
    for (BackupManifest.FileEntry f : manifest.files()) {
      verify(dir, f);
    }
    return new FolderBackup(dir, manifest, JSON.readTree(schemaBytes));
  }

  /** Hashes the stored bytes and counts the lines inside, in one pass. */
  private static void verify(Path dir, BackupManifest.FileEntry f) throws IOException {
    Path file = resolve(dir, f);
    if (!Files.isRegularFile(file)) {
      throw ManifestJson.bad(file, "missing (listed in the manifest)");
    }
    MessageDigest digest = BackupWriter.digest();
    long lines = 0;
    try (InputStream raw = new DigestInputStream(Files.newInputStream(file), digest);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        lines++;
      }
      raw.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (EOFException | ZipException e) {
      throw ManifestJson.bad(file, "truncated or damaged (" + e.getMessage() + ")");
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(f.sha256())) {
      throw ManifestJson.bad(file, "altered or truncated: its SHA-256 does not match the manifest");
    }
    if (lines != f.objects()) {
      throw ManifestJson.bad(
          file, "holds " + lines + " objects where the manifest says " + f.objects());
    }
  }

  private static Path resolve(Path dir, BackupManifest.FileEntry f) {
    Path file = dir.resolve(f.path()).normalize();
    if (!file.startsWith(dir.normalize())) {
      throw ManifestJson.bad(
          dir.resolve("manifest.json"), "file path '" + f.path() + "' leaves the backup folder");
    }
    return file;
  }

  private static JsonNode parse(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw ManifestJson.bad(file, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public Path location() {
    return dir;
  }

  @Override
  public BackupManifest manifest() {
    return manifest;
  }

  @Override
  public Optional<JsonNode> schema() {
    return Optional.of(schema);
  }

  @Override
  public void forEachObject(BackupManifest.FileEntry f, ObjectConsumer consumer)
      throws IOException {
    Path file = resolve(dir, f);
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8))) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        JsonNode node = JSON.readTree(line);
        if (!(node instanceof ObjectNode o)) {
          throw ManifestJson.bad(file, "line " + n + " is not a JSON object");
        }
        consumer.accept(o);
      }
    }
  }
}
