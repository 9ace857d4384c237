package dev.jive.weaviate.backup;

import dev.jive.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;

/** Source URLs as they may be written down: no user, no password, no query, no fragment. */
public final class SourceUrls {
  private SourceUrls() {}

  /** {@code https://user:key@host:8080/path?api_key=x} becomes {@code https://host:8080/path}. */
  public static String redact(String url) {
    try {
      URI u = new URI(url.strip());
      if (u.getScheme() == null || u.getHost() == null) {
        throw new InvalidInputException("weaviate_url", "not an http(s) URL: " + redactedText(url));
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      throw new InvalidInputException("weaviate_url", "not a valid URL: " + redactedText(url));
    }
  }

  // Even an unparsable URL may carry a secret: show only what comes before any '@' or '?'.
  private static String redactedText(String url) {
    String s = url;
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      int scheme = s.indexOf("://");
      s = (scheme >= 0 ? s.substring(0, scheme + 3) : "") + "***@" + s.substring(at + 1);
    }
    int q = s.indexOf('?');
    return q >= 0 ? s.substring(0, q) + "?***" : s;
  }
}
