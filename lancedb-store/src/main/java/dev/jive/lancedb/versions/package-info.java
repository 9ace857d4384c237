/**
 * A table's versions and tags, restoring one of them ({@link dev.jive.lancedb.versions.Versions}),
 * and re-embedding a table with another model, verified and rolled back on failure ({@link
 * dev.jive.lancedb.versions.Reembed}).
 */
package dev.jive.lancedb.versions;
