package dev.kata.cli;

import dev.kata.core.KataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kata} command.
 *
 * <p>Exit codes: 0 every check passed, 1 a check failed, 2 a usage or configuration error, 3 an
 * internal error of kata itself.
 */
@Command(name = "kata", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Progressive Java concurrency puzzles: edit one file, run its checks, learn from what broke.",
    subcommands = {ListCommand.class, RunCommand.class, HintCommand.class, VerifyCommand.class, ResetCommand.class,
        ShowCommand.class, NextCommand.class, MapCommand.class, WatchCommand.class, CompletionCommand.class,
        NewCommand.class, CheckPluginCommand.class, DevCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every check passed", "1:a check failed", "2:usage or configuration error",
        "3:internal error of kata"})
public final class Kata {

  /** Exit code: a check failed. */
  static final int FAILED = 1;
  /** Exit code: usage or configuration error. */
  static final int USAGE = 2;
  /** Exit code: internal error. */
  static final int INTERNAL = 3;

  /**
   * Run the command.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Create the configured command line, for {@link #main} and for tests. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Kata());
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(Style.ansi()));
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine command = e.getCommandLine();
      PrintWriter err = command.getErr();
      err.println("kata: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      PrintWriter err = command.getErr();
      boolean verbose = parsed.hasMatchedOption("--verbose")
          || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
      int code;
      if (e instanceof KataException) {
        err.println("kata: " + e.getMessage());
        code = USAGE;
      } else {
        err.println("kata: internal error: " + e + (verbose ? "" : " (run again with --verbose for details)"));
        code = INTERNAL;
      }
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    return cli;
  }
}
