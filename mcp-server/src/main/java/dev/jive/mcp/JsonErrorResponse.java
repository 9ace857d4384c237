package dev.jive.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MCP transport's response, with its error answers rewritten: the SDK answers an unknown or
 * missing session and a malformed body with a serialised Java exception (23 stack frames, 5 KB),
 * and {@code sendError} would give the container's HTML page. An answer of status 400 or more is
 * held back and sent as a JSON-RPC error object carrying only its message; other answers (the event
 * streams included) pass through untouched.
 */
final class JsonErrorResponse extends HttpServletResponseWrapper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private ByteArrayOutputStream held;
  private PrintWriter writer;
  private ServletOutputStream stream;
  private String sentMessage;

  JsonErrorResponse(HttpServletResponse response) {
    super(response);
  }

  private boolean failing() {
    return getStatus() >= 400;
  }

  @Override
  public void sendError(int status, String message) {
    setStatus(status);
    sentMessage = message;
  }

  @Override
  public void sendError(int status) {
    setStatus(status);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (!failing()) {
      return super.getOutputStream();
    }
    hold();
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (!failing()) {
      return super.getWriter();
    }
    hold();
    return writer;
  }

  private void hold() {
    if (held != null) {
      return;
    }
    held = new ByteArrayOutputStream();
    writer = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8), true);
    stream =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            held.write(b);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("error answers are written at once");
          }
        };
  }

  /** Sends the held error answer as a JSON-RPC error; does nothing for a successful answer. */
  void finish() throws IOException {
    HttpServletResponse r = (HttpServletResponse) getResponse();
    if (!failing() || r.isCommitted()) {
      return;
    }
    if (writer != null) {
      writer.flush();
    }
    int status = getStatus();
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status >= 500 ? -32603 : -32600);
    error.put("message", message(status));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jsonrpc", "2.0");
    body.put("id", null);
    body.put("error", error);
    r.resetBuffer();
    r.setContentType("application/json");
    r.setCharacterEncoding("UTF-8");
    r.getWriter().write(JSON.writeValueAsString(body));
    r.getWriter().flush();
  }

  /** The answer's own message (a JSON error's, an exception's), never its stack. */
  private String message(int status) {
    String text = sentMessage;
    if (held != null && held.size() > 0) {
      String raw = held.toString(StandardCharsets.UTF_8);
      try {
        JsonNode n = JSON.readTree(raw);
        JsonNode m = n.path("error").path("message");
        text = m.isTextual() ? m.asText() : n.path("message").asText(null);
      } catch (IOException notJson) {
        text = raw.length() <= MAX_MESSAGE && !raw.contains("<") ? raw.strip() : null;
      }
    }
    if (text == null || text.isBlank()) {
      text = "HTTP " + status;
    }
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }
}
