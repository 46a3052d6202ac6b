package dev.kata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Run the kata command in this JVM against one workspace, capturing its output and exit code. */
final class CliRunner {

  /** What one command did. */
  record Outcome(int exitCode, String out, String err) {}

  private final Path workspace;

  CliRunner(Path workspace) {
    this.workspace = workspace;
  }

  /**
   * Run {@code kata args...}, adding {@code --workspace} unless the arguments name one or ask for
   * help.
   */
  Outcome kata(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Kata.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.isEmpty()
        && !all.contains("--workspace")
        && !all.get(0).startsWith("-")
        && !all.contains("--help")) {
      all.addAll(List.of("--workspace", workspace.toString()));
    }
    int code = cli.execute(all.toArray(String[]::new));
    return new Outcome(code, out.toString(), err.toString());
  }
}
