package dev.jive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jive.core.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Weaviate {@code dataType}s as Arrow columns, and property values as the Java values those columns
 * take (docs/cli.md has the table). Types with no flat Arrow counterpart (object, geoCoordinates,
 * phoneNumber) are kept whole as JSON text; cross-references become the list of referenced ids.
 */
final class GenericTypes {
  private GenericTypes() {}

  static boolean isReference(String dataType) {
    return !dataType.isEmpty() && Character.isUpperCase(dataType.charAt(0));
  }

  static Field field(String name, String dataType) {
    if (isReference(dataType)) {
      return list(name, ArrowType.Utf8.INSTANCE);
    }
    if (dataType.endsWith("[]")) {
      String element = dataType.substring(0, dataType.length() - 2);
      return switch (element) {
        case "object" -> Field.nullable(name, ArrowType.Utf8.INSTANCE);
        default -> list(name, scalar(element));
      };
    }
    return Field.nullable(name, scalar(dataType));
  }

  private static ArrowType scalar(String dataType) {
    return switch (dataType) {
      case "int" -> new ArrowType.Int(64, true);
      case "number" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case "boolean" -> ArrowType.Bool.INSTANCE;
      case "date" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      default -> ArrowType.Utf8.INSTANCE; // text, string, uuid, blob, and JSON for the rest
    };
  }

  private static Field list(String name, ArrowType element) {
    return new Field(
        name,
        FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(Field.nullable("item", element)));
  }

  /** A property value for its column; a value that does not fit names the property. */
  static Object value(String property, String dataType, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (isReference(dataType)) {
      List<Object> ids = new ArrayList<>();
      for (JsonNode ref : v) {
        String beacon = ref.path("beacon").asText("");
        ids.add(beacon.substring(beacon.lastIndexOf('/') + 1));
      }
      return ids;
    }
    if (dataType.endsWith("[]")) {
      String element = dataType.substring(0, dataType.length() - 2);
      if (element.equals("object")) {
        return v.toString();
      }
      if (!v.isArray()) {
        throw new InvalidInputException(property, "is " + dataType + " but holds " + v);
      }
      List<Object> out = new ArrayList<>();
      v.forEach(e -> out.add(scalarValue(property, element, e)));
      return out;
    }
    return scalarValue(property, dataType, v);
  }

  private static Object scalarValue(String property, String dataType, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    switch (dataType) {
      case "int":
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
          throw new InvalidInputException(property, "is int but holds " + v);
        }
        return v.asLong();
      case "number":
        if (!v.isNumber()) {
          throw new InvalidInputException(property, "is number but holds " + v);
        }
        return v.asDouble();
      case "boolean":
        if (!v.isBoolean()) {
          throw new InvalidInputException(property, "is boolean but holds " + v);
        }
        return v.asBoolean();
      case "date":
        try {
          return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
          try {
            return java.time.OffsetDateTime.parse(v.asText()).toInstant();
          } catch (DateTimeParseException e2) {
            throw new InvalidInputException(property, "is date but holds " + v);
          }
        }
      case "text", "string", "uuid", "blob":
        return v.isTextual() ? v.asText() : v.toString();
      default:
        return v.isTextual() ? v.asText() : v.toString();
    }
  }
}
