package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @TempDir Path root;

  private List<CatalogEntry> entries;
  private CatalogEntry fixture;

  @BeforeEach
  void loadCatalog() {
    entries = PuzzleCatalog.load(List.of()).ordered();
    fixture = entries.get(0);
  }

  @Test
  void firstUseCreatesTheStarters() throws Exception {
    Workspace workspace = Workspace.at(root.resolve("new"));

    List<Path> created = workspace.createMissingStarters(entries);

    assertThat(created).containsExactly(root.resolve("new/fixture/Solution.java"));
    assertThat(Files.readString(created.get(0))).isEqualTo(fixture.puzzle().starterSource());
  }

  @Test
  void neverOverwritesALearnersFile() throws Exception {
    Workspace workspace = Workspace.at(root);
    Path file = workspace.fileOf(fixture);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "my edits");

    assertThat(workspace.createMissingStarters(entries)).isEmpty();
    assertThat(Files.readString(file)).isEqualTo("my edits");
  }

  @Test
  void resetBacksUpTheLearnersFileBeforeRestoringTheStarter() throws Exception {
    Workspace workspace = Workspace.at(root);
    Path file = workspace.fileOf(fixture);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "my edits");

    Path backup = workspace.reset(fixture).orElseThrow();

    assertThat(Files.readString(backup)).isEqualTo("my edits");
    assertThat(backup).startsWith(root.resolve(".kata/backup"));
    assertThat(Files.readString(file)).isEqualTo(fixture.puzzle().starterSource());
  }

  @Test
  void resetOfTheUntouchedStarterMakesNoBackup() throws Exception {
    Workspace workspace = Workspace.at(root);
    workspace.createMissingStarters(entries);

    assertThat(workspace.reset(fixture)).isEmpty();
    assertThat(root.resolve(".kata/backup")).doesNotExist();
    assertThat(Files.readString(workspace.fileOf(fixture)))
        .isEqualTo(fixture.puzzle().starterSource());
  }

  @Test
  void eachRunOfTheLearnersFileCountsAsAnAttemptWithItsFailedChecks() {
    Progress progress = Workspace.at(root).progress();
    assertThat(progress.history("fixture")).isEmpty();

    progress.recordRun("fixture", run(Verdict.FAIL, "a", "b"));
    progress.recordRun("fixture", run(Verdict.PASS));
    progress.recordRun("fixture", run(Verdict.FAIL, "b"));

    Progress.History history = Workspace.at(root).progress().history("fixture").orElseThrow();
    assertThat(history.attempts()).isEqualTo(3);
    assertThat(history.last().verdict()).isEqualTo(Verdict.FAIL);
    assertThat(history.last().failed()).containsExactly("b");
    assertThat(history.firstPassed()).isPresent();
    assertThat(Workspace.at(root).progress().passed("fixture")).isFalse();
    assertThat(Workspace.at(root).progress().everPassed("fixture")).isTrue();
  }

  @Test
  void attemptsOfConcurrentRunsAreNeverLost() throws Exception {
    int runs = 8;
    CyclicBarrier start = new CyclicBarrier(runs);
    List<Future<Void>> recorded = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(runs)) {
      for (int i = 0; i < runs; i++) {
        recorded.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each run its own Progress, as separate kata processes would have.
                  Workspace.at(root).progress().recordRun("fixture", run(Verdict.FAIL, "x"));
                  return null;
                }));
      }
    }
    for (Future<Void> run : recorded) {
      run.get(); // a run that threw fails the test with its own exception, not as a lost attempt
    }
    assertThat(Workspace.at(root).progress().history("fixture").orElseThrow().attempts())
        .isEqualTo(runs);
  }

  private static RunResult run(Verdict verdict, String... failed) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(new CheckResult("ok", Verdict.PASS, "", ""));
    for (String name : failed) {
      checks.add(new CheckResult(name, verdict, "broke", ""));
    }
    return new RunResult("fixture", verdict, "", checks, java.time.Duration.ZERO);
  }

  @Test
  void aFileWhereTheWorkspaceShouldBeIsAClearError() throws Exception {
    Path file = Files.writeString(root.resolve("plain-file"), "x");

    assertThatThrownBy(() -> Workspace.at(file))
        .isInstanceOf(KataException.class)
        .hasMessageContaining("is not a folder");
  }

  @Test
  void progressSurvivesARestart() {
    Workspace.at(root).progress().record("fixture", true);

    assertThat(Workspace.at(root).progress().passed("fixture")).isTrue();
    Workspace.at(root).progress().record("fixture", false);
    assertThat(Workspace.at(root).progress().passed("fixture")).isFalse();
  }

  @Test
  void corruptProgressIsReportedKeptAsideAndRebuilt() throws Exception {
    Path progressFile = root.resolve(".kata/progress.properties");
    Files.createDirectories(progressFile.getParent());
    Files.writeString(progressFile, "fixture = passed not-a-time\n\\u12");

    Progress progress = Workspace.at(root).progress();

    assertThat(progress.warning())
        .get()
        .asString()
        .startsWith("progress file ")
        .contains("was unreadable", "kept it as");
    assertThat(progress.passed("fixture")).isFalse();
    assertThat(root.resolve(".kata/progress.properties.corrupt")).exists();
    progress.record("fixture", true);
    assertThat(Workspace.at(root).progress().warning()).isEmpty();
    assertThat(Workspace.at(root).progress().passed("fixture")).isTrue();
  }
}
