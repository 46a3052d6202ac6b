package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs learner files that misbehave through the real isolated runner (a child JVM) and proves each
 * still yields a verdict with its reason, within the limit. A time factor of 0.3 makes the
 * per-check limit 3 s and the hard limit 18 s, so the tests stay quick.
 */
class IsolatedRunnerTest {

  private static final double FACTOR = 0.3;
  private static CatalogEntry fixture;

  @TempDir Path work;

  private final SolutionChecker checker = new SolutionChecker(new IsolatedRunner(FACTOR));

  @BeforeAll
  static void findFixture() {
    fixture = PuzzleCatalog.load(List.of()).require("fixture");
  }

  @Test
  void referenceSolutionPasses() {
    RunResult result = checker.checkSource(fixture, fixture.puzzle().referenceSource(), work);

    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
  }

  /**
   * A check is given to the caller while later checks still run. The solution's third check waits
   * until this test has been given the first one; were the first given only at the end of the run,
   * the third would fail.
   */
  @Test
  void eachCheckIsToldWhileLaterOnesStillRun() throws IOException {
    Path told = work.resolve("told");
    Path file = work.resolve("src/fixture/Solution.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        package fixture;

        import java.nio.file.Files;
        import java.nio.file.Path;

        public class Solution implements dev.kata.core.fixture.Job {
          private static int calls;

          @Override
          public synchronized int answer() throws Exception {
            if (++calls == 1) {
              return 42; // the first check
            }
            long end = System.nanoTime() + 2_000_000_000L;
            while (!Files.exists(Path.of("%s")) && System.nanoTime() < end) {
              Thread.sleep(10);
            }
            if (!Files.exists(Path.of("%s"))) {
              throw new IllegalStateException("the first check was not told while this one ran");
            }
            return 42;
          }
        }
        """
            .formatted(told, told));
    List<CheckResult> given = new java.util.ArrayList<>();

    RunResult result =
        checker.check(
            fixture,
            file,
            work.resolve("build"),
            check -> {
              given.add(check);
              if (check.name().equals("the answer is 42")) {
                try {
                  Files.createFile(told);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });

    assertThat(result.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
    assertThat(given).isNotEmpty();
    assertThat(result.checks().subList(0, given.size()))
        .as("what was told is the result's start, unchanged")
        .isEqualTo(given);
  }

  @Test
  void wrongAnswerFailsWithTheAssertionMessage() {
    RunResult result =
        checker.checkSource(
            fixture, fixture.puzzle().wrongSource(fixture.puzzle().wrongSolutions().get(0)), work);

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message()).contains("expected: <42> but was: <41>");
  }

  @Test
  void infiniteLoopIsStoppedReportedAndLaterChecksSkipped() throws IOException {
    RunResult result = check("loop-forever");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.message()).as("stopped by the check's own limit, not the run's").isEmpty();
    CheckResult stuck = result.checks().get(0);
    assertThat(stuck.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(stuck.message())
        .contains("did not finish within", "your code is stuck")
        .contains("fixture.Solution.answer(Solution.java:");
    assertThat(result.checks().get(1).verdict()).isEqualTo(Verdict.ERROR);
    assertThat(result.checks().get(1).message()).contains("not run", "did not finish");
  }

  @Test
  void deadlockOnTwoReentrantLocksIsReportedAsALockCycle() throws IOException {
    RunResult result = check("deadlock");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    requireEndedBeforeTheHardLimit(result);
    String message = result.checks().get(0).message();
    assertThat(message)
        .contains("your code deadlocked", "lock cycle (deadlock)")
        .contains(
            "thread \"transfer-a-to-b\" holds ReentrantLock@",
            "thread \"transfer-b-to-a\" holds ReentrantLock@")
        .contains("and waits for ReentrantLock@", ", held by thread \"transfer-")
        .contains("at fixture.Solution.transfer(Solution.java:");
  }

  @Test
  void deadlockOfVirtualThreadsIsReportedAsLockCyclesToo() throws IOException {
    RunResult result = check("deadlock-virtual");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    requireEndedBeforeTheHardLimit(result);
    String message = result.checks().get(0).message();
    assertThat(message)
        .contains("your code deadlocked", "lock cycle (deadlock)")
        // ReentrantLocks: owners found through the live threads
        .contains(
            "virtual thread \"reserve\" holds ReentrantLock@",
            "virtual thread \"cancel\" holds ReentrantLock@")
        // monitors: owners found in the JSON thread dump
        .contains(
            "virtual thread \"audit-then-bill\" holds the monitor of Object@",
            "virtual thread \"bill-then-audit\" holds the monitor of Object@")
        .contains(
            "at fixture.Solution.both(Solution.java:", "at fixture.Solution.nested(Solution.java:");
  }

  /**
   * A check's bounded wait through {@code Patience}, for a thread that waits forever, is ended once
   * nothing can move: the check then fails in its own words, long before its limit.
   */
  @Test
  void aChecksPatientWaitIsEndedWhenNothingCanMove() throws IOException {
    RunResult result = check("patient-wait-never-met");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message())
        .as("the check's own verdict, not its time limit")
        .contains("expected: <42> but was: <41>")
        .doesNotContain("did not finish");
  }

  @Test
  void systemExitIsReportedAsSuchAndTheRunReturns() throws IOException {
    RunResult result = check("system-exit");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    requireEndedBeforeTheHardLimit(result);
    assertThat(result.checks().get(0).message())
        .contains("your code called System.exit(0)", "at fixture.Solution.answer(Solution.java:7)");
    assertThat(result.checks()).extracting(CheckResult::name).contains("a later check");
  }

  @Test
  void nonDaemonThreadLeftRunningFailsTheCheckAndTheRunReturns() throws IOException {
    RunResult result = check("leaks-thread");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    requireEndedBeforeTheHardLimit(result);
    assertThat(result.checks().get(0).message())
        .contains(
            "nothing your code starts outlives the call",
            "1 thread is still running",
            "\"forgotten-poller\" WAITING");
  }

  @Test
  void virtualThreadLeftRunningFailsTheCheckToo() throws IOException {
    RunResult result = check("leaks-virtual-thread");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message())
        .contains(
            "nothing your code starts outlives the call",
            "1 thread is still running",
            "virtual thread \"forgotten-listener\" WAITING",
            "at fixture.Solution.lambda$answer$0(Solution.java:");
  }

  @Test
  void exceptionIsReportedWithTheLearnersOwnFrames() throws IOException {
    RunResult result = check("throws");

    CheckResult failed = result.checks().get(0);
    assertThat(failed.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(failed.message())
        .startsWith("your code threw java.lang.NullPointerException")
        .contains("at fixture.Solution.compute(Solution.java:10)")
        .doesNotContain("org.junit");
  }

  @Test
  void compileErrorIsShownAsFileLineAndSourceWithoutRunning() throws IOException {
    RunResult result = check("compile-error");

    assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(result.checks()).isEmpty();
    assertThat(result.message()).contains("Solution.java:6: ';' expected", "    return 42", "^");
  }

  @Test
  void aFailedCheckNamedLikeALaterPassingOneStillFailsTheRun() throws IOException {
    // Before: results were keyed by display name, and the passing "repetition 1 of 1" replaced the
    // failing one.
    RunResult result = check("answers-42-once");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks())
        .filteredOn(c -> c.name().equals("repetition 1 of 1"))
        .extracting(CheckResult::verdict)
        .containsExactly(Verdict.FAIL, Verdict.PASS);
    assertThat(result.checks()).hasSize(4);
  }

  @Test
  void eventsForgedThroughProcSelfFdAreRejectedNotCounted() throws IOException {
    // Before: the forged "finished ... pass" and "done" lines made this solution pass.
    RunResult result = check("forges-events");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.message())
        .contains("kata cannot trust this run", "tampered", "was not written by kata");
    assertThat(result.checks()).noneMatch(c -> c.verdict() == Verdict.PASS);
  }

  @Test
  void reflectionIntoKatasModuleIsRefusedSoTheSignerCannotBeReached() throws Exception {
    // On the class path, as in this test's own JVM (and in every check JVM before kata-core was a
    // named module), the signer opens to anyone who asks.
    Class.forName("dev.kata.core.check.CheckProtocol$Writer")
        .getDeclaredConstructors()[0]
        .setAccessible(true);

    RunResult result = check("reflects-into-kata");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    CheckResult first = result.checks().get(0);
    assertThat(first.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(first.message())
        .as("every member of kata's check-JVM classes refused, directly and through JUnit")
        .contains("opened 0 []", "InaccessibleObjectException: private final javax.crypto.Mac")
        .contains("through JUnit: InaccessibleObjectException")
        .doesNotContain("tampered");
  }

  @Test
  void runawayAllocationIsNamedAsRunningOutOfMemory() throws IOException {
    // The allocation itself may take seconds on a loaded machine: the check's limit here is 10 s,
    // not 3.
    RunResult result = check("runs-out-of-memory", new SolutionChecker(new IsolatedRunner(1.0)));

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message())
        .contains(
            "ran out of memory (heap limit " + IsolatedRunner.HEAP_LIMIT_MB + " MB)",
            "java.lang.OutOfMemoryError")
        .doesNotContain("System.exit", "stuck");
  }

  @Test
  void endlessRecursionIsNamedWithItsFramesCollapsed() throws IOException {
    RunResult result = check("recurses-forever");

    String message = result.checks().get(0).message();
    assertThat(message)
        .contains(
            "recursed without end",
            "Solution.chunk calls itself",
            "more frames of `Solution.chunk`")
        .doesNotContain("blocked");
    assertThat(message.lines().filter(l -> l.contains("at fixture.Solution.chunk"))).hasSize(1);
  }

  @Test
  void runtimeHaltIsAskedAboutWithItsStatus() throws IOException {
    RunResult result = check("halts");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message()).contains("exit status 7", "Runtime.halt()");
  }

  @Test
  void aNativeCrashIsNamedWithItsReportInTheRunFolder() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self")), "Linux signals");
    RunResult result = check("crashes-the-jvm");

    String message = result.checks().get(0).message();
    assertThat(message)
        .contains("the check JVM crashed", "its report is at")
        .doesNotContain("System.exit");
    Path report =
        Path.of(
            message.substring(
                message.indexOf("its report is at ") + 17,
                message.indexOf(IsolatedRunner.CRASH_REPORT)
                    + IsolatedRunner.CRASH_REPORT.length()));
    assertThat(report).isRegularFile().startsWith(work.resolve("build"));
  }

  @Test
  void aSignalFromOutsideIsNamedNotBlamedOnSystemExit() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self")), "Linux signals");
    RunResult result = check("killed-by-sigkill");

    assertThat(result.checks().get(0).message())
        .contains("killed by a signal", "signal 9 SIGKILL")
        .doesNotContain("System.exit");
  }

  @Test
  void anEndlessStaticInitializerCostsACheckLimitAndItsStuckThreadIsShown() throws IOException {
    // Before: it waited the whole hard limit, then said "no thread of your code is alive".
    RunResult result = check("static-init-loops");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    // Said by the stall watchdog at the check's limit; the hard limit's report would say "hit the
    // time limit".
    assertThat(result.message()).as("stopped by the check's limit, not the run's").isEmpty();
    assertThat(result.checks().get(0).message())
        .contains(
            "your code is stuck while the check was being set up",
            "static initializer",
            "fixture.Solution.computeAnswer(Solution.java:")
        .doesNotContain("no thread of your code");
    assertThat(result.checks().get(1).message()).contains("not run");
  }

  @Test
  void theLearnersOwnForkJoinPoolShowsInTheHangReport() throws IOException {
    // Before: threads named "ForkJoinPool-1-" were left out as the JVM's carriers. Every thread
    // waits for another here: a standstill, reported before the limit.
    RunResult result = check("own-fork-join-pool-stuck");

    assertThat(result.checks().get(0).message())
        .contains(
            "your code is stuck: after",
            "every thread was waiting, with no timeout, for another",
            "threads standing still:",
            "\"ForkJoinPool-1-worker-1\"",
            "fixture.Solution.lambda$answer$0(Solution.java:17)");
  }

  @Test
  void inTheSandboxTheSolutionHasNoNetworkNoHomeAndNoEnvironment() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        IsolatedRunner.sandboxUnavailable().isEmpty(),
        () -> "no sandbox here: " + IsolatedRunner.sandboxUnavailable().orElse(""));
    try (java.net.ServerSocket listening =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path secret =
          Path.of(
              System.getProperty("user.home"),
              ".kata-sandbox-test-" + ProcessHandle.current().pid());
      Files.writeString(secret, "the user's own file");
      try {
        Path file = work.resolve("src/fixture/Solution.java");
        Files.createDirectories(file.getParent());
        // 42 only when every attempt to reach outside failed; else a number that says which
        // succeeded.
        Files.writeString(
            file,
            """
            package fixture;
            public class Solution implements dev.kata.core.fixture.Job {
              public int answer() {
                int escaped = 0;
                try (var s = new java.net.Socket("127.0.0.1", %d)) { escaped += 1; } catch (Exception e) { }
                try { java.nio.file.Files.readString(java.nio.file.Path.of("%s")); escaped += 10; } catch (Exception e) { }
                if (!java.util.Set.of("PATH", "LANG", "PWD").containsAll(System.getenv().keySet())) { escaped += 100; }
                return escaped == 0 ? 42 : escaped;
              }
            }
            """
                .formatted(listening.getLocalPort(), secret.toString().replace("\\", "\\\\")));

        RunResult open =
            new SolutionChecker(new IsolatedRunner(FACTOR))
                .check(fixture, file, work.resolve("open"));
        RunResult boxed =
            new SolutionChecker(new IsolatedRunner(FACTOR, true))
                .check(fixture, file, work.resolve("boxed"));

        assertThat(open.checks().get(0).message())
            .as("without the sandbox every attempt succeeds")
            .contains("<111>");
        assertThat(boxed.checks().get(0).verdict())
            .as(boxed.message() + boxed.checks())
            .isEqualTo(Verdict.PASS);
      } finally {
        Files.deleteIfExists(secret);
      }
    }
  }

  @Test
  void aProcessTheSolutionLeftRunningFailsTheCheckAndIsKilled() throws IOException {
    // Before: "sleep 307" outlived the run.
    RunResult result = check("leaves-a-process");

    assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(result.checks().get(0).message())
        .contains(
            "nothing your code starts outlives the call",
            "1 process was still running after the check, and kata killed it",
            "sleep 307.25");
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 307.25")))
        .as("the learner's process after the run")
        .isEmpty();
  }

  @Test
  void aProcessTheCheckOwnsIsEndedWithoutBlamingTheSolution() throws IOException {
    // Before: every process alive after a check was the solution's, even one the check started
    // itself.
    RunResult result = check("owns-a-process");

    assertThat(result.verdict()).as(result.message() + result.checks()).isEqualTo(Verdict.PASS);
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 307.5")))
        .as("the owned process after the run")
        .isEmpty();
  }

  @Test
  void theCheckJvmEndsWhenKataIsKilled() throws Exception {
    // Before: after a SIGKILL of kata, its check JVM spun on for about a minute.
    Path file = work.resolve("src/fixture/Solution.java");
    Files.createDirectories(file.getParent());
    try (InputStream in = getClass().getResourceAsStream("/learner/loop-forever/Solution.java")) {
      Files.copy(in, file);
    }
    Process kata =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(
                    java.io.File.pathSeparator,
                    ClassPath.current().stream().map(Path::toString).toList()),
                RunnerProbe.class.getName(),
                file.toString(),
                work.resolve("build").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      ProcessHandle checkJvm = null;
      long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // waiting for a condition, not a sleep-then-assert
      while (checkJvm == null && System.nanoTime() < giveUp) {
        // kata's only child is its check JVM. Not matched by CheckMain in the command line: the JDK
        // cuts
        // ProcessHandle's command line at 4 KB, and a long class path pushes the main class past
        // it.
        checkJvm =
            kata.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElse(null);
        Thread.sleep(50);
      }
      assertThat(checkJvm).as("the check JVM kata started").isNotNull();

      kata.destroyForcibly(); // SIGKILL: no shutdown hook of kata's runs

      assertThat(checkJvm.onExit()).succeedsWithin(Duration.ofSeconds(20));
    } finally {
      kata.destroyForcibly();
    }
  }

  /**
   * The run ended by what the checks saw, not by the hard limit killing the check JVM. Not by its
   * elapsed time: that includes the compile, and on a loaded machine (the CI's neighbours) a
   * correct run took 21 s against a bound of 18.
   */
  private static void requireEndedBeforeTheHardLimit(RunResult result) {
    assertThat(result.message()).doesNotContain("stopped answering and was killed");
    assertThat(result.checks())
        .extracting(CheckResult::message)
        .noneMatch(m -> m.contains("stopped answering and was killed"));
  }

  private RunResult check(String learnerCase) throws IOException {
    return check(learnerCase, checker);
  }

  private RunResult check(String learnerCase, SolutionChecker checker) throws IOException {
    Path file = work.resolve("src/fixture/Solution.java");
    Files.createDirectories(file.getParent());
    try (InputStream in =
        getClass().getResourceAsStream("/learner/" + learnerCase + "/Solution.java")) {
      Files.copy(in, file);
    }
    return checker.check(fixture, file, work.resolve("build"));
  }

  @Test
  void checkJvmsUseTheLaunchersAotCacheOnlyWhenItExists() throws Exception {
    Path cache = work.resolve("check.aot");
    System.setProperty(IsolatedRunner.AOT_CACHE_PROPERTY, cache.toString());
    try {
      assertThat(IsolatedRunner.aotOptions()).as("no cache file yet").isEmpty();
      Files.writeString(cache, "stands for a cache");
      assertThat(IsolatedRunner.aotOptions()).contains("-XX:AOTCache=" + cache);
      System.setProperty(IsolatedRunner.AOT_OUTPUT_PROPERTY, cache + ".part");
      assertThat(IsolatedRunner.aotOptions())
          .as("training writes, never reads")
          .contains("-XX:AOTCacheOutput=" + cache + ".part")
          .noneMatch(o -> o.startsWith("-XX:AOTCache="));
    } finally {
      System.clearProperty(IsolatedRunner.AOT_CACHE_PROPERTY);
      System.clearProperty(IsolatedRunner.AOT_OUTPUT_PROPERTY);
    }
  }

  @Test
  void aWarmedUpSpareJvmJudgesExactlyLikeAFreshOne() throws IOException {
    // Watch mode's spare JVM runs puzzle-free warm-up checks, with kata's extensions, before its
    // job.
    checker.prewarm(fixture, work.resolve("build"));
    RunResult leak = check("leaks-thread");
    checker.prewarm(fixture, work.resolve("build"));
    Path file = work.resolve("src/fixture/Solution.java");
    Files.writeString(file, fixture.puzzle().referenceSource());
    RunResult reference = checker.check(fixture, file, work.resolve("build"));

    assertThat(leak.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(leak.checks().get(0).message())
        .contains(
            "nothing your code starts outlives the call",
            "1 thread is still running",
            "\"forgotten-poller\" WAITING");
    assertThat(reference.verdict()).as(reference.message()).isEqualTo(Verdict.PASS);
  }
}
