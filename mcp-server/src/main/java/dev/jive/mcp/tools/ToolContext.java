package dev.jive.mcp.tools;

import dev.jive.lancedb.LanceDBManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * What one tool call works with: the store of the endpoint's namespace, the project folder that
 * file paths are resolved in, the clock, and the channel back to the client for progress and log
 * notifications.
 */
record ToolContext(LanceDBManager store, Path projectDir, Clock clock, ClientChannel client) {

  Instant now() {
    return clock.instant();
  }

  /** Progress and log notifications to the client that made the call. */
  interface ClientChannel {
    /** Sends progress when the client asked for it (sent a progress token); else nothing. */
    void progress(double done, double total, String message);

    /** A log notification at info level (dropped by the session below its set level). */
    void info(String message);

    /** A log notification at debug level. */
    void debug(String message);

    ClientChannel NONE =
        new ClientChannel() {
          @Override
          public void progress(double done, double total, String message) {}

          @Override
          public void info(String message) {}

          @Override
          public void debug(String message) {}
        };
  }
}
