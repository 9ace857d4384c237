package dev.jive.core;

/**
 * The request is well-formed but clashes with the stored state: a dependency that closes a cycle, a
 * duplicate id, a table opened with another embedding model than the one that wrote it.
 */
public class ConflictException extends JiveException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
