/**
 * {@code jive-migrate}, the operators' command line. Start at {@link dev.jive.cli.JiveMigrate}: the
 * subcommands (quickstart, setup, backup, migrate, validate, restore, rollback, reembed, health,
 * search, ...) and the one place exceptions become exit codes. A command prints through picocli's
 * output, never through the logger; long ones report through {@code ProgressPrinter} (a bar on a
 * terminal, plain lines otherwise). The benchmarks are the {@code bench} module ({@code
 * scripts/jive-bench}); {@code bench} here only says so.
 */
package dev.jive.cli;
