/**
 * The nine {@code jive_*} tools, the work-item resource and the prompts. Start at {@link
 * dev.jive.mcp.tools.JiveTools}: the specifications a server registers, each tool's input and
 * output schema, and how a tool's failure becomes an {@code isError} result an agent can act on
 * (never a stack trace). Each tool is one {@code *Tool} class; {@link
 * dev.jive.mcp.tools.StoreAccess} lends them the store for the length of a call.
 */
package dev.jive.mcp.tools;
