package dev.kata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.cli.CliRunner.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as an author and a learner would work: build the example puzzle project under {@code
 * examples/} with Maven against the kata artifacts only, then list it, run its reference and
 * starter, show its hints, and compile a fresh workspace with its generated build file; and
 * scaffold a project with {@code kata new} that builds and passes its own contract test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdPartyPuzzleIT {

  @TempDir static Path work;

  private static MavenHarness maven;

  /**
   * What PuzzleContract runs for a puzzle with three wrong solutions: catalog, metadata, hints,
   * starter, reference, the three wrong ones, the reference and one wrong solution in a check JVM,
   * and the mutation gate.
   */
  private static final int CONTRACT_TESTS = 11;

  private static Path exampleJar;
  private static Path scaffoldedJar;

  @BeforeAll
  static void stageKataArtifacts() throws Exception {
    maven = MavenHarness.stage(work);
  }

  @Test
  @Order(1)
  void theExampleProjectBuildsOnItsOwnAndPassesTheContract() throws Exception {
    Path project =
        MavenHarness.copyProject(
            maven.root().resolve("examples/connection-pool"), work.resolve("connection-pool"));

    MavenHarness.Result build = maven.run(project, "package");

    assertThat(build.exitCode())
        .as("mvn package of the example:\n%s", tail(build.output()))
        .isZero();
    assertContractRan(build.output(), CONTRACT_TESTS);
    exampleJar = project.resolve("target/connection-pool-puzzle-1.0.0.jar");
    assertThat(exampleJar).isRegularFile();
  }

  @Test
  @Order(2)
  void theExampleJarIsValidListedRunnableAndHinted() throws Exception {
    CliRunner cli = new CliRunner(work.resolve("learner"));
    String jar = exampleJar.toString();

    Outcome check = cli.kata("check-plugin", jar);
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).contains("acme.pool connection-pool", "is valid: 1 puzzle");

    Outcome list = cli.kata("list", "--plugin", jar);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .containsPattern(
            "acme\\.pool\\s+A blocking connection"
                + " pool.*06.*connection-pool-puzzle-1\\.0\\.0\\.jar");

    Outcome reference = cli.kata("run", "--puzzle", "acme.pool", "--reference", "--plugin", jar);
    assertThat(reference.exitCode()).as(reference.out() + reference.err()).isZero();
    assertThat(reference.out()).contains("passed: all 2 checks");

    Outcome starter = cli.kata("run", "--puzzle", "acme.pool", "--plugin", jar);
    assertThat(starter.exitCode()).as(starter.out() + starter.err()).isEqualTo(1);
    assertThat(starter.out()).contains("TODO: borrow a connection");

    Outcome hint = cli.kata("hint", "--puzzle", "acme.pool", "--level", "2", "--plugin", jar);
    assertThat(hint.exitCode()).as(hint.err()).isZero();
    assertThat(hint.out()).contains("Semaphore");
  }

  @Test
  @Order(4)
  void aFreshWorkspaceCompilesWithItsGeneratedBuildFile() throws Exception {
    Path workspace = work.resolve("ide-workspace");
    Files.createDirectories(workspace.resolve("plugins"));
    Files.copy(exampleJar, workspace.resolve("plugins/connection-pool.jar"));
    Outcome list = new CliRunner(workspace).kata("list");
    assertThat(list.out()).contains("acme.pool");
    // A puzzle from a jar outside plugins/ gets its file, but the IDE build leaves it out: it could
    // not compile.
    assertThat(new CliRunner(workspace).kata("list", "--plugin", scaffoldedJar.toString()).out())
        .contains("acme.rate-limiter");
    assertThat(workspace.resolve("acme_rate_limiter/ConcurrentFanOut.java")).isRegularFile();
    assertThat(workspace.resolve("pom.xml"))
        .content()
        .contains("kata-puzzles", "plugins/connection-pool.jar");

    MavenHarness.Result build = maven.run(workspace, "compile");

    assertThat(build.exitCode())
        .as("mvn compile of the workspace:\n%s", tail(build.output()))
        .isZero();
    assertThat(workspace.resolve("target/classes/p01_cooperative_yielding/ChunkedWorker.class"))
        .isRegularFile();
    assertThat(workspace.resolve("target/classes/p10_cpu_offload/CoreOffload.class"))
        .isRegularFile();
    assertThat(workspace.resolve("target/classes/acme_pool/BlockingPool.class")).isRegularFile();
    assertThat(workspace.resolve("target/classes/acme_rate_limiter")).doesNotExist();
  }

  @Test
  @Order(3)
  void kataNewScaffoldsAProjectThatBuildsAndPassesItsOwnContract() throws Exception {
    Path project = work.resolve("authors/rate-limiter");
    CliRunner cli = new CliRunner(work.resolve("author-workspace"));

    Outcome created =
        cli.kata("new", project.toString(), "--id", "acme.rate-limiter", "--prerequisite", "06");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(project.resolve("mvnw")).isExecutable();

    MavenHarness.Result build = maven.run(project, "package");

    assertThat(build.exitCode())
        .as("mvn package of the generated project:\n%s", tail(build.output()))
        .isZero();
    assertContractRan(build.output(), CONTRACT_TESTS);
    scaffoldedJar = project.resolve("target/rate-limiter-puzzle-1.0.0-SNAPSHOT.jar");
    Outcome check = cli.kata("check-plugin", scaffoldedJar.toString());
    assertThat(check.exitCode()).as(check.err()).isZero();
    Outcome again = cli.kata("new", project.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already exists and is not an empty folder");
  }

  private static void assertContractRan(String output, int tests) {
    Matcher summary =
        Pattern.compile(
                "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$",
                Pattern.MULTILINE)
            .matcher(output);
    String last = null;
    while (summary.find()) {
      last = summary.group();
    }
    assertThat(last)
        .as("surefire's summary in:\n%s", tail(output))
        .isEqualTo("Tests run: " + tests + ", Failures: 0, Errors: 0, Skipped: 0");
  }

  private static String tail(String output) {
    return output
        .lines()
        .skip(Math.max(0, output.lines().count() - 60))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
