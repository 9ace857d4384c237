/**
 * Reading everything out of a Weaviate server into a backup, and restoring a backup into one. Start
 * with {@link dev.jive.weaviate.WeaviateExporter} and {@link dev.jive.weaviate.WeaviateRestorer};
 * the backup format lives in {@code dev.jive.weaviate.backup}, the command line in {@link
 * dev.jive.weaviate.WeaviateBackupTool}.
 */
package dev.jive.weaviate;
