/**
 * The embedded store. Start at {@link dev.jive.lancedb.LanceDBManager}: MCP Jive's tables as Lance
 * datasets under {@code data_path} ({@code <Table>.lance}, LanceDB's layout). It delegates to one
 * package per part: {@code table} (tables, transactions, row directory), {@code workitems}
 * (hierarchy, dependencies, roll-ups), {@code records} (logs, memories, generic rows), {@code
 * search}, {@code versions} (tags, restore, re-embed) and {@code upkeep} (indexes, compaction,
 * health). {@link dev.jive.lancedb.OldManagerApi} and {@link dev.jive.lancedb.WeaviateManager} keep
 * the old manager's entry points for code being migrated. Embeddings live in {@code
 * dev.jive.lancedb.embedding}.
 */
package dev.jive.lancedb;
