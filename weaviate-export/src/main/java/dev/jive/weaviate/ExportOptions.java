package dev.jive.weaviate;

import dev.jive.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What to export and how.
 *
 * @param apiKey the key itself, read by the caller from an environment variable (never a flag)
 * @param classes the classes to export; empty for all
 * @param pageSize objects per cursor page (1..10,000)
 * @param activateInactiveTenants activate inactive tenants to export them, then deactivate again;
 *     without it they are listed in the report as not exported
 */
public record ExportOptions(
    String url,
    String apiKey,
    List<String> classes,
    int pageSize,
    boolean activateInactiveTenants,
    int maxRetries,
    Duration firstBackoff,
    Clock clock) {

  public ExportOptions {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new InvalidInputException("weaviate_url", "must start with http:// or https://");
    }
    classes = classes == null ? List.of() : List.copyOf(classes);
    if (pageSize < 1 || pageSize > 10_000) {
      throw new InvalidInputException("page_size", "must be 1..10000, got " + pageSize);
    }
    if (maxRetries < 0) {
      throw new InvalidInputException("max_retries", "must be zero or more");
    }
  }

  public static ExportOptions of(String url, String apiKey) {
    return new ExportOptions(
        url, apiKey, List.of(), 1000, false, 5, Duration.ofMillis(200), Clock.systemUTC());
  }

  public ExportOptions withClasses(List<String> only) {
    return new ExportOptions(
        url, apiKey, only, pageSize, activateInactiveTenants, maxRetries, firstBackoff, clock);
  }

  public ExportOptions withPageSize(int size) {
    return new ExportOptions(
        url, apiKey, classes, size, activateInactiveTenants, maxRetries, firstBackoff, clock);
  }

  public ExportOptions withActivateInactiveTenants(boolean activate) {
    return new ExportOptions(
        url, apiKey, classes, pageSize, activate, maxRetries, firstBackoff, clock);
  }

  public ExportOptions withRetries(int retries, Duration backoff) {
    return new ExportOptions(
        url, apiKey, classes, pageSize, activateInactiveTenants, retries, backoff, clock);
  }

  public ExportOptions withClock(Clock c) {
    return new ExportOptions(
        url, apiKey, classes, pageSize, activateInactiveTenants, maxRetries, firstBackoff, c);
  }
}
