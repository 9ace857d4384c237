package dev.jive.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** What {@code --json} prints: the value, indented, records and java.time values included. */
final class CliJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

  private CliJson() {}

  static void print(PrintWriter out, Object value) throws JsonProcessingException {
    out.println(MAPPER.writeValueAsString(value));
  }
}
