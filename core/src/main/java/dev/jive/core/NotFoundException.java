package dev.jive.core;

/** A work item, table, tag, memory or other named thing does not exist. */
public class NotFoundException extends JiveException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
