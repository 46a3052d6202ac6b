package dev.kata.core.check;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.check.StackFrames;
import dev.kata.api.check.TimeScale;
import dev.kata.core.CheckSettings;
import dev.kata.core.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The entry point of a check JVM: run one puzzle's checks against one compiled solution and stream
 * each result to an events file (see {@link CheckProtocol}), so the parent learns as much as was
 * done even if the learner's code kills or hangs this JVM.
 *
 * <p>Arguments: {@code --prestart PUZZLE_ID [--warm-up]}. The JVM loads what does not depend on the
 * solution, then reads its {@link CheckProtocol.Job} from standard input, to the end, before any
 * learner class is loaded.
 */
public final class CheckMain {

  private static final int MAX_OUTPUT = 16 * 1024;

  /**
   * The warm-up checks, named rather than linked: JUnit must reach into them by reflection, so they
   * live in a package of their own, the one package of this module opened (to JUnit alone).
   */
  private static final String WARM_UP_CHECKS = "dev.kata.core.check.warmup.CheckWarmUp";

  private CheckMain() {}

  /**
   * Run the checks, then halt the JVM, whatever threads the solution left behind.
   *
   * @param args see the class description
   */
  public static void main(String[] args) throws IOException {
    if (!((args.length == 2 || args.length == 3) && args[0].equals(CheckProtocol.PRESTART))) {
      System.err.println(
          "usage: CheckMain --prestart PUZZLE_ID [--warm-up], then the job on standard input");
      Runtime.getRuntime().halt(2);
    }
    // When kata dies without stopping this JVM (SIGKILL, a crash), end too: nobody waits for the
    // verdict.
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent -> {
              var _ =
                  parent
                      .onExit()
                      .thenRun(
                          () -> {
                            killDescendants();
                            Runtime.getRuntime().halt(5);
                          });
            });
    // Started ahead of time, while the solution compiles: load what does not depend on it, then
    // wait for the rest of the job on standard input.
    String id = args[1];
    Puzzle puzzle = find(id);
    Launcher launcher = LauncherFactory.create();
    if (puzzle != null) {
      puzzle.checks().forEach(CheckMain::load);
    }
    if (args.length == 3 && args[2].equals(CheckProtocol.WARM_UP)) {
      // Warm JUnit's discovery and execution with checks that touch no puzzle.
      // kata's own extensions (time limit, thread hygiene and its thread dumps) run around them
      // too.
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(WARM_UP_CHECKS))
              .configurationParameters(CheckSettings.forSolution(List.of(), WARM_UP_CHECKS))
              .build());
    }
    // Read standard input to its end: the secret in the job must not stay readable for learner
    // code.
    String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    if (input.isBlank()) {
      Runtime.getRuntime().halt(0); // not needed after all (the solution did not compile)
    }
    CheckProtocol.Job job = CheckProtocol.Job.parse(input.strip());
    String className = job.className();
    CheckProtocol.Writer events =
        new CheckProtocol.Writer(new FileOutputStream(job.events().toFile(), true), job.key());
    java.util.Arrays.fill(job.key(), (byte) 0);
    startWatchdog(events, job.limitMillis(), className);
    watchForExit(
        events,
        className.contains(".") ? className.substring(0, className.lastIndexOf('.') + 1) : "");

    Capture capture = new Capture();
    System.setOut(new PrintStream(capture, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capture, true, StandardCharsets.UTF_8));

    if (puzzle == null) {
      events.write(
          Map.of(
              CheckProtocol.EVENT,
              CheckProtocol.ERROR,
              CheckProtocol.MESSAGE,
              "puzzle " + id + " is not on the check JVM's class path"));
      Runtime.getRuntime().halt(2);
      return;
    }
    List<ClassSelector> selectors = puzzle.checks().stream().map(c -> selectClass(c)).toList();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .configurationParameters(
                CheckSettings.forSolution(List.of(job.classes()), className, puzzle.contract()))
            .build();
    try {
      launcher.execute(request, new Listener(events, capture, className));
    } catch (Throwable t) {
      // JUnit lets an OutOfMemoryError (and its own defects) through: say so rather than die
      // silently.
      events.write(
          Map.of(
              CheckProtocol.EVENT,
              CheckProtocol.ERROR,
              CheckProtocol.MESSAGE,
              "the checks could not finish: " + Failures.describe(t)));
      killDescendants();
      Runtime.getRuntime().halt(4);
    }
    events.write(Map.of(CheckProtocol.EVENT, CheckProtocol.DONE));
    killDescendants();
    Runtime.getRuntime().halt(0);
  }

  /**
   * Tell the parent who ended the JVM when it shuts down before the checks are done: a thread of
   * the solution calling {@code System.exit} (named, with its frames), or a signal. {@code
   * Runtime.halt} and a crash run no hook; the parent tells those apart by the exit status.
   */
  private static void watchForExit(CheckProtocol.Writer events, String learnerPrefix) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Map.Entry<Thread, StackTraceElement[]> thread :
                      Thread.getAllStackTraces().entrySet()) {
                    StackTraceElement[] stack = thread.getValue();
                    for (int i = 0; i < stack.length; i++) {
                      if (stack[i].getClassName().equals("java.lang.Runtime")
                          && stack[i].getMethodName().equals("exit")) {
                        List<String> frames = new ArrayList<>();
                        for (int j = i + 1; j < stack.length && frames.size() < 6; j++) {
                          String type = stack[j].getClassName();
                          if (type.startsWith("org.junit.")
                              || type.startsWith("dev.kata.core.")
                              || type.startsWith("jdk.internal.reflect")) {
                            break;
                          }
                          if (!type.equals("java.lang.System")) {
                            frames.add(StackFrames.format(stack[j]));
                          }
                          if (!learnerPrefix.isEmpty()
                              && !type.startsWith(learnerPrefix)
                              && frames.size() > 1) {
                            // the learner's frames, and the one that called them: enough to find
                            // the line
                            break;
                          }
                        }
                        events.write(
                            Map.of(
                                CheckProtocol.EVENT,
                                CheckProtocol.EXIT,
                                CheckProtocol.BY,
                                "System.exit",
                                CheckProtocol.NAME,
                                thread.getKey().getName(),
                                CheckProtocol.FRAMES,
                                frames));
                        return;
                      }
                    }
                  }
                  events.write(
                      Map.of(CheckProtocol.EVENT, CheckProtocol.EXIT, CheckProtocol.BY, "signal"));
                },
                "kata-exit-witness"));
  }

  private static Puzzle find(String id) {
    // In the check JVM this class is in the named module dev.kata.core, which may only look up a
    // service it declares it uses; Puzzle is on the class path, where module-info cannot name it.
    CheckMain.class.getModule().addUses(Puzzle.class);
    return ServiceLoader.load(Puzzle.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(
            p ->
                p.getClass().isAnnotationPresent(KataPuzzle.class)
                    && p.getClass().getAnnotation(KataPuzzle.class).id().equals(id))
        .findFirst()
        .orElse(null);
  }

  private static void load(Class<?> checks) {
    try {
      Class.forName(checks.getName(), true, checks.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // discovery will report it properly
    }
  }

  /**
   * Kill every process this JVM started, before it halts: once it is gone they are re-parented, and
   * nothing (neither the after-check guard nor kata) can tell them from anyone else's.
   */
  static void killDescendants() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  // ThreadPriorityCheck: the priority fixes no race; it helps the watchdog run while the
  // solution's threads hog every core.
  @SuppressWarnings("ThreadPriorityCheck")
  private static void startWatchdog(
      CheckProtocol.Writer events, long limitMillis, String className) {
    String learnerPackage =
        className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
    Thread watchdog =
        Thread.ofPlatform()
            .name("kata-watchdog")
            .daemon(true)
            .start(
                () -> {
                  try {
                    Thread.sleep(limitMillis);
                  } catch (InterruptedException e) {
                    return;
                  }
                  ThreadReport report =
                      ThreadReport.capture(
                          learnerPackage, Set.of(Thread.currentThread().threadId()));
                  events.write(
                      Map.of(
                          CheckProtocol.EVENT,
                          CheckProtocol.WATCHDOG,
                          CheckProtocol.REPORT,
                          report.render()));
                  killDescendants();
                  Runtime.getRuntime().halt(3);
                });
    watchdog.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * Collects what the solution prints, per check, up to a cap. What goes beyond the cap is counted,
   * and the text taken ends with a note saying how much was cut, so neither the screen nor {@code
   * --json} ever drops output silently.
   */
  static final class Capture extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int cap;
    private long cut;

    Capture() {
      this(MAX_OUTPUT);
    }

    Capture(int cap) {
      this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
      if (buffer.size() < cap) {
        buffer.write(b);
      } else {
        cut++;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = Math.max(0, cap - buffer.size());
      buffer.write(b, off, Math.min(room, len));
      cut += Math.max(0, len - room);
    }

    synchronized String take() {
      String text = buffer.toString(StandardCharsets.UTF_8);
      if (cut > 0) {
        text = text + (text.endsWith("\n") ? "" : "\n") + cutNote(cut, cap);
      }
      buffer.reset();
      cut = 0;
      return text;
    }

    /** Say how much of a check's output was dropped, and why. */
    static String cutNote(long cutBytes, int cap) {
      return "[kata: "
          + cutBytes
          + " more bytes cut; a check keeps the first "
          + cap / 1024
          + " KB of what your code prints]";
    }
  }

  private static final class Listener implements TestExecutionListener {
    private final CheckProtocol.Writer events;
    private final Capture capture;
    private final String className;
    // The stall watchdog's clock: when the node now running must have moved on by.
    private final Object clock = new Object();
    private long deadline = Long.MAX_VALUE;
    private TestIdentifier current;

    Listener(CheckProtocol.Writer events, Capture capture, String className) {
      this.events = events;
      this.capture = capture;
      this.className = className;
      Thread.ofPlatform().name("kata-stall-watchdog").daemon(true).start(this::watchForStalls);
    }

    /**
     * Each check's own code runs under its time limit (CheckTimeLimit), but creating the solution
     * (its static initializer, its constructor) happens before that, on JUnit's thread. When no
     * event has come for longer than a check could take, say where the threads are and end the run,
     * so a stuck static initializer costs a check's limit, not the whole run's.
     */
    private void watchForStalls() {
      TestIdentifier stuck;
      long over;
      synchronized (clock) {
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            clock.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        }
        stuck = current;
        over = stallLimit(stuck).toMillis();
      }
      String learnerPackage =
          className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
      ThreadReport report =
          ThreadReport.capture(learnerPackage, Set.of(Thread.currentThread().threadId()));
      String where =
          report.inLearnerCode()
              ? "your code is stuck while the check was being set up, before the check's own time"
                  + " limit applied (a static initializer, a constructor, a field initializer?)"
              : "the check's own set-up is stuck, outside your code: this is a defect of the"
                  + " puzzle, not of your solution";
      String message =
          "the check did not finish within "
              + over / 1000
              + " s: "
              + where
              + System.lineSeparator()
              + report.render();
      events.write(
          finished(
              stuck,
              stuck.isTest() ? stuck.getDisplayName() : "setting up " + stuck.getDisplayName(),
              Verdict.FAIL,
              message,
              capture.take()));
      // An empty report: the stuck check's own result says it all; the parent marks the rest not
      // run.
      events.write(Map.of(CheckProtocol.EVENT, CheckProtocol.WATCHDOG, CheckProtocol.REPORT, ""));
      killDescendants();
      Runtime.getRuntime().halt(3);
    }

    private void progress(TestIdentifier node) {
      synchronized (clock) {
        current = node;
        deadline = System.nanoTime() + stallLimit(node).toNanos();
        clock.notifyAll();
      }
    }

    /**
     * The longest a node may go without an event: its check's limit, the hygiene grace, and a
     * margin.
     */
    private static Duration stallLimit(TestIdentifier node) {
      Class<?> checks =
          node.getSource()
              .map(
                  source ->
                      switch (source) {
                        case MethodSource m -> m.getJavaClass();
                        case ClassSource c -> c.getJavaClass();
                        default -> Object.class;
                      })
              .orElse(Object.class);
      // After the check's own limit, SocketHygiene and ThreadHygiene may wait out three graces
      // (sockets, threads, processes) of 2 s each and take thread dumps: 12 s, scaled, and never
      // under 5 s, leaves room on a loaded machine.
      Duration margin = TimeScale.scaled(Duration.ofSeconds(12));
      return CheckTimeLimit.limitOf(checks)
          .plus(margin.toSeconds() < 5 ? Duration.ofSeconds(5) : margin);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
      List<Map<String, String>> checks = new ArrayList<>();
      for (TestIdentifier root : plan.getRoots()) {
        plan.getDescendants(root).stream()
            .filter(TestIdentifier::isTest)
            .forEach(
                t ->
                    checks.add(
                        Map.of(
                            CheckProtocol.ID,
                            t.getUniqueId(),
                            CheckProtocol.NAME,
                            t.getDisplayName())));
      }
      events.write(Map.of(CheckProtocol.EVENT, CheckProtocol.PLAN, CheckProtocol.CHECKS, checks));
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier test) {
      events.write(
          Map.of(
              CheckProtocol.EVENT,
              CheckProtocol.REGISTERED,
              CheckProtocol.ID,
              test.getUniqueId(),
              CheckProtocol.NAME,
              test.getDisplayName(),
              CheckProtocol.TEST,
              test.isTest()));
    }

    @Override
    public void executionStarted(TestIdentifier test) {
      progress(test);
      if (test.isTest()) {
        capture.take();
        events.write(
            Map.of(
                CheckProtocol.EVENT,
                CheckProtocol.STARTED,
                CheckProtocol.ID,
                test.getUniqueId(),
                CheckProtocol.NAME,
                test.getDisplayName()));
      }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      events.write(finished(test, test.getDisplayName(), Verdict.ERROR, reason, ""));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      progress(test);
      if (!test.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        return;
      }
      String output = test.isTest() ? capture.take() : "";
      Verdict verdict;
      verdict =
          switch (result.getStatus()) {
            case SUCCESSFUL -> Verdict.PASS;
            case ABORTED -> Verdict.ERROR;
            case FAILED ->
                result.getThrowable().filter(t -> t instanceof AssertionError).isPresent()
                    ? Verdict.FAIL
                    : Verdict.ERROR;
          };
      String learnerPackage =
          className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
      var defect = result.getThrowable().flatMap(t -> Failures.puzzleDefect(t, learnerPackage));
      if (defect.isPresent()) {
        verdict = Verdict.ERROR;
      }
      String message =
          defect
              .map(
                  d -> "this is a defect of the puzzle" + origin(test) + ", not of your code: " + d)
              .orElseGet(() -> result.getThrowable().map(Failures::describe).orElse(""));
      String name = test.isTest() ? test.getDisplayName() : "setting up " + test.getDisplayName();
      events.write(finished(test, name, verdict, message, output));
    }

    /** Name the jar (or folder) the checks came from, so a puzzle's defect goes to its author. */
    private static String origin(TestIdentifier test) {
      try {
        Class<?> checks =
            test.getSource()
                .map(
                    source ->
                        switch (source) {
                          case MethodSource m -> m.getJavaClass();
                          case ClassSource c -> c.getJavaClass();
                          default -> null;
                        })
                .orElse(null);
        var location =
            checks == null ? null : checks.getProtectionDomain().getCodeSource().getLocation();
        return location == null
            ? ""
            : " (its checks are in " + java.nio.file.Path.of(location.toURI()).getFileName() + ")";
      } catch (RuntimeException | java.net.URISyntaxException e) {
        return "";
      }
    }

    private static Map<String, Object> finished(
        TestIdentifier test, String name, Verdict verdict, String message, String output) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put(CheckProtocol.EVENT, CheckProtocol.FINISHED);
      event.put(CheckProtocol.ID, test.getUniqueId());
      event.put(CheckProtocol.NAME, name);
      event.put(CheckProtocol.TEST, test.isTest());
      event.put(CheckProtocol.STATUS, verdict.json());
      event.put(CheckProtocol.MESSAGE, message);
      event.put(CheckProtocol.OUTPUT, output);
      return event;
    }
  }
}
