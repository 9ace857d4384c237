/**
 * Semantic, keyword and hybrid search over any of the store's tables. Start at {@link
 * dev.jive.lancedb.search.TableSearch}; {@link dev.jive.lancedb.search.Searcher} ranks row
 * addresses in one snapshot and reads only the rows of the answer, {@link
 * dev.jive.lancedb.search.HybridFusion} fuses the two legs.
 */
package dev.jive.lancedb.search;
