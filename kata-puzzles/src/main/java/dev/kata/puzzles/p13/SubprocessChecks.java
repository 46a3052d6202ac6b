package dev.kata.puzzles.p13;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.OwnedProcesses;
import dev.kata.api.check.ProcessState;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 13. Every child is a real process: {@code java} from this JVM's home running
 * {@link ScriptedChild}, which writes what the check asks and reports each step on a loopback
 * connection ({@link ChildReports}). So a pipe deadlock is seen as what it is, a child blocked in a
 * write for seconds while {@code run} waits (named: which pipe, at which byte), instead of a time
 * limit running out; and the check knows every process's id, the grandchild's included, to see
 * whether it is still alive at the moment {@code run} returns.
 *
 * <h2>Contract audit: each sentence of {@link ChildRunner#run} and of the starter's GOAL, and the
 * checks that fail when it is broken</h2>
 *
 * <table>
 *   <caption>sentence → check</caption>
 *   <tr><td>1. start the command as a child process</td><td>every check (the child says hello)</td></tr>
 *   <tr><td>1. its standard input is empty: reading it sees the end</td>
 *       <td>{@link #exitCodeAndTextAreExact} (the first child reads stdin to its end; one left open
 *       is seen blocked in that read)</td></tr>
 *   <tr><td>2. read stdout and stderr at the same time, megabytes, in any order</td>
 *       <td>{@link #stderrFirstThenStdout}: 1 MiB to stderr, 1 MiB to stdout, then both interleaved
 *       (reading stdout first stalls the stderr write; reading stderr first stalls the stdout write,
 *       stderr ending only with the child; waiting for the exit first stalls either); the stalled
 *       write is named, with the stream and the byte</td></tr>
 *   <tr><td>3. return when the child ended and both streams are read: exit code, each stream on its
 *       own, exact, UTF-8</td>
 *       <td>{@link #exitCodeAndTextAreExact} (fixed and generated texts: 1- to 4-byte characters,
 *       \r\n, no final newline; exit codes 0-255), {@link #stderrFirstThenStdout} (megabyte patterns
 *       of 1- to 4-byte characters, different per stream: a character split between two reads
 *       shows; merged streams show)</td></tr>
 *   <tr><td>4. after timeout: kill the child and its descendants, forcibly; TimeoutException; not
 *       before timeout</td>
 *       <td>{@link #timeoutKillsTheChildAndItsChild}: the child ignores SIGTERM and starts a child of
 *       its own; both must be gone (the grandchild when it was started before the timeout could
 *       fire); run() must throw TimeoutException, no sooner than timeout, within timeout + a scaled
 *       margin. {@link #interruptKillsTheChildAndItsChild} kills the same tree once both run and
 *       ignore SIGTERM, so a polite or child-only kill is caught on every run</td></tr>
 *   <tr><td>5. interrupted while waiting: kill the same way, throw InterruptedException</td>
 *       <td>{@link #interruptKillsTheChildAndItsChild} (the interrupt lands once the child and its
 *       child run; ignored, swallowed, or leaving a process: each named; a run() whose thread
 *       waits untimed for a second while the child runs untouched is told it ignored the interrupt
 *       without waiting out the margin)</td></tr>
 *   <tr><td>6. nothing started outlives the call: the child and its descendants killed or ended when
 *       run returns or throws</td>
 *       <td>{@link #timeoutKillsTheChildAndItsChild}, {@link #interruptKillsTheChildAndItsChild}
 *       (processes seen from the moment of return, with a short scaled grace for a SIGKILL to land;
 *       a zombie, or a process SIGKILL was sent to, is gone: {@link ProcessState}; a child killed
 *       before it reported is found by its command line); kata's process guard after every
 *       check</td></tr>
 *   <tr><td>6. the threads it started end</td><td>kata's thread guard after every check</td></tr>
 *   <tr><td>6. kill only what this call started</td>
 *       <td>{@link #timeoutKillsTheChildAndItsChild}: a process of the check's own (owned through
 *       {@link OwnedProcesses}, so kata's guard does not blame the solution for it) is started with
 *       the call and must survive the kill: once run() has thrown, it must answer the check (a
 *       process SIGKILL was sent to never does, reaped or not)</td></tr>
 *   <tr><td>7. several threads at once, each call its own child</td>
 *       <td>{@link #twoCallsAtOnce}: two children both wait for the check's go while both calls are
 *       in flight; each result must be its own child's; a call blocked on a monitor or a lock while
 *       the other call's child waits is named at once</td></tr>
 *   <tr><td>GOAL: nothing left behind</td><td>kata's process and thread guards</td></tr>
 * </table>
 *
 * <p>Adversarial dimensions: pipe capacity (1 MiB, far past any pipe), both orders of the streams
 * and interleaved; characters split across reads; a child that ignores SIGTERM; a grandchild, which
 * leaves the child's process tree the moment the child dies; an interrupt while blocked; a process
 * that is not the call's; two calls at once. Waits that must not end are children that never end:
 * no timeout of any length lets a wrong solution through. Not covered: an interrupt while reading
 * the streams of a child that has already ended (only a grandchild holding the pipes makes that
 * wait long), and failures of starting (the command always exists).
 */
// Every check starts child JVMs (ten in all), each costing seconds of CPU on a loaded machine.
@PuzzleChecks(timeLimitSeconds = 90, runLimitSeconds = 240)
public class SubprocessChecks {

  private static final int MEBIBYTE = 1_048_570; // whole 10-byte units of the patterns: about 1 MiB
  private static final int INTERLEAVED = 131_070;
  private static final Duration FOREVER = Duration.ofDays(1);
  private static final long MARGIN_MILLIS = 5_000;

  /**
   * How long a run() whose thread waits, untimed, with its child untouched after the interrupt is
   * watched before the interrupt counts as ignored, before scaling. A run() that honours it signals
   * the child within milliseconds.
   */
  private static final long IGNORED_MILLIS = 1_000;

  private static final long TIMEOUT_MILLIS = 1_500;
  private static final long GRACE_MILLIS = 2_000;
  private static final String[] ALPHABET = {
    "a", "Z", " ", "\n", "\r\n", "\t", "é", "ß", "€", "→", "中", "😀", "🚀", "0", "\\"
  };

  @Test
  @Order(1)
  @DisplayName(
      "exit codes and the text of each stream are exact (UTF-8, \\r"
          + "\\n"
          + ", no final newline); stdin is empty")
  void exitCodeAndTextAreExact(ChildRunner solution) {
    exact(
        solution, "reads-stdin", List.of("stdin"), 3, "hello\n", "Fehler: ü→€ 😀\r\nzweite Zeile");
    // Each example is a JVM to start: one per run, a new one each run (the seed is printed on
    // failure).
    PropertyChecks.forAll(
        1,
        lists().of(integers().between(0, ALPHABET.length - 1)).ofSizeBetween(0, 30),
        lists().of(integers().between(0, ALPHABET.length - 1)).ofSizeBetween(0, 30),
        integers().between(0, 255),
        (out, err, code) -> exact(solution, "generated", List.of(), code, text(out), text(err)));
  }

  @Test
  @Order(2)
  @DisplayName(
      "1 MiB to stderr, then 1 MiB to stdout, then both interleaved: all read, apart, without a"
          + " pipe deadlock")
  void stderrFirstThenStdout(ChildRunner solution) {
    // Reading stdout first stalls the child's first stderr write past the pipe's size; reading
    // stderr first stalls its first stdout write, as stderr ends only when the child does.
    try (ChildReports reports = new ChildReports()) {
      String invariant = "stdout and stderr are read at the same time, each in full and apart";
      Call call =
          Call.start(
              solution,
              reports.command(
                  "chatty", "err:" + MEBIBYTE, "out:" + MEBIBYTE, "both:" + INTERLEAVED, "exit:7"),
              FOREVER,
              "run-caller");
      call.awaitEnd(reports, "chatty", invariant);
      requireResult(
          call,
          invariant,
          new ChildRunner.Result(
              7,
              new String(
                  ScriptedChild.pattern(ScriptedChild.OUT_PATTERN, MEBIBYTE + INTERLEAVED),
                  StandardCharsets.UTF_8),
              new String(
                  ScriptedChild.pattern(ScriptedChild.ERR_PATTERN, MEBIBYTE + INTERLEAVED),
                  StandardCharsets.UTF_8)));
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "a child that never ends (and ignores SIGTERM) is killed after the timeout with its own"
          + " child; TimeoutException, not early, not late; another process of the JVM is left"
          + " alone")
  void timeoutKillsTheChildAndItsChild(ChildRunner solution) throws IOException {
    try (ChildReports reports = new ChildReports()) {
      // Not waited for: it is a process of this JVM from its start, which is all a wrong kill
      // needs. It answers the check's questions, so the check can ask it whether it still runs.
      Process bystander =
          OwnedProcesses.start(
              new ProcessBuilder(reports.command("bystander", "answer"))
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD));
      try {
        long timeout = TimeScale.millis(TIMEOUT_MILLIS);
        Call call =
            Call.start(
                solution,
                reports.command("slow", "ignore-term", "grandchild", "hang"),
                Duration.ofMillis(timeout),
                "run-with-timeout");
        String invariant =
            "a child still running after the timeout is killed, with its descendants,"
                + " and run() throws TimeoutException";
        if (!call.join(timeout + TimeScale.millis(MARGIN_MILLIS))) {
          Optional<ChildReports.Child> child = reports.child("slow");
          String why =
              child.isPresent() && child.get().said("term ignored")
                  ? "run() asked the child to stop politely (destroy(), SIGTERM), which this child"
                      + " ignores, and waits for it: use destroyForcibly()"
                  : "the child is still running and run() still waits: a wait without a limit?";
          throw Invariant.violated(
              invariant,
              "run() returns within the timeout ("
                  + timeout
                  + " ms) and a margin ("
                  + TimeScale.millis(MARGIN_MILLIS)
                  + " ms)",
              why,
              call.where());
        }
        if (!(call.failure() instanceof TimeoutException)) {
          throw Invariant.violated(
              invariant,
              "TimeoutException after " + timeout + " ms",
              call.outcome()
                  + " after "
                  + call.elapsedMillis()
                  + " ms, for a child that never ends");
        }
        if (call.elapsedMillis() < timeout) {
          throw Invariant.violated(
              "run() gives the child the whole timeout",
              "TimeoutException no sooner than " + timeout + " ms after the call",
              "thrown after " + call.elapsedMillis() + " ms");
        }
        ChildReports.Child child = reports.child("slow").orElse(null);
        // Its own child counts only if it was started before the timeout could fire (the call's
        // timer
        // starts after the check's): one started while run() kills the tree may escape any
        // solution.
        boolean grandchildInTime =
            child != null
                && child.grandchildAt() != 0
                && child.grandchildAt() - call.startedAt < TimeUnit.MILLISECONDS.toNanos(timeout);
        if (child == null) {
          // Killed before it could say hello, or left running while still starting: find it by its
          // command line among this JVM's processes, and give a kill the same grace.
          Optional<ProcessHandle> unreported =
              ProcessHandle.current()
                  .descendants()
                  .filter(p -> p.info().commandLine().orElse("").contains(" slow ignore-term "))
                  .findFirst();
          if (unreported.isPresent() && !endedWithinGrace(List.of(unreported.get()))) {
            throw Invariant.violated(
                invariant,
                "the child is gone once run() has thrown",
                "the child (pid "
                    + unreported.get().pid()
                    + ") still runs after the timeout: run() left it running");
          }
        }
        requireGone(child, grandchildInTime, invariant, "the timeout");
        if (!stillRuns(reports, "bystander", bystander)) {
          throw Invariant.violated(
              "run() kills only what the call started",
              "another process of this JVM (one the check started: pid "
                  + bystander.pid()
                  + ") still runs",
              "run() killed it: kill the child's own tree (process.descendants()), not every"
                  + " process of the JVM (ProcessHandle.current().descendants())");
        }
      } finally {
        bystander.destroyForcibly();
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "the caller interrupted while waiting: the child and its own child are killed,"
          + " InterruptedException thrown")
  void interruptKillsTheChildAndItsChild(ChildRunner solution) {
    try (ChildReports reports = new ChildReports()) {
      String invariant =
          "interrupted while waiting, run() kills the child and its descendants and throws"
              + " InterruptedException";
      Call call =
          Call.start(
              solution,
              reports.command("waiting", "ignore-term", "grandchild", "hang"),
              FOREVER,
              "interrupted-caller");
      long limit =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(Call.START_MILLIS));
      // Both the child and its own child run, and ignore SIGTERM already: only then is a polite
      // kill
      // told from a forcible one on every run.
      while (!ready(reports, "waiting") || !ready(reports, "waiting.grandchild")) {
        if (call.join(10)) {
          throw Invariant.violated(
              invariant,
              "run() waits while the child runs",
              call.outcome() + " before the child had even started its work");
        }
        if (System.nanoTime() > limit) {
          throw Invariant.violated(
              invariant, "the child starts", "it never said it was running", call.where());
        }
      }
      call.thread.interrupt();
      if (!awaitEndOrIgnoredInterrupt(call, reports.child("waiting").orElseThrow())) {
        boolean asked = reports.child("waiting").map(c -> c.said("term ignored")).orElse(false);
        throw Invariant.violated(
            invariant,
            "run() ends soon after the interrupt",
            asked
                ? "run() asked the child to stop politely (destroy(), SIGTERM), which this child"
                    + " ignores, and still waits (for the child, or for readers of its streams"
                    + " that end only with it): use destroyForcibly()"
                : "the interrupt was ignored: run() still waits, and the child still runs (a"
                    + " CompletableFuture.join(), or a read on the calling thread, cannot be"
                    + " interrupted)",
            call.where());
      }
      if (!(call.failure() instanceof InterruptedException)) {
        throw Invariant.violated(
            invariant,
            "InterruptedException",
            call.outcome()
                + ": the interrupt was swallowed or turned into something else, so the caller"
                + " cannot tell it was cancelled");
      }
      requireGone(reports.child("waiting").orElseThrow(), true, invariant, "the interrupt");
    }
  }

  /**
   * Wait, after the interrupt, until the call ends, or {@link #MARGIN_MILLIS} pass, or the call is
   * seen to ignore the interrupt: its thread waits, untimed, while the child (which runs until
   * killed) still runs and was sent no signal, for a whole {@link #IGNORED_MILLIS}. A run() that
   * honours the interrupt kills the child at once and then waits only for a child that is dying;
   * one parked in a join() an interrupt cannot end waits on, and is told so without the margin.
   *
   * @return whether the call ended
   */
  private static boolean awaitEndOrIgnoredInterrupt(Call call, ChildReports.Child child) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(MARGIN_MILLIS));
    long settle = TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(IGNORED_MILLIS));
    long ignoringSince = 0;
    while (System.nanoTime() < end) {
      if (call.join(20)) {
        return true;
      }
      boolean ignoring =
          call.thread.getState() == Thread.State.WAITING
              && Threads.isWaiting(call.thread)
              && child.alive()
              && !child.said("term ignored");
      long now = System.nanoTime();
      if (!ignoring) {
        ignoringSince = 0;
      } else if (ignoringSince == 0) {
        ignoringSince = now;
      } else if (now - ignoringSince >= settle) {
        return false;
      }
    }
    return call.join(1);
  }

  @Test
  @Order(5)
  @DisplayName(
      "two calls at once: each has its own child and gets its own child's exit code and output")
  void twoCallsAtOnce(ChildRunner solution) {
    try (ChildReports reports = new ChildReports()) {
      String invariant =
          "calls at the same time are independent: each its own child, its own result";
      List<Call> calls = new ArrayList<>();
      List<String> names = List.of("first", "second");
      for (int i = 0; i < 2; i++) {
        String name = names.get(i);
        calls.add(
            Call.start(
                solution,
                reports.command(
                    name,
                    "text-out:" + base64(name + " out\n"),
                    "text-err:" + base64(name + " err\n"),
                    "await-go",
                    "text-out:" + base64(name + " again\n"),
                    "exit:" + (11 * (i + 1))),
                FOREVER,
                "caller-" + name));
      }
      long limit =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(Call.START_MILLIS));
      long stall = TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(Call.STALL_MILLIS));
      long oneWaitingSince = 0;
      while (!names.stream()
          .allMatch(n -> reports.child(n).map(c -> c.said("awaiting go")).orElse(false))) {
        // One child waits for go while the other call has not even started its child, and that
        // call's
        // thread is blocked: the calls wait for each other. Seen as it happens, not after a long
        // limit.
        List<String> waiting =
            names.stream()
                .filter(n -> reports.child(n).map(c -> c.said("awaiting go")).orElse(false))
                .toList();
        if (waiting.size() == 1) {
          String other = names.get(1 - names.indexOf(waiting.getFirst()));
          Call late = calls.get(names.indexOf(other));
          boolean started =
              ProcessHandle.current()
                  .descendants()
                  .anyMatch(p -> p.info().commandLine().orElse("").contains(" " + other + " "));
          Thread.State state = late.thread.getState();
          // On a monitor, or parked on a lock (not on a condition: Process.waitFor awaits one).
          boolean blocked =
              state == Thread.State.BLOCKED
                  || (state == Thread.State.WAITING
                      && LockSupport.getBlocker(late.thread) instanceof AbstractQueuedSynchronizer);
          if (started || !blocked) {
            oneWaitingSince = 0;
          } else if (oneWaitingSince == 0) {
            oneWaitingSince = System.nanoTime();
          } else if (System.nanoTime() - oneWaitingSince > stall) {
            throw Invariant.violated(
                invariant,
                "both children run at the same time",
                late.thread.getName()
                    + " is "
                    + state
                    + " and has not started its child while the other call waits for its own: the"
                    + " calls wait for each other (a lock held for the whole call?)",
                late.where());
          }
        }
        for (Call call : calls) {
          if (call.join(5)) {
            throw Invariant.violated(
                invariant,
                "each call waits for its own child",
                call.thread.getName()
                    + ": "
                    + call.outcome()
                    + " while its child was still running");
          }
        }
        if (System.nanoTime() > limit) {
          Call late = reports.child("first").isEmpty() ? calls.get(0) : calls.get(1);
          throw Invariant.violated(
              invariant,
              "both children run at the same time",
              late.thread.getName()
                  + " never started its child while the other call was in progress: the calls"
                  + " wait for each other (a lock held for the whole call?)",
              late.where());
        }
      }
      reports.all().forEach(ChildReports.Child::go);
      for (int i = 0; i < 2; i++) {
        Call call = calls.get(i);
        String name = names.get(i);
        call.awaitEnd(reports, name, invariant);
        ChildRunner.Result expected =
            new ChildRunner.Result(
                11 * (i + 1), name + " out\n" + name + " again\n", name + " err\n");
        if (!expected.equals(call.result())) {
          throw Invariant.violated(
              invariant,
              call.thread.getName() + " gets " + describe(expected),
              call.result() == null ? call.outcome() : "it got " + describe(call.result()));
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Run a child that writes {@code stdout} and {@code stderr} and exits with {@code code}; require
   * exactly that.
   */
  private static void exact(
      ChildRunner solution,
      String name,
      List<String> before,
      int code,
      String stdout,
      String stderr) {
    List<String> steps = new ArrayList<>(before);
    steps.add("text-out:" + base64(stdout));
    steps.add("text-err:" + base64(stderr));
    steps.add("exit:" + code);
    try (ChildReports reports = new ChildReports()) {
      String invariant = "run() returns the child's exit code and each stream's text, exactly";
      Call call =
          Call.start(
              solution, reports.command(name, steps.toArray(String[]::new)), FOREVER, "run-caller");
      call.awaitEnd(reports, name, invariant);
      requireResult(call, invariant, new ChildRunner.Result(code, stdout, stderr));
    }
  }

  private static void requireResult(Call call, String invariant, ChildRunner.Result expected) {
    ChildRunner.Result actual = call.result();
    if (actual == null) {
      throw Invariant.violated(invariant, "a result", call.outcome());
    }
    if (actual.exitCode() != expected.exitCode()) {
      throw Invariant.violated(
          invariant, "exit code " + expected.exitCode(), "exit code " + actual.exitCode());
    }
    compare(invariant, "stdout", expected.stdout(), actual.stdout(), expected.stderr());
    compare(invariant, "stderr", expected.stderr(), actual.stderr(), expected.stdout());
  }

  /**
   * Fail at the first difference of one stream's text, saying what kind of mistake it looks like.
   */
  private static void compare(
      String invariant, String stream, String expected, String actual, String other) {
    if (expected.equals(actual)) {
      return;
    }
    if (actual == null) {
      throw Invariant.violated(invariant, stream + " as the child wrote it", stream + " was null");
    }
    int at = 0;
    while (at < Math.min(expected.length(), actual.length())
        && expected.charAt(at) == actual.charAt(at)) {
      at++;
    }
    String why;
    if (!other.isEmpty() && actual.contains(other.substring(0, Math.min(8, other.length())))) {
      why =
          "it holds the other stream's text: the streams were merged (redirectErrorStream(true)?)"
              + " or mixed up";
    } else if (actual.isEmpty() && !other.isEmpty()) {
      why = "it is empty: was it read at all, or merged into the other stream?";
    } else if (actual.indexOf('\uFFFD') >= 0) {
      why =
          "it holds U+FFFD, the replacement character: bytes were decoded in pieces (a character"
              + " split between two reads) or in a charset other than UTF-8";
    } else if ((expected.contains("\r\n") && !actual.contains("\r\n"))
        || (expected.endsWith("\n") && !actual.endsWith("\n") && at == actual.length())) {
      why = "line separators were changed or dropped: read bytes or characters, not lines";
    } else if (at == actual.length()) {
      why = "it was cut short";
    } else {
      why = "it differs";
    }
    throw Invariant.violated(
        invariant,
        stream + " of " + expected.length() + " characters, exactly as written",
        stream
            + " of "
            + actual.length()
            + " characters, different from character "
            + at
            + ": expected "
            + excerpt(expected, at)
            + ", got "
            + excerpt(actual, at)
            + "; "
            + why);
  }

  private static String describe(ChildRunner.Result result) {
    return "exit code "
        + result.exitCode()
        + ", stdout "
        + quoted(result.stdout())
        + ", stderr "
        + quoted(result.stderr());
  }

  private static String quoted(String text) {
    return text == null ? "null" : text.isEmpty() ? "\"\"" : excerpt(text, 0);
  }

  private static String excerpt(String text, int at) {
    if (at >= text.length()) {
      return "the end";
    }
    String part = text.substring(at, Math.min(text.length(), at + 24));
    return "\""
        + part.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
        + "\"";
  }

  /**
   * Require the child and its own child to be gone: at once for a correct solution, within a short
   * scaled grace for a SIGKILL to land.
   */
  private static void requireGone(
      ChildReports.Child child, boolean withGrandchild, String invariant, String after) {
    if (child == null) {
      return; // it never started: nothing to be left
    }
    List<ProcessHandle> processes = new ArrayList<>(List.of(child.process));
    Optional<ProcessHandle> grandchild = withGrandchild ? child.grandchild() : Optional.empty();
    grandchild.ifPresent(processes::add);
    endedWithinGrace(processes);
    if (running(child.process)) {
      throw Invariant.violated(
          invariant,
          "the child is gone once run() has thrown",
          "the child (pid "
              + child.process.pid()
              + ") still runs after "
              + after
              + (child.said("term ignored")
                  ? ": run() asked it politely (destroy(), SIGTERM), which it ignores;"
                      + " destroyForcibly() cannot be ignored"
                  : ": run() left it running"));
    }
    if (grandchild.isPresent() && running(grandchild.get())) {
      throw Invariant.violated(
          invariant,
          "the child's descendants are gone too",
          "the child's own child (pid "
              + grandchild.get().pid()
              + ") still runs after "
              + after
              + ". Killing a"
              + " child does not kill its children: they are re-parented and leave its tree. Take"
              + " process.descendants() before killing the child, and kill them too");
    }
  }

  /**
   * Wait, within a short scaled grace for a SIGKILL to land, until none of these processes runs;
   * tell whether none does.
   */
  private static boolean endedWithinGrace(List<ProcessHandle> processes) {
    long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(GRACE_MILLIS));
    while (processes.stream().anyMatch(SubprocessChecks::running)) {
      if (System.nanoTime() > limit) {
        return false;
      }
      try {
        Thread.sleep(10); // polling for an end, not asserting after a sleep
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("the check was interrupted", e);
      }
    }
    return true;
  }

  /**
   * Whether a process still runs its own code. Not {@link ProcessHandle#isAlive()}, which is true
   * for a zombie: a grandchild killed after its parent is re-parented to process 1, which in a
   * container may reap it seconds later or never; nor for a process SIGKILL was sent to (Linux, by
   * /proc; elsewhere isAlive() alone, as process 1 reaps at once there).
   */
  private static boolean running(ProcessHandle process) {
    return ProcessState.of(process) == ProcessState.RUNNING;
  }

  /**
   * Whether the check's own child {@code name}, at its {@code answer} step and started before the
   * call, still runs once the call has returned. Asked, not looked at: had the call killed it, the
   * kill was sent before the call returned, so it cannot answer, whether or not the JDK has reaped
   * it yet (looking at {@link Process#isAlive()} here passed a solution that killed every process
   * of the JVM, as the JDK had not yet reaped the one it killed). Only a JVM starting slowly is
   * waited for: a correct run never waits for a limit.
   */
  private static boolean stillRuns(ChildReports reports, String name, Process process) {
    long limit =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(Call.START_MILLIS));
    while (true) {
      Optional<ChildReports.Child> child = reports.child(name);
      if (child.isPresent() && child.get().said("answering")) {
        return child.get().answers(TimeScale.millis(Call.START_MILLIS));
      }
      if (child.map(ChildReports.Child::disconnected).orElse(false) || !process.isAlive()) {
        return false; // killed while it was starting
      }
      if (System.nanoTime() > limit) {
        throw new IllegalStateException(
            "the check's own process "
                + name
                + " (pid "
                + process.pid()
                + ") never said it was answering: the machine is too slow, or the check is wrong");
      }
      try {
        Thread.sleep(10); // polling for it to start, not asserting after a sleep
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("the check was interrupted", e);
      }
    }
  }

  private static boolean ready(ChildReports reports, String name) {
    return reports.child(name).map(c -> c.said("ready")).orElse(false);
  }

  private static String text(List<Integer> indexes) {
    StringBuilder text = new StringBuilder();
    indexes.forEach(i -> text.append(ALPHABET[i]));
    return text.toString();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
