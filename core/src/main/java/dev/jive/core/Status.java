package dev.jive.core;

import java.util.Map;
import java.util.Optional;

/** Where a work item stands. */
public enum Status {
  NOT_STARTED("not_started"),
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  BLOCKED("blocked"),
  CANCELLED("cancelled");

  private static final Map<String, Status> ALIASES =
      Map.ofEntries(
          Map.entry("todo", NOT_STARTED),
          Map.entry("to_do", NOT_STARTED),
          Map.entry("pending", NOT_STARTED),
          Map.entry("open", NOT_STARTED),
          Map.entry("new", NOT_STARTED),
          Map.entry("backlog", NOT_STARTED),
          Map.entry("notstarted", NOT_STARTED),
          Map.entry("in_process", IN_PROGRESS),
          Map.entry("inprogress", IN_PROGRESS),
          Map.entry("started", IN_PROGRESS),
          Map.entry("active", IN_PROGRESS),
          Map.entry("wip", IN_PROGRESS),
          Map.entry("done", COMPLETED),
          Map.entry("complete", COMPLETED),
          Map.entry("closed", COMPLETED),
          Map.entry("finished", COMPLETED),
          Map.entry("canceled", CANCELLED),
          Map.entry("abandoned", CANCELLED),
          Map.entry("on_hold", BLOCKED));

  private final String wireName;

  Status(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling stored in tables and used by the MCP tools. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }

  /**
   * Parses any accepted spelling (any case, hyphens or spaces for underscores, old aliases).
   *
   * @throws InvalidInputException naming {@code status} and listing the accepted values
   */
  public static Status parse(String text) {
    return Spellings.parse(Status.class, Status::wireName, ALIASES, "status", text);
  }

  /** Like {@link #parse} but empty for a blank or unknown spelling. */
  public static Optional<Status> tryParse(String text) {
    return Spellings.tryParse(Status.class, Status::wireName, ALIASES, text);
  }
}
