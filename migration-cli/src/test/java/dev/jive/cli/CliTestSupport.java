package dev.jive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running jive-migrate in tests, in this JVM or as the built jar, and feeding the test server. */
final class CliTestSupport {
  private CliTestSupport() {}

  /** A finished command: its exit code and what it printed (the jar's stderr is in {@code out}). */
  record Run(int code, String out, String err) {}

  /** A command in this JVM. */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = JiveMigrate.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The java command line that runs the built jar as scripts/jive-migrate does. */
  static List<String> jarCommand(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-Xmx1g",
                "-jar",
                Path.of("target", "jive-migrate.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A command on the built jar, in a child process working in {@code workDir}. */
  static Run jar(Path workDir, String... args) throws Exception {
    Process p =
        new ProcessBuilder(jarCommand(args))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, "");
  }

  /** POSTs JSON to the Weaviate test server; anything but 200 fails the test. */
  static void post(String url, String path, String json) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
