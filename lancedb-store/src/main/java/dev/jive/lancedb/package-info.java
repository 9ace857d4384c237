/**
 * The embedded store. Start at {@link dev.jive.lancedb.LanceDBManager}: MCP Jive's tables as Lance
 * datasets under {@code data_path} ({@code <Table>.lance}, LanceDB's layout), work items with their
 * rules, semantic/keyword/hybrid search, memories, generic tables, versions and health. {@link
 * dev.jive.lancedb.WeaviateManager} keeps the old manager's entry points for code being migrated.
 * Embeddings live in {@code dev.jive.lancedb.embedding}.
 */
package dev.jive.lancedb;
