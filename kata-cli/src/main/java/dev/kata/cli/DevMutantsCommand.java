package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Json;
import dev.kata.core.KataException;
import dev.kata.core.MutationKit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kata dev mutants --puzzle ID}: write concurrency bugs into a puzzle's reference and show
 * which ones its checks kill.
 */
@Command(
    name = "mutants",
    mixinStandardHelpOptions = true,
    description = {
      "Write concurrency bugs (ConMAn operators and the course's own) into a puzzle's reference,"
          + " one per mutant, run the checks on each, and list each mutant's fate: killed, survived"
          + " (a wrong solution the checks accept), equivalent (declared in the puzzle's"
          + " equivalent-mutants.txt) or uncompilable."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every non-equivalent mutant was killed",
      "1:a mutant survived, or a declaration is stale",
      "2:bad input"
    })
final class DevMutantsCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--puzzle",
      completionCandidates = PuzzleCandidates.class,
      required = true,
      paramLabel = "ID",
      description = "The puzzle: id, number or slug.")
  String puzzle;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "all",
      description = "Run at most N mutants, a deterministic sample (default: all).")
  String limit;

  @Option(names = "--json", description = "Print the mutants and a summary as JSON.")
  boolean json;

  @Override
  public Integer call() throws java.io.IOException {
    CatalogEntry entry = global.catalog().require(puzzle);
    MutationKit kit = kit();
    int max = parseLimit("--limit", limit);
    PrintWriter out = global.out();
    if (!json) {
      out.println(
          Style.bold(
              "Mutants of puzzle " + entry.id() + " " + entry.info().slug() + "'s reference"));
      out.flush();
    }
    MutationKit.Analysis analysis =
        TempDirs.with(
            dir ->
                kit.analyse(
                    entry,
                    dir,
                    max,
                    fate -> {
                      if (!json) {
                        out.println(
                            "  "
                                + mark(fate.fate())
                                + " "
                                + fate.operator()
                                + " line "
                                + fate.line()
                                + ": "
                                + fate.diff()
                                + (fate.fate().equals("killed") || fate.fate().equals("survived")
                                    ? ""
                                    : Style.faint("  (" + fate.detail() + ")")));
                        out.flush();
                      }
                    }));
    if (json) {
      out.println(Json.writePretty(toJson(entry, analysis)));
    } else {
      out.println(summary(entry.id(), analysis));
      for (String stale : analysis.stale()) {
        out.println(Style.fail() + " stale declaration, it matches no mutant: " + stale);
      }
    }
    out.flush();
    return analysis.count("survived") == 0 && analysis.stale().isEmpty() ? 0 : Kata.FAILED;
  }

  static MutationKit kit() {
    return MutationKit.find()
        .orElseThrow(
            () ->
                new KataException(
                    "the authoring kit (kata-testkit) is not on kata's class path; 'kata dev' needs"
                        + " a full kata build"));
  }

  static int parseLimit(String option, String limit) {
    if (limit.equals("all")) {
      return Integer.MAX_VALUE;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new KataException(option + " must be a positive number or 'all', not '" + limit + "'");
  }

  static String mark(String fate) {
    return switch (fate) {
      case "killed" -> Style.pass();
      case "survived" -> Style.fail();
      default -> Style.faint("-");
    };
  }

  static String summary(String id, MutationKit.Analysis a) {
    long killed = a.count("killed");
    long survived = a.count("survived");
    return String.format(
        Locale.ROOT,
        "puzzle %s: %d mutants%s: %d killed, %d survived, %d equivalent, %d uncompilable;"
            + " mutation score %s",
        id,
        a.mutants().size(),
        a.generated() == a.mutants().size() ? "" : " (a sample of " + a.generated() + ")",
        killed,
        survived,
        a.count("equivalent"),
        a.count("uncompilable"),
        killed + survived == 0 ? "n/a" : Math.round(100.0 * killed / (killed + survived)) + "%");
  }

  static Map<String, Object> toJson(CatalogEntry entry, MutationKit.Analysis a) {
    List<Object> mutants = new ArrayList<>();
    for (MutationKit.MutantFate m : a.mutants()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("operator", m.operator());
      item.put("line", m.line());
      item.put("diff", m.diff());
      item.put("fate", m.fate());
      item.put("detail", m.detail());
      mutants.add(item);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("generated", a.generated());
    summary.put("analysed", a.mutants().size());
    for (String fate : List.of("killed", "survived", "equivalent", "uncompilable")) {
      summary.put(fate, a.count(fate));
    }
    long decided = a.count("killed") + a.count("survived");
    summary.put("score", decided == 0 ? 1.0 : (double) a.count("killed") / decided);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("puzzle", entry.id());
    json.put("mutants", mutants);
    json.put("summary", summary);
    json.put("stale", a.stale());
    return json;
  }
}
