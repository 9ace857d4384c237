package dev.jive.core.search;

import dev.jive.core.InvalidInputException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link Filter} as the SQL predicate Lance accepts (DataFusion expressions parsed with
 * sqlparser's generic dialect, backticks for identifiers).
 *
 * <p>Safety rests on three rules: field names are checked against {@link Filter#FIELD_NAME} and
 * always quoted with backticks; strings become single-quoted literals with every quote doubled (the
 * dialect has no backslash escapes, so a backslash is an ordinary character); and substring search
 * uses {@code strpos}, never {@code LIKE}, so {@code %} and {@code _} are never wildcards.
 */
public final class SqlFilterRenderer {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private SqlFilterRenderer() {}

  /** The predicate text; {@code "true"} for a filter that matches everything. */
  public static String render(Filter filter) {
    if (filter instanceof Filter.Condition c) {
      return condition(c);
    } else if (filter instanceof Filter.All all) {
      return all.parts().isEmpty() ? "true" : join(all.parts(), " AND ");
    } else if (filter instanceof Filter.Any any) {
      return any.parts().isEmpty() ? "false" : join(any.parts(), " OR ");
    } else if (filter instanceof Filter.Not not) {
      return "(NOT " + render(not.part()) + ")";
    }
    throw new IllegalStateException("unknown filter " + filter);
  }

  private static String join(List<Filter> parts, String operator) {
    return parts.stream()
        .map(SqlFilterRenderer::render)
        .collect(Collectors.joining(operator, "(", ")"));
  }

  private static String condition(Filter.Condition c) {
    String field = identifier(c.field());
    List<Object> v = c.values();
    return switch (c.operator()) {
      case EQ -> field + " = " + literal(v.get(0));
      case NE -> field + " <> " + literal(v.get(0));
      case LT -> field + " < " + literal(v.get(0));
      case LE -> field + " <= " + literal(v.get(0));
      case GT -> field + " > " + literal(v.get(0));
      case GE -> field + " >= " + literal(v.get(0));
      case IN -> field + " IN " + list(v);
      case NOT_IN -> field + " NOT IN " + list(v);
      case CONTAINS_TEXT -> "strpos(" + field + ", " + stringLiteral(text(c, v.get(0))) + ") > 0";
      case HAS_ANY -> "array_has_any(" + field + ", make_array" + list(v) + ")";
      case HAS_ALL -> "array_has_all(" + field + ", make_array" + list(v) + ")";
      case IS_NULL -> field + " IS NULL";
      case IS_NOT_NULL -> field + " IS NOT NULL";
    };
  }

  /** A field name in backticks, after checking it holds only letters, digits and underscores. */
  public static String identifier(String field) {
    if (field == null || !Filter.FIELD_NAME.matcher(field).matches()) {
      throw new InvalidInputException("filters", "invalid field name '" + field + "'");
    }
    return "`" + field + "`";
  }

  /**
   * A SQL string expression holding exactly {@code value}: a single-quoted literal with quotes
   * doubled. Characters outside the Basic Multilingual Plane (emoji, rare CJK) become {@code
   * chr(codepoint)} joined with {@code ||}: Java passes strings to native code in modified UTF-8,
   * which encodes them as surrogate pairs that Lance rejects as invalid UTF-8.
   */
  public static String stringLiteral(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new InvalidInputException("filters", "a filter value cannot hold a NUL character");
    }
    if (value.codePoints().allMatch(Character::isBmpCodePoint)) {
      return quote(value);
    }
    StringBuilder out = new StringBuilder("(");
    StringBuilder run = new StringBuilder();
    boolean first = true;
    for (int cp : value.codePoints().toArray()) {
      if (Character.isBmpCodePoint(cp)) {
        run.append((char) cp);
        continue;
      }
      if (run.length() > 0) {
        out.append(first ? "" : " || ").append(quote(run.toString()));
        run.setLength(0);
        first = false;
      }
      out.append(first ? "" : " || ").append("chr(").append(cp).append(')');
      first = false;
    }
    if (run.length() > 0) {
      out.append(" || ").append(quote(run.toString()));
    }
    return out.append(')').toString();
  }

  private static String quote(String bmpOnly) {
    return "'" + bmpOnly.replace("'", "''") + "'";
  }

  private static String list(List<Object> values) {
    return values.stream()
        .map(SqlFilterRenderer::literal)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String text(Filter.Condition c, Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new InvalidInputException(
        "filters." + c.field(), "CONTAINS_TEXT needs a text value, got " + value);
  }

  private static String literal(Object value) {
    if (value instanceof String s) {
      return stringLiteral(s);
    } else if (value instanceof Boolean b) {
      return b ? "true" : "false";
    } else if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    } else if (value instanceof Double d) {
      return Double.toString(d);
    } else if (value instanceof Float f) {
      return Float.toString(f);
    } else if (value instanceof Instant t) {
      return "TIMESTAMP '" + TIMESTAMP.format(t) + "'";
    } else if (value instanceof Enum<?> e) {
      return stringLiteral(e.toString());
    }
    throw new InvalidInputException("filters", "unsupported value " + value);
  }
}
