package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.lancedb.ServingJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio transport byte for byte: only JSON-RPC on stdout, bad lines answered, clean exit. */
class StdioProtocolTest {
  @TempDir Path data;
  @TempDir Path project;

  @Test
  void aMalformedLineGetsAParseErrorAndTheSessionGoesOnThenStdinEofEndsTheServer()
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ServingJvm.java());
    cmd.addAll(TestServers.stdioCommand(data, project));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = p.getOutputStream();
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      send(
          in,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(out.readLine()).contains("\"id\":1").contains("mcp-jive");
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "this is not json");
      assertThat(out.readLine()).contains("-32700").contains("Parse error");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
      assertThat(out.readLine()).contains("\"id\":2").contains("result");
      send(
          in,
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"jive_get_work_item\",\"arguments\":{\"work_item_id\":\"00000000-0000-0000-0000-000000000000\"}}}");
      String notFound = out.readLine();
      assertThat(notFound)
          .contains("\"id\":3")
          .contains("\"isError\":true")
          .contains("Not found")
          .doesNotContain("Exception");
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server exits when stdin closes").isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void requestsPipedInWithStdinClosedAtOnceAreStillAnswered() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ServingJvm.java());
    cmd.addAll(TestServers.stdioCommand(data, project));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = p.getOutputStream()) {
      send(
          in,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"pipe\",\"version\":\"1\"}}}");
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(
          in,
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"jive_manage_work_item\",\"arguments\":{\"action\":\"create\",\"type\":\"task\",\"title\":\"Piped\"}}}");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("\"id\":1").contains("\"id\":2").contains("Created [task] Piped");
  }

  private static void send(OutputStream in, String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }
}
