package dev.jive.mcp.tools;

/**
 * One of the nine {@code jive_*} tools. Its description and input and output schemas are read from
 * {@code <name>.json} beside this class, so an agent sees the same text a reviewer reads.
 */
interface JiveTool {
  String name();

  /**
   * Runs one call. Throws {@link dev.jive.core.JiveException} subclasses for the caller's mistakes
   * (they become {@code isError} results naming the problem).
   */
  ToolOutput call(Args args, ToolContext ctx);
}
