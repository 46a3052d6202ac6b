package dev.kata.cli;

import dev.kata.core.CatalogProblem;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command accepts: where the workspace is, extra plugin jars, and verbosity. */
final class GlobalOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      defaultValue = "${env:KATA_WORKSPACE:-workspace}",
      description = "The learner's folder (default: $KATA_WORKSPACE, else ./workspace).")
  Path workspaceDir;

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description =
          "A third-party puzzle jar; repeat for more. Jars in the workspace's plugins/ folder are"
              + " always loaded.")
  List<Path> plugins = new ArrayList<>();

  @Option(names = "--verbose", description = "Show stack traces of kata's own errors.")
  boolean verbose;

  private Workspace workspace;
  private PuzzleCatalog catalog;

  Workspace workspace() {
    if (workspace == null) {
      workspace = Workspace.at(workspaceDir);
    }
    return workspace;
  }

  /** Load the catalog once, printing each problem found as a warning line. */
  PuzzleCatalog catalog() {
    if (catalog == null) {
      List<Path> jars = new ArrayList<>(plugins);
      jars.addAll(workspace().pluginJars());
      catalog = PuzzleCatalog.load(jars);
      PrintWriter err = spec.commandLine().getErr();
      for (CatalogProblem problem : catalog.problems()) {
        err.println(Style.warning("kata: " + problem.message()));
      }
      err.flush();
    }
    return catalog;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
