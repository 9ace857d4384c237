package dev.jive.core;

/**
 * The root of every exception MCP Jive throws on purpose. Unchecked: callers catch it at the edge
 * (the CLI maps it to an exit code, the MCP server to an {@code isError} result).
 */
public class JiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JiveException(String message) {
    super(message);
  }

  public JiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
