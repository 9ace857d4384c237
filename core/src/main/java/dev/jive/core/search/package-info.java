/**
 * The search model shared by every store: {@link dev.jive.core.search.SearchRequest} (query, {@link
 * dev.jive.core.search.SearchType}, typed {@link dev.jive.core.search.Filter}, limit, min score)
 * and {@link dev.jive.core.search.SearchHit}. {@link dev.jive.core.search.SqlFilterRenderer} turns
 * a filter into the SQL predicate Lance reads, escaping every value.
 */
package dev.jive.core.search;
