package dev.jive.lancedb.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jive.core.InvalidInputException;
import java.util.Map;

/** The store's one JSON mapper, for metadata columns. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("metadata", "cannot be written as JSON: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(String json) {
    try {
      return MAPPER.readValue(json == null || json.isBlank() ? "{}" : json, Map.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "metadata", "is not a JSON object: " + e.getOriginalMessage());
    }
  }
}
