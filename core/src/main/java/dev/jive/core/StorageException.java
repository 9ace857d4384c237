package dev.jive.core;

/** The embedded store failed to read or write: a corrupt dataset, a full disk, a lost lock. */
public class StorageException extends JiveException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
