/**
 * What keeps reads flat as tables take writes, and what reports on them. Start at {@link
 * dev.jive.lancedb.upkeep.Upkeep} (when upkeep runs: after writes, in the background, held back
 * during bulk loads); {@link dev.jive.lancedb.upkeep.Maintenance} is what one pass does (indexes,
 * capped compaction, cleanup); {@link dev.jive.lancedb.upkeep.Health} reports each table.
 */
package dev.jive.lancedb.upkeep;
