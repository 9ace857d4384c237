package dev.jive.core.search;

import dev.jive.core.InvalidInputException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed filter: conditions on named fields combined with all/any/not. Values stay typed until a
 * store renders them ({@link SqlFilterRenderer} for Lance), so user text is never pasted into a
 * query string.
 */
public sealed interface Filter {
  /** A field name: letters, digits and underscores, not starting with a digit. */
  Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One comparison of a field with zero or more values. */
  record Condition(String field, Operator operator, List<Object> values) implements Filter {
    public Condition {
      Objects.requireNonNull(operator, "operator");
      if (field == null || !FIELD_NAME.matcher(field).matches()) {
        throw new InvalidInputException(
            "filters", "invalid field name '" + field + "' (letters, digits and _ only)");
      }
      values = List.copyOf(values);
      if (values.size() < operator.minValues() || values.size() > operator.maxValues()) {
        throw new InvalidInputException(
            "filters." + field,
            operator
                + " takes "
                + (operator.minValues() == operator.maxValues()
                    ? String.valueOf(operator.minValues())
                    : "at least " + operator.minValues())
                + " value(s), got "
                + values.size());
      }
      for (Object value : values) {
        if (!(value instanceof String
            || value instanceof Long
            || value instanceof Integer
            || value instanceof Double
            || value instanceof Float
            || value instanceof Boolean
            || value instanceof Instant
            || value instanceof Enum<?>)) {
          throw new InvalidInputException(
              "filters." + field,
              "unsupported value type "
                  + (value == null ? "null (use IS_NULL)" : value.getClass().getSimpleName()));
        }
        if (value instanceof Double d && !Double.isFinite(d)
            || value instanceof Float f && !Float.isFinite(f)) {
          throw new InvalidInputException("filters." + field, "value must be a finite number");
        }
      }
    }
  }

  /** Every part must match; an empty list matches everything. */
  record All(List<Filter> parts) implements Filter {
    public All {
      parts = List.copyOf(parts);
    }
  }

  /** At least one part must match; an empty list matches nothing. */
  record Any(List<Filter> parts) implements Filter {
    public Any {
      parts = List.copyOf(parts);
    }
  }

  /** The part must not match. */
  record Not(Filter part) implements Filter {
    public Not {
      Objects.requireNonNull(part, "part");
    }
  }

  static Filter matchAll() {
    return new All(List.of());
  }

  static Filter eq(String field, Object value) {
    return new Condition(field, Operator.EQ, List.of(value));
  }

  static Filter in(String field, List<?> values) {
    return new Condition(field, Operator.IN, List.copyOf(values));
  }

  static Filter hasAny(String field, List<?> values) {
    return new Condition(field, Operator.HAS_ANY, List.copyOf(values));
  }

  static Filter compare(String field, Operator operator, Object value) {
    return new Condition(field, operator, List.of(value));
  }

  static Filter isNull(String field) {
    return new Condition(field, Operator.IS_NULL, List.of());
  }

  static Filter and(Filter... parts) {
    return new All(Arrays.asList(parts));
  }

  static Filter or(Filter... parts) {
    return new Any(Arrays.asList(parts));
  }

  static Filter not(Filter part) {
    return new Not(part);
  }

  /** Whether this filter matches every row (so a store can skip it). */
  default boolean isMatchAll() {
    return this instanceof All all && all.parts().stream().allMatch(Filter::isMatchAll);
  }
}
