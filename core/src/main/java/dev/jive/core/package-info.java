/**
 * The MCP Jive domain, free of any storage or protocol: {@link dev.jive.core.WorkItem} and its
 * enums, the memory and execution-log records, and the exception family rooted at {@link
 * dev.jive.core.JiveException}. Rules live in {@code dev.jive.core.rules}, search in {@code
 * dev.jive.core.search}, configuration in {@code dev.jive.core.config}, the embedding interface in
 * {@code dev.jive.core.embedding}.
 */
package dev.jive.core;
