package dev.jive.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * stdin for the stdio transport, one checked line at a time. The SDK's stdio transport stops for
 * good at the first line that is not JSON; here such a line is answered with a JSON-RPC parse error
 * (-32700) and dropped, and the session goes on. Blank lines are skipped. The end of stdin releases
 * {@link #closed()}, which is how the server knows its client has gone.
 */
final class GuardedInput extends InputStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedReader reader;
  private final OutputStream out;
  private final Runnable beforeEnd;
  private final CountDownLatch closed = new CountDownLatch(1);
  private byte[] line = new byte[0];
  private int pos;

  /**
   * @param out the protocol stream; parse errors are written to it under its own lock, the lock the
   *     SDK's transport takes for every message it writes
   */
  /**
   * @param beforeEnd runs when stdin ends, before the transport is told: the SDK stops writing
   *     answers the moment it sees the end, so work still running is drained first
   */
  GuardedInput(InputStream in, OutputStream out, Runnable beforeEnd) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.beforeEnd = beforeEnd;
  }

  CountDownLatch closed() {
    return closed;
  }

  @Override
  public int read() throws IOException {
    if (pos >= line.length && !next()) {
      return -1;
    }
    return line[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= line.length && !next()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean next() throws IOException {
    while (true) {
      String text = reader.readLine();
      if (text == null) {
        beforeEnd.run();
        closed.countDown();
        return false;
      }
      if (text.isBlank()) {
        continue;
      }
      String problem = problem(text);
      if (problem == null) {
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
      }
      reject(problem);
    }
  }

  /** Why a line cannot be a JSON-RPC message, or null when it can. */
  private static String problem(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !(node.isObject() || node.isArray())) {
        return "a message must be a JSON object";
      }
      if (node.isObject() && !node.has("method") && !node.has("result") && !node.has("error")) {
        return "a JSON-RPC message needs a method, a result or an error";
      }
      return null;
    } catch (IOException e) {
      return "not valid JSON";
    }
  }

  private void reject(String problem) throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.put("jsonrpc", "2.0");
    error.putNull("id");
    ObjectNode body = error.putObject("error");
    body.put("code", -32700);
    body.put("message", "Parse error: " + problem);
    byte[] bytes = (JSON.writeValueAsString(error) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    reader.close();
  }
}
