/**
 * The MCP Jive server process. Start at {@link dev.jive.mcp.JiveMcp} ({@code scripts/jive-mcp}):
 * its options, then {@code StdioServer} or {@code HttpServer} (Streamable HTTP on {@code /mcp} and
 * {@code /mcp/<namespace>}, {@code /health}, Host/Origin checks, bearer token, body limit). {@code
 * Servers} builds one MCP server over the tools of {@link dev.jive.mcp.tools}; {@code Stores} opens
 * the store in the background (the handshake does not wait for the model) and warms it up ({@code
 * SearchWarmUp}). stdout belongs to the protocol: every log line goes to stderr. The benchmark that
 * drives this server over stdio lives in the {@code bench} module ({@code McpBenchmark}).
 */
package dev.jive.mcp;
