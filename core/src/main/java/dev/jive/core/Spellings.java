package dev.jive.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses the spellings the old Python system and its users wrote for enum values: any case, hyphens
 * or spaces for underscores, and a few historical aliases.
 */
final class Spellings {
  private Spellings() {}

  static String normalize(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }

  static <E extends Enum<E>> Optional<E> tryParse(
      Class<E> type, Function<E, String> wireName, Map<String, E> aliases, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String key = normalize(text);
    for (E constant : type.getEnumConstants()) {
      if (wireName.apply(constant).equals(key)) {
        return Optional.of(constant);
      }
    }
    return Optional.ofNullable(aliases.get(key));
  }

  static <E extends Enum<E>> E parse(
      Class<E> type,
      Function<E, String> wireName,
      Map<String, E> aliases,
      String field,
      String text) {
    return tryParse(type, wireName, aliases, text)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    field,
                    (text == null || text.isBlank()
                            ? "a value is required"
                            : "unknown value '" + text + "'")
                        + "; expected one of "
                        + Arrays.stream(type.getEnumConstants())
                            .map(wireName)
                            .collect(Collectors.joining(", "))));
  }
}
