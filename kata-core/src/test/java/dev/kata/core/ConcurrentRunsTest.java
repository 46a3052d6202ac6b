package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several kata commands on one workspace at the same moment (an IDE's on-save hook and a terminal,
 * or two terminals): each verdict is its own run's, and no recorded outcome is lost. Each thread
 * has its own checker and opens the workspace itself, as separate kata processes do.
 */
class ConcurrentRunsTest {

  private static final int RUNS_AT_ONCE = 4;
  private static final int ROUNDS = 3;
  private static CatalogEntry fixture;

  @TempDir Path root;

  @BeforeAll
  static void findFixture() {
    fixture = PuzzleCatalog.load(List.of()).require("fixture");
  }

  @Test
  void checksOfOnePuzzleInOneWorkspaceAtOnceEachGetTheirOwnVerdict() throws Exception {
    // Before: the runs shared .kata/build/<id>/run and classes/: 7 of 24 verdicts were another
    // run's
    // or "exited with status 0", "failed to start".
    Workspace workspace = Workspace.at(root);
    Path buildDir = workspace.buildDir(fixture);
    List<String> wrong = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(RUNS_AT_ONCE)) {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier together = new CyclicBarrier(RUNS_AT_ONCE);
        List<Future<String>> verdicts = new ArrayList<>();
        for (int run = 0; run < RUNS_AT_ONCE; run++) {
          boolean right = run % 2 == 0;
          Path file =
              root.resolve("files-" + round + "-" + run).resolve(fixture.puzzle().solutionFile());
          Files.createDirectories(file.getParent());
          Files.writeString(
              file,
              right
                  ? fixture.puzzle().referenceSource()
                  : fixture.puzzle().wrongSource(fixture.puzzle().wrongSolutions().get(0)));
          verdicts.add(
              pool.submit(
                  () -> {
                    together.await();
                    RunResult result =
                        new SolutionChecker(new IsolatedRunner(1.0)).check(fixture, file, buildDir);
                    Verdict expected = right ? Verdict.PASS : Verdict.FAIL;
                    return result.verdict() == expected
                        ? ""
                        : (right ? "reference" : "wrong")
                            + " got "
                            + result.verdict()
                            + ": "
                            + result.message()
                            + result.checks();
                  }));
        }
        for (Future<String> verdict : verdicts) {
          String problem = verdict.get();
          if (!problem.isEmpty()) {
            wrong.add(problem);
          }
        }
      }
    }
    assertThat(wrong)
        .as("false verdicts among " + RUNS_AT_ONCE * ROUNDS + " concurrent runs")
        .isEmpty();
    try (var left = Files.list(buildDir)) {
      assertThat(left.toList()).as("run folders left behind").isEmpty();
    }
  }

  @Test
  void outcomesRecordedAtOnceByDifferentRunsAreAllKept() throws Exception {
    // Before: each run wrote the whole file from what it had read at its start: a pass recorded by
    // one run was lost when the other saved, 8 of 8 times.
    int puzzles = 8;
    for (int round = 0; round < ROUNDS * 3; round++) {
      Path workspaceDir = root.resolve("round-" + round);
      CyclicBarrier together = new CyclicBarrier(puzzles);
      try (ExecutorService pool = Executors.newFixedThreadPool(puzzles)) {
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < puzzles; p++) {
          String id = "p" + p;
          // loaded before the others saved
          Progress progress = Workspace.at(workspaceDir).progress();
          done.add(
              pool.submit(
                  () -> {
                    together.await();
                    progress.record(id, true);
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      }
      Progress saved = Workspace.at(workspaceDir).progress();
      for (int p = 0; p < puzzles; p++) {
        assertThat(saved.passed("p" + p))
            .as("round " + round + ": the pass of p" + p + " kept")
            .isTrue();
      }
    }
  }
}
