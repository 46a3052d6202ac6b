package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.IsolatedRunner;
import dev.kata.core.Json;
import dev.kata.core.RunResult;
import dev.kata.core.SolutionChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kata verify}: check every puzzle in course order. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check every puzzle in course order; stop at the first failure unless --keep-going.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every puzzle passed",
      "1:a puzzle failed",
      "2:usage or configuration error",
      "3:internal error of kata"
    })
final class VerifyCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--reference",
      description = "Check the reference solutions instead of your files.")
  boolean reference;

  @Option(names = "--keep-going", description = "Check every puzzle even after one fails.")
  boolean keepGoing;

  @Option(names = "--json", description = "Print a JSON array of results.json objects.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<CatalogEntry> entries = global.catalog().ordered();
    SolutionChecker checker =
        new SolutionChecker(new IsolatedRunner(), global.workspace().compileCache());
    List<Map<String, Object>> results = new ArrayList<>();
    boolean allPassed = true;
    if (!reference) {
      WorkspaceSetup.ensure(global);
    }
    for (CatalogEntry entry : entries) {
      ResultPrinter.Live live =
          json
              ? null
              : ResultPrinter.live(
                  global.out(),
                  entry,
                  reference
                      ? CheckedSubject.REFERENCE
                      : CheckedSubject.learnersLabel(global.workspace(), entry));
      CheckedSubject checked =
          reference
              ? CheckedSubject.reference(checker, entry, live)
              : CheckedSubject.learnersFile(checker, global.workspace(), entry, live);
      RunResult result = checked.result();
      results.add(result.toJson());
      if (live != null) {
        live.finish(result);
        global.out().println();
      }
      if (!result.passed()) {
        allPassed = false;
        if (!keepGoing) {
          break;
        }
      }
    }
    if (json) {
      global.out().println(Json.writePretty(results));
    } else {
      long passed = results.stream().filter(r -> "pass".equals(r.get("status"))).count();
      global
          .out()
          .println(
              Style.bold(passed + " of " + entries.size() + " puzzles passed")
                  + (allPassed || keepGoing
                      ? ""
                      : Style.faint(
                          " (stopped at the first failure; --keep-going checks the rest)")));
    }
    global.out().flush();
    return allPassed ? 0 : Kata.FAILED;
  }
}
