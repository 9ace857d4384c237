package dev.jive.mcp.tools;

import dev.jive.core.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, read with the type each one should have. A value of the wrong type is an
 * {@link InvalidInputException} naming the argument (with its path inside nested objects), so the
 * agent can correct exactly that.
 */
final class Args {
  private final Map<String, Object> values;
  private final String prefix;

  Args(Map<String, Object> values) {
    this(values, "");
  }

  private Args(Map<String, Object> values, String prefix) {
    this.values = values == null ? Map.of() : values;
    this.prefix = prefix;
  }

  Map<String, Object> raw() {
    return values;
  }

  boolean has(String name) {
    Object v = values.get(name);
    return v != null && !(v instanceof String s && s.isBlank());
  }

  private String path(String name) {
    return prefix + name;
  }

  Optional<String> text(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
    if (v instanceof Number || v instanceof Boolean) {
      return Optional.of(String.valueOf(v));
    }
    throw new InvalidInputException(path(name), "must be a string, got " + describe(v));
  }

  String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  String requireText(String name) {
    return text(name)
        .orElseThrow(() -> new InvalidInputException(path(name), "is required and was not given"));
  }

  /** A string that keeps its whitespace and may be empty (descriptions, notes). */
  Optional<String> rawText(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return Optional.of(s);
    }
    throw new InvalidInputException(path(name), "must be a string, got " + describe(v));
  }

  /** One of the allowed words, compared without case; the first is the default. */
  String choice(String name, List<String> allowed, String fallback) {
    Optional<String> v = text(name);
    if (v.isEmpty()) {
      return fallback;
    }
    String lower = v.get().toLowerCase(Locale.ROOT).replace('-', '_');
    if (!allowed.contains(lower)) {
      throw new InvalidInputException(
          path(name), "must be one of " + String.join(", ", allowed) + "; got '" + v.get() + "'");
    }
    return lower;
  }

  String requireChoice(String name, List<String> allowed) {
    requireText(name);
    return choice(name, allowed, null);
  }

  Optional<Integer> integer(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Optional.of(n.intValue());
    }
    if (v instanceof String s && s.strip().matches("-?\\d{1,9}")) {
      return Optional.of(Integer.parseInt(s.strip()));
    }
    throw new InvalidInputException(path(name), "must be a whole number, got " + describe(v));
  }

  int integer(String name, int fallback, int min, int max) {
    int v = integer(name).orElse(fallback);
    if (v < min || v > max) {
      throw new InvalidInputException(
          path(name), "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  Optional<Double> number(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return Optional.of(n.doubleValue());
    }
    if (v instanceof String s) {
      try {
        return Optional.of(Double.parseDouble(s.strip()));
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new InvalidInputException(path(name), "must be a number, got " + describe(v));
  }

  boolean flag(String name, boolean fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new InvalidInputException(path(name), "must be true or false, got " + describe(v));
  }

  /** A list of strings; a single string is taken as a one-element list. */
  List<String> texts(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return s.isBlank() ? List.of() : List.of(s.strip());
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        if (!(e instanceof String s)) {
          throw new InvalidInputException(
              path(name) + "[" + i + "]", "must be a string, got " + describe(e));
        }
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
      return out;
    }
    throw new InvalidInputException(path(name), "must be a list of strings, got " + describe(v));
  }

  boolean isList(String name) {
    return values.get(name) instanceof List<?>;
  }

  /** A nested object's arguments (empty when absent). */
  @SuppressWarnings("unchecked")
  Args object(String name) {
    Object v = values.get(name);
    if (v == null) {
      return new Args(Map.of(), path(name) + ".");
    }
    if (v instanceof Map<?, ?> m) {
      return new Args((Map<String, Object>) m, path(name) + ".");
    }
    throw new InvalidInputException(path(name), "must be an object, got " + describe(v));
  }

  /** A date or date-time: ISO-8601 instant, or a plain date taken as midnight UTC. */
  Optional<Instant> instant(String name) {
    Optional<String> v = text(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get();
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e2) {
        throw new InvalidInputException(
            path(name),
            "must be an ISO-8601 date (2026-03-01) or date-time (2026-03-01T12:00:00Z), got '"
                + s
                + "'");
      }
    }
  }

  private static String describe(Object v) {
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    return String.valueOf(v);
  }
}
