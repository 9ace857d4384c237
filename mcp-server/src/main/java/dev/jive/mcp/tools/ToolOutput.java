package dev.jive.mcp.tools;

import java.util.Map;

/** What a tool returns: structured content (checked against its output schema) and a text view. */
record ToolOutput(Map<String, Object> structured, String text) {}
