package dev.jive.cli;

import dev.jive.core.InvalidInputException;
import dev.jive.core.JiveException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jive-migrate}: the operators' command line. Exit codes, mapped here and nowhere else: 0
 * ok, 1 failure, 2 usage or invalid input, 3 validation failed.
 */
@Command(
    name = "jive-migrate",
    mixinStandardHelpOptions = true,
    version = "jive-migrate 0.1.0",
    description =
        "Migrate MCP Jive from Weaviate to the embedded LanceDB store, and look after it.",
    subcommands = {
      QuickstartCommand.class,
      MigrateCommand.class,
      HealthCommand.class,
      SearchCommand.class,
      SetupCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      RollbackCommand.class,
      ReembedCommand.class,
      CompareCountsCommand.class,
      SelftestCommand.class,
      ValidateCommand.class,
      VersionsCommand.class,
      BenchElsewhereCommand.class,
      CommandLine.HelpCommand.class
    })
public final class JiveMigrate implements Runnable {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int VALIDATION_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line; the exit code follows the class comment. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new JiveMigrate());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + message(e));
          return exitCode(e);
        });
    return cli.execute(args);
  }

  static int exitCode(Throwable e) {
    if (e instanceof ValidationFailedException) {
      return VALIDATION_FAILED;
    }
    if (e instanceof InvalidInputException) {
      return USAGE;
    }
    return FAILURE;
  }

  private static String message(Throwable e) {
    if (e instanceof JiveException || e instanceof java.io.IOException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** A validation that ran and did not pass (exit 3). */
  static final class ValidationFailedException extends JiveException {
    private static final long serialVersionUID = 1L;

    ValidationFailedException(String message) {
      super(message);
    }
  }
}
