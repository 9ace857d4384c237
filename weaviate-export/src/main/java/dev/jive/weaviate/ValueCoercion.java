package dev.jive.weaviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts a stored value back into the shape its property's {@code dataType} demands: an {@code int}
 * that a JSON layer turned into {@code 4.0} goes back as {@code 4} (Weaviate refuses {@code 4.0}
 * for an int), a {@code number} as a decimal, a {@code date} given as epoch milliseconds as RFC
 * 3339. A value that cannot fit is returned unchanged, so Weaviate's own error names it.
 */
final class ValueCoercion {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  private ValueCoercion() {}

  static JsonNode coerce(JsonNode value, String dataType) {
    if (value == null || value.isNull() || dataType == null) {
      return value;
    }
    if (dataType.endsWith("[]") && value.isArray()) {
      String element = dataType.substring(0, dataType.length() - 2);
      ArrayNode out = F.arrayNode();
      value.forEach(v -> out.add(coerce(v, element)));
      return out;
    }
    return switch (dataType) {
      case "int" ->
          value.isNumber() && !value.isIntegralNumber() && isWhole(value.decimalValue())
              ? F.numberNode(value.decimalValue().longValueExact())
              : value;
      case "number" -> value.isIntegralNumber() ? F.numberNode(value.doubleValue()) : value;
      case "date" ->
          value.isNumber()
              ? F.textNode(RFC3339.format(Instant.ofEpochMilli(value.longValue())))
              : value;
      case "text", "string", "uuid" ->
          value.isTextual() || value.isContainerNode() ? value : F.textNode(value.asText());
      default -> value;
    };
  }

  private static boolean isWhole(BigDecimal d) {
    return d.stripTrailingZeros().scale() <= 0;
  }

  /** Whether a dataType names another class: a cross-reference. */
  static boolean isReference(String dataType) {
    return dataType != null && !dataType.isEmpty() && Character.isUpperCase(dataType.charAt(0));
  }
}
