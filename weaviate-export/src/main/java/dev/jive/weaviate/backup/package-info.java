/**
 * The backup format: {@link dev.jive.weaviate.backup.BackupWriter} writes a versioned, checksummed
 * {@code weaviate_backup_YYYYMMDD_HHMMSS/} folder; {@link dev.jive.weaviate.backup.Backup#open}
 * reads it (or the old Python tool's single JSON file) and verifies it whole before anything is
 * handed out. The format is documented in docs/backup-format.md.
 */
package dev.jive.weaviate.backup;
