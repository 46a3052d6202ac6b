package dev.kata.cli;

import dev.kata.core.Workspace;
import dev.kata.core.WorkspaceBuildFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Create the learner's missing files from the starters and say so, and surface a rebuilt progress
 * file.
 */
final class WorkspaceSetup {

  private WorkspaceSetup() {}

  static void ensure(GlobalOptions global) {
    Workspace workspace = global.workspace();
    List<Path> created = workspace.createMissingStarters(global.catalog().ordered());
    if (!created.isEmpty()) {
      global
          .err()
          .println(
              Style.faint(
                  "kata: created "
                      + created.size()
                      + " puzzle file"
                      + (created.size() == 1 ? "" : "s")
                      + " in "
                      + workspace.root()));
    }
    WorkspaceBuildFile.update(workspace, global.catalog().ordered());
    workspace
        .progress()
        .warning()
        .ifPresent(w -> global.err().println(Style.warning("kata: " + w)));
    global.err().flush();
  }
}
