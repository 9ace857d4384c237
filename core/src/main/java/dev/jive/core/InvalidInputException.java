package dev.jive.core;

import java.util.Objects;

/**
 * Input that breaks a rule: an unknown enum spelling, a value out of range, a forbidden parent.
 * Always names the offending field, so a user or an agent can correct exactly that.
 */
public class InvalidInputException extends JiveException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidInputException(String field, String message) {
    super(field + ": " + message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the field, setting or argument that holds the bad value. */
  public String field() {
    return field;
  }
}
