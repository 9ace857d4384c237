package dev.jive.mcp.tools;

/**
 * How much text {@code tools/list} carries: {@link #BRIEF} (the default) says what an agent needs
 * to call each tool, in under 14 KB for all nine; {@link #FULL} keeps every description and the
 * output schemas ({@code --tool-descriptions full}).
 */
public enum ToolDescriptions {
  BRIEF,
  FULL
}
