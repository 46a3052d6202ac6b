package dev.kata.core;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kata.api.Puzzle;
import dev.kata.api.KataPuzzle;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The entry point of a check JVM: run one puzzle's checks against one compiled solution and stream
 * each result to an events file, one JSON object a line, so the parent learns as much as was done
 * even if the learner's code kills or hangs this JVM.
 *
 * <p>Arguments: {@code PUZZLE_ID SOLUTION_CLASS SOLUTION_DIR EVENTS_FILE LIMIT_MILLIS}; or {@code
 * --prestart PUZZLE_ID [--warm-up]}, and then the other four on one line of standard input,
 * separated by tabs.
 */
public final class CheckMain {

  private static final int MAX_OUTPUT = 16 * 1024;

  /** First argument of a check JVM started ahead of its job, which then arrives on standard input. */
  static final String PRESTART = "--prestart";

  /** Third argument after {@link #PRESTART}: run {@link CheckWarmUp} while waiting for the job. */
  static final String WARM_UP = "--warm-up";

  private CheckMain() {}

  /**
   * Run the checks, then halt the JVM, whatever threads the solution left behind.
   *
   * @param args see the class description
   */
  public static void main(String[] args) throws IOException {
    String[] job = args;
    Puzzle puzzle = null;
    Launcher launcher = null;
    if ((args.length == 2 || args.length == 3) && args[0].equals(PRESTART)) {
      // Started ahead of time, while the solution compiles: load what does not depend on it, then
      // wait for the rest of the job on standard input.
      puzzle = find(args[1]);
      launcher = LauncherFactory.create();
      if (puzzle != null) {
        puzzle.checks().forEach(CheckMain::load);
      }
      if (args.length == 3 && args[2].equals(WARM_UP)) {
        // Warm JUnit's discovery and execution with checks that touch no puzzle.
        // kata's own extensions (time limit, thread hygiene and its thread dumps) run around them too.
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CheckWarmUp.class))
            .configurationParameters(CheckSettings.forSolution(List.of(), CheckWarmUp.class.getName())).build());
      }
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        Runtime.getRuntime().halt(0); // not needed after all (the solution did not compile)
      }
      String[] rest = line.split("\t");
      job = new String[] {args[1], rest[0], rest[1], rest[2], rest[3]};
    }
    if (job.length != 5) {
      System.err.println("usage: CheckMain PUZZLE_ID SOLUTION_CLASS SOLUTION_DIR EVENTS_FILE LIMIT_MILLIS");
      Runtime.getRuntime().halt(2);
    }
    String id = job[0];
    String className = job[1];
    Path solutionDir = Path.of(job[2]);
    Events events = new Events(new FileOutputStream(job[3], true));
    long limitMillis = Long.parseLong(job[4]);
    startWatchdog(events, limitMillis, className);

    Capture capture = new Capture();
    System.setOut(new PrintStream(capture, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capture, true, StandardCharsets.UTF_8));

    if (puzzle == null) {
      puzzle = find(id);
    }
    if (puzzle == null) {
      events.write(Map.of("event", "error", "message", "puzzle " + id + " is not on the check JVM's class path"));
      Runtime.getRuntime().halt(2);
      return;
    }
    List<ClassSelector> selectors = puzzle.checks().stream().map(c -> selectClass(c)).toList();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameters(CheckSettings.forSolution(List.of(solutionDir), className))
        .build();
    (launcher != null ? launcher : LauncherFactory.create()).execute(request, new Listener(events, capture));
    events.write(Map.of("event", "done"));
    Runtime.getRuntime().halt(0);
  }

  private static Puzzle find(String id) {
    return ServiceLoader.load(Puzzle.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.getClass().isAnnotationPresent(KataPuzzle.class)
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

  private static void startWatchdog(Events events, long limitMillis, String className) {
    String learnerPackage = className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
    Thread watchdog = Thread.ofPlatform().name("kata-watchdog").daemon(true).start(() -> {
      try {
        Thread.sleep(limitMillis);
      } catch (InterruptedException e) {
        return;
      }
      ThreadReport report = ThreadReport.capture(learnerPackage, Set.of(Thread.currentThread().threadId()));
      events.write(Map.of("event", "watchdog", "report", report.render()));
      Runtime.getRuntime().halt(3);
    });
    watchdog.setPriority(Thread.MAX_PRIORITY);
  }

  /** Appends one JSON object per line and flushes it at once. */
  static final class Events {
    private final OutputStream out;

    Events(OutputStream out) {
      this.out = out;
    }

    synchronized void write(Map<String, ?> event) {
      try {
        out.write((Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // The parent will report the missing events; nothing better to do here.
      }
    }
  }

  /** Collects what the solution prints, per check, up to a cap. */
  static final class Capture extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (buffer.size() < MAX_OUTPUT) {
        buffer.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = MAX_OUTPUT - buffer.size();
      if (room > 0) {
        buffer.write(b, off, Math.min(room, len));
      }
    }

    synchronized String take() {
      String text = buffer.toString(StandardCharsets.UTF_8);
      buffer.reset();
      return text;
    }
  }

  private static final class Listener implements TestExecutionListener {
    private final Events events;
    private final Capture capture;

    Listener(Events events, Capture capture) {
      this.events = events;
      this.capture = capture;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
      List<String> names = new ArrayList<>();
      for (TestIdentifier root : plan.getRoots()) {
        plan.getDescendants(root).stream().filter(TestIdentifier::isTest).forEach(t -> names.add(t.getDisplayName()));
      }
      events.write(Map.of("event", "plan", "checks", names));
    }

    @Override
    public void executionStarted(TestIdentifier test) {
      if (test.isTest()) {
        capture.take();
        events.write(Map.of("event", "started", "check", test.getDisplayName()));
      }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (test.isTest()) {
        events.write(finished(test.getDisplayName(), Verdict.ERROR, reason, ""));
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        return;
      }
      String output = test.isTest() ? capture.take() : "";
      Verdict verdict = switch (result.getStatus()) {
        case SUCCESSFUL -> Verdict.PASS;
        case ABORTED -> Verdict.ERROR;
        case FAILED -> result.getThrowable().filter(t -> t instanceof AssertionError).isPresent() ? Verdict.FAIL : Verdict.ERROR;
      };
      String message = result.getThrowable().map(Failures::describe).orElse("");
      String name = test.isTest() ? test.getDisplayName() : "setting up " + test.getDisplayName();
      events.write(finished(name, verdict, message, output));
    }

    private static Map<String, Object> finished(String name, Verdict verdict, String message, String output) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", "finished");
      event.put("check", name);
      event.put("status", verdict.json());
      event.put("message", message);
      event.put("output", output);
      return event;
    }
  }
}
