package dev.jive.weaviate.backup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code manifest.json}: what a backup holds and how to check it. Written last, so a backup without
 * one is incomplete.
 *
 * @param sourceUrl the Weaviate URL without credentials or query
 * @param schemaSha256 SHA-256 of {@code schema.json}
 */
public record BackupManifest(
    String format,
    int formatVersion,
    String sourceUrl,
    String weaviateVersion,
    Instant createdAt,
    List<ClassEntry> classes,
    String schemaSha256,
    List<FileEntry> files) {

  public static final String FORMAT = "jive-weaviate-backup";
  public static final int VERSION = 1;

  public BackupManifest {
    Objects.requireNonNull(format, "format");
    classes = List.copyOf(classes);
    files = List.copyOf(files);
  }

  /** A class in the backup, with its tenants (empty for a class without multi-tenancy). */
  public record ClassEntry(String name, boolean multiTenant, List<TenantEntry> tenants) {
    public ClassEntry {
      tenants = List.copyOf(tenants);
    }
  }

  /** A tenant and the activity status it had when it was exported. */
  public record TenantEntry(String name, String activityStatus) {}

  /**
   * One objects file: {@code objects/<Class>.jsonl.gz}, or {@code
   * objects/<Class>/<tenant>.jsonl.gz} for a tenant.
   */
  public record FileEntry(
      String path, String className, String tenant, long objects, String sha256) {}

  public long totalObjects() {
    return files.stream().mapToLong(FileEntry::objects).sum();
  }
}
