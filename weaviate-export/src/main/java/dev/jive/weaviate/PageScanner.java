package dev.jive.weaviate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jive.core.SourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the objects in a {@code GET /v1/objects} page without converting them: the byte range of
 * each object in the body, and the id of the last (the next cursor). The exporter copies those
 * bytes as they are, so every number and vector keeps the exact text the server sent, and a page
 * costs one tokenising pass instead of a parse and a re-serialisation.
 */
final class PageScanner {
  private static final JsonFactory FACTORY = new JsonFactory();

  private PageScanner() {}

  /** One object's place in the page body. */
  record Slice(int start, int end) {}

  /** The objects of a page and the last object's id (null for an empty page). */
  record Page(List<Slice> objects, String lastId) {}

  static Page scan(byte[] body, String what) {
    List<Slice> slices = new ArrayList<>();
    String lastId = null;
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SourceException(what + ": the answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("objects") || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          String id = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("id")) {
              id = p.getText();
            } else {
              p.skipChildren();
            }
          }
          int end = (int) p.currentLocation().getByteOffset();
          slices.add(new Slice(start, end));
          lastId = id;
        }
      }
    } catch (IOException e) {
      throw new SourceException(what + ": the answer is not valid JSON: " + e.getMessage(), e);
    }
    return new Page(slices, lastId);
  }
}
