package dev.kata.cli;

import dev.kata.core.KataException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kata} command.
 *
 * <p>Exit codes: 0 every check passed, 1 a check failed, 2 a usage or configuration error, 3 an
 * internal error of kata itself.
 */
@Command(
    name = "kata",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Progressive Java concurrency puzzles: edit one file, run its checks, learn from what"
            + " broke.",
    subcommands = {
      ListCommand.class,
      RunCommand.class,
      HintCommand.class,
      VerifyCommand.class,
      ResetCommand.class,
      ShowCommand.class,
      NextCommand.class,
      MapCommand.class,
      WatchCommand.class,
      SolutionCommand.class,
      CompletionCommand.class,
      NewCommand.class,
      CheckPluginCommand.class,
      DevCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check passed",
      "1:a check failed",
      "2:usage or configuration error",
      "3:internal error of kata"
    })
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
    System.exit(execute(commandLine(), args, System.getenv()));
  }

  /**
   * Run a command line in an environment: a bad value of a variable kata reads is a usage error.
   */
  static int execute(CommandLine cli, String[] args, java.util.Map<String, String> env) {
    var problem = EnvironmentCheck.problem(env);
    if (problem.isPresent()) {
      cli.getErr().println("kata: " + problem.get());
      cli.getErr().flush();
      return USAGE;
    }
    return cli.execute(args);
  }

  /** Say what was wrong with the command line, with picocli's guess when a word was mistyped. */
  private static String problem(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      // The first word picocli could not place is the mistyped one; what follows it is unmatched
      // only
      // because of it.
      String word = unmatched.getUnmatched().get(0);
      List<String> guesses = unmatched.getSuggestions();
      String what =
          unmatched.isUnknownOption()
              ? "unknown option '" + word + "'"
              : "unknown command or argument '" + word + "'";
      return guesses.isEmpty()
          ? what
          : what
              + ": did you mean "
              + guesses.stream()
                  .limit(3)
                  .map(g -> "'" + g + "'")
                  .collect(java.util.stream.Collectors.joining(" or "))
              + "?";
    }
    return e.getMessage();
  }

  /** Create the configured command line, for {@link #main} and for tests. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Kata());
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(Style.ansi()));
    HelpText.install(cli);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine command = e.getCommandLine();
          PrintWriter err = command.getErr();
          err.println(
              "kata: "
                  + problem(e)
                  + " (see '"
                  + command.getCommandSpec().qualifiedName()
                  + " --help')");
          err.flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          PrintWriter err = command.getErr();
          boolean verbose =
              parsed.hasMatchedOption("--verbose")
                  || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
          int code;
          if (e instanceof KataException) {
            err.println("kata: " + e.getMessage());
            code = USAGE;
          } else {
            err.println(
                "kata: internal error: "
                    + e
                    + (verbose ? "" : " (run again with --verbose for details)"));
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
