package dev.jive.core;

/**
 * The Weaviate source failed: unreachable, refused the credentials, or kept failing a page. The
 * message names the class, tenant and cursor where that applies.
 */
public class SourceException extends JiveException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
