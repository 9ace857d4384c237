package dev.jive.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A suite's figures in the order they were named, so the JSON reads like the table. */
final class Figures {
  private Figures() {}

  static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
