package dev.jive.weaviate.testserver;

import java.io.IOException;

/** {@code scripts/weaviate-test-server}: the test server as a process, for rehearsals. */
final class TestServerCommand {
  private TestServerCommand() {}

  private static final String USAGE =
      "usage: weaviate-test-server [--port P] [--api-key K] [--load BACKUP] [--generate CLASS=N]..."
          + " [--seed S]";

  /**
   * Runs the server until killed: {@code --port P [--api-key K] [--load BACKUP] [--generate
   * CLASS=N]...}. {@code --load} restores a backup (a folder, or the old single JSON file) into it
   * first and {@code --generate} adds N seeded objects of a class, for rehearsals. A bad option or
   * a backup that cannot be loaded stops it with a one-line message: exit 2 for usage, 1 for a load
   * that failed.
   */
  /** What a command line led to: a server that is ready, or the exit code to stop with. */
  record Outcome(WeaviateTestServer server, int exitCode) {}

  static void main(String[] args) {
    Outcome o = start(args, System.out, System.err);
    if (o.server() == null) {
      System.exit(o.exitCode());
      return;
    }
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Parses the options, starts the server and fills it; prints "ready URL" on {@code out}. */
  static Outcome start(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
    int port = 8080;
    String key = null;
    String load = null;
    long seed = 7;
    java.util.List<Generator.Request> generate = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          out.println(USAGE);
          return new Outcome(null, 0);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
        }
        String value = args[++i];
        switch (option) {
          case "--port" -> port = number(option, value);
          case "--api-key" -> key = value;
          case "--load" -> load = value;
          case "--seed" -> seed = number(option, value);
          case "--generate" -> generate.add(Generator.Request.parse(value));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("weaviate-test-server: " + e.getMessage() + "\n" + USAGE);
      return new Outcome(null, 2);
    }
    WeaviateTestServer server;
    try {
      server = WeaviateTestServer.start(port, key);
    } catch (IOException e) {
      err.println("weaviate-test-server: cannot listen on port " + port + ": " + e);
      return new Outcome(null, 1);
    }
    try {
      if (load != null) {
        dev.jive.weaviate.RestoreReport r =
            new dev.jive.weaviate.WeaviateRestorer(
                    server.url(), key, java.util.List.of(), 500, false)
                .inferMissingSchema()
                .restore(dev.jive.weaviate.backup.Backup.open(java.nio.file.Path.of(load)));
        err.println("loaded " + r.totalObjects() + " objects from " + load);
      }
      for (Generator.Request g : generate) {
        Generator.generate(server.url(), key, g, seed++);
        err.println("generated " + g.count() + " " + g.className() + " objects");
      }
    } catch (Exception e) {
      server.close();
      String what = load != null && generate.isEmpty() ? "cannot load " + load : "cannot fill it";
      err.println(
          "weaviate-test-server: "
              + what
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return new Outcome(null, 1);
    }
    out.println("ready " + server.url());
    return new Outcome(server, 0);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
    }
  }
}
