/**
 * The Lance tables under one store location and their transactions. Start at {@link
 * dev.jive.lancedb.table.Tables}: a handle per table ({@link dev.jive.lancedb.table.LanceTable}:
 * appends, one-transaction row commits, snapshot reads, takes by row address), its in-memory {@link
 * dev.jive.lancedb.table.RowDirectory}, the {@link dev.jive.lancedb.table.WriteLock}, and the four
 * MCP Jive tables' schemas and row mapping ({@link dev.jive.lancedb.table.JiveTables}). Nothing
 * here knows hierarchy rules or search.
 */
package dev.jive.lancedb.table;
