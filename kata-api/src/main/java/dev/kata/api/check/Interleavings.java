package dev.kata.api.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * Explore the interleavings of two or three operations on the learner's object, deterministically,
 * and fail with the interleaving that breaks an invariant.
 *
 * <p>Repetition finds a race when the scheduler happens to switch threads at the one bad moment;
 * this does not hope. Every field access, lock, wait and notify of the code under test becomes a
 * point where a model checker may switch threads, and it tries the schedules with one switch, then
 * two, and so on. A lost update, a check-then-act, an {@code if} instead of a {@code while} around
 * a wait, or a {@code signal} that wakes the wrong thread is found on every run, and the learner
 * sees the schedule that broke it as per-thread columns.
 *
 * <pre>
 * record Scene(Counter counter) {}
 * Interleavings.of(() -&gt; new Scene(solution.newCounter()))
 *     .thread("A", s -&gt; s.counter().increment())
 *     .thread("B", s -&gt; s.counter().increment())
 *     .check("no increment is lost when two threads increment at once", s -&gt;
 *         Invariant.require(s.counter().get() == 2, "...", 2, () -&gt; s.counter().get()));
 * </pre>
 *
 * <p>Rules for the operations: create everything the threads share in the {@code scene} supplier
 * (it runs once per explored interleaving, so each starts fresh); keep the operations short (each
 * adds switch points); don't start threads or pools inside them; use platform threads only (the
 * model checker does not follow virtual threads). A thread that throws fails the check, with the
 * interleaving; catch inside the operation what the contract allows it to throw. A thread still
 * blocked when every other thread has finished or is blocked too is reported as a lost wake-up or a
 * deadlock, with the interleaving that led there.
 *
 * <p>Cost, measured on 2 cores under a load average of 25 (figures scale down roughly with the
 * load): the first exploration in a JVM attaches the agent and re-instruments the loaded classes,
 * 10 to 40 s; then a two-thread exploration of a counter that finds its lost update, about 5 s; 100
 * interleavings of a correct two-thread buffer on an {@code ArrayDeque} or an {@code
 * ArrayBlockingQueue}, 35 to 45 s. Three threads on one monitor ({@code synchronized} with {@code
 * wait}/{@code notify}) are slow in Lincheck 3.7: about 60 s, the lost wake-up then reported
 * without an interleaving. So: two threads where they suffice, a small {@link #invocations} count,
 * and a generous {@code timeLimitSeconds} on the checks class.
 *
 * <p>One limit, of Lincheck 3.7: it keeps what it learnt about a class by the class's name, for the
 * life of the JVM, and explores a second class of the same name (another class loader's) wrongly:
 * seen both as a race missed and as a correct buffer reported deadlocked. So the first class of a
 * name is explored, and a check that would explore a second is skipped, saying why. A learner never
 * meets this: kata checks each solution in a JVM of its own. The build's tests, which check several
 * solutions of a puzzle in one JVM, do: a wrong solution that only an interleaving check catches is
 * proven rejected through the check JVM.
 *
 * <p>Implementation: <a href="https://github.com/JetBrains/lincheck">Lincheck</a>'s model checker,
 * which attaches an agent at run time (give the JVM {@code -XX:+EnableDynamicAgentLoading} to allow
 * it without a warning; kata's check JVM and build do). Nothing of it is loaded until a check calls
 * {@link #check}, and no Lincheck type appears in this class's signatures.
 *
 * @param <S> the scene the threads share: the learner's object and whatever the check records
 * @since 0.1
 */
public final class Interleavings<S> {

  /** How many interleavings a check explores unless it says otherwise. */
  public static final int DEFAULT_INVOCATIONS = 100;

  /**
   * One thread's operation on the scene.
   *
   * @param <S> the scene
   */
  @FunctionalInterface
  public interface Operation<S> {
    /**
     * Run the operation.
     *
     * @param scene this interleaving's scene
     * @throws Exception whatever the learner's code throws; it fails the check
     */
    void run(S scene) throws Exception;
  }

  /**
   * What must hold when every thread has finished.
   *
   * @param <S> the scene
   */
  @FunctionalInterface
  public interface Outcome<S> {
    /**
     * Throw an {@link AssertionError} (see {@link Invariant}) unless the invariant holds.
     *
     * @param scene this interleaving's scene, after every thread finished
     */
    void verify(S scene);
  }

  private final Supplier<? extends S> scene;
  private final List<String> names = new ArrayList<>();
  private final List<Operation<? super S>> operations = new ArrayList<>();
  private int invocations = DEFAULT_INVOCATIONS;

  private Interleavings(Supplier<? extends S> scene) {
    this.scene = scene;
  }

  /**
   * Start describing an exploration.
   *
   * @param scene creates, for each interleaving, the learner's object and whatever the threads
   *     share
   * @param <S> the scene
   */
  public static <S> Interleavings<S> of(Supplier<? extends S> scene) {
    return new Interleavings<>(Objects.requireNonNull(scene, "scene"));
  }

  /**
   * Add a thread that runs {@code operation} on the scene.
   *
   * @param name the thread's name in the failure's columns, such as "A" or "producer"
   * @param operation what it does
   */
  public Interleavings<S> thread(String name, Operation<? super S> operation) {
    if (names.size() == 4) {
      throw new IllegalStateException(
          "at most 4 threads can be explored, each adds many interleavings");
    }
    names.add(Objects.requireNonNull(name, "name"));
    operations.add(Objects.requireNonNull(operation, "operation"));
    return this;
  }

  /**
   * Explore this many interleavings instead of {@link #DEFAULT_INVOCATIONS}.
   *
   * @param count at least 1
   */
  public Interleavings<S> invocations(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("invocations must be at least 1 but was " + count);
    }
    this.invocations = count;
    return this;
  }

  /**
   * Explore the interleavings and fail on the first one that breaks the invariant, showing it.
   *
   * @param invariant the rule in plain words, used when a thread throws or never finishes
   * @param outcome what must hold when every thread has finished
   */
  public void check(String invariant, Outcome<? super S> outcome) {
    if (operations.size() < 2) {
      throw new IllegalStateException(
          "an exploration needs at least 2 threads but has " + operations.size());
    }
    Objects.requireNonNull(outcome, "outcome");
    Exploration.run(this, invariant, outcome);
  }

  /**
   * Runs one exploration: the only class that touches Lincheck, loaded only when a check calls it.
   */
  static final class Exploration {

    /**
     * The scene of the interleaving being run. Lincheck treats an object reachable only from a
     * lambda as thread-local and never switches at its accesses; publishing it here makes it
     * shared.
     */
    static volatile Object published;

    /** Every class explored in this JVM, by name: Lincheck keeps what it learns by name. */
    private static final java.util.Map<String, java.lang.ref.WeakReference<Class<?>>> EXPLORED =
        new java.util.concurrent.ConcurrentHashMap<>();

    private Exploration() {}

    /**
     * Refuse a class whose name an earlier exploration in this JVM knew as another class. Lincheck
     * 3.7 keeps what it learnt of a class by name for the life of the JVM, and explores a second
     * class of the same name wrongly: seen both as a race missed and as a correct buffer reported
     * deadlocked. A learner's run is one JVM per solution and never meets this; the build's tests
     * check several solutions of a puzzle in one JVM, and get a skipped check, with this reason.
     */
    private static void requireFirstOfItsName(Class<?> type) {
      java.lang.ref.WeakReference<Class<?>> seen =
          EXPLORED.putIfAbsent(type.getName(), new java.lang.ref.WeakReference<>(type));
      if (seen != null && seen.get() != type) {
        throw new org.opentest4j.TestAbortedException(
            "not explored: a class named "
                + type.getName()
                + " was explored earlier in this JVM, and Lincheck keeps what it learnt of a class"
                + " by its name, so it would explore this one wrongly. Each kata run checks one"
                + " solution in a JVM of its own and never meets this; it happens when several"
                + " solutions of a puzzle are checked in one JVM (the build's tests)");
      }
    }

    static <S> void run(Interleavings<S> spec, String invariant, Outcome<? super S> outcome) {
      Object dryRun = spec.scene.get();
      LoaderBridge.register(dryRun);
      // Lincheck instruments the classes it reaches from the object it is given, when it starts.
      // A class first made inside the scene (a buffer the learner's factory returns) is reached
      // only through a scene made beforehand: without it, that class ran uninstrumented, without a
      // single switch point, and every interleaving passed.
      Runnable scenario =
          new Runnable() {
            @SuppressWarnings("unused") // read by Lincheck's instrumentation, through reflection
            private final Object reached = dryRun;

            @Override
            public void run() {
              scenario(spec, invariant, outcome);
            }
          };
      java.io.PrintStream out = System.out;
      java.io.PrintStream err = System.err;
      // Lincheck logs warnings about kata's own classes, and the learner's prints would repeat once
      // per
      // interleaving: neither helps the learner, so the exploration runs silent.
      java.io.PrintStream silent = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
      System.setOut(silent);
      System.setErr(silent);
      try {
        org.jetbrains.lincheck.Lincheck.runConcurrentTest(spec.invocations, scenario);
      } catch (AssertionError lincheck) {
        throw report(spec, invariant, lincheck);
      } finally {
        System.setOut(out);
        System.setErr(err);
        published = null;
      }
    }

    @SuppressWarnings("unchecked")
    private static <S> void scenario(
        Interleavings<S> spec, String invariant, Outcome<? super S> outcome) {
      published = spec.scene.get();
      int n = spec.operations.size();
      Throwable[] thrown = new Throwable[n];
      Thread[] threads = new Thread[n];
      for (int i = 0; i < n; i++) {
        int index = i;
        threads[i] =
            new Thread(
                () -> {
                  try {
                    ((Operation<S>) spec.operations.get(index)).run((S) published);
                  } catch (Throwable t) {
                    thrown[index] = t;
                  }
                });
      }
      for (Thread thread : threads) {
        thread.start();
      }
      for (Thread thread : threads) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          throw new IllegalStateException("the exploration was interrupted", e);
        }
      }
      for (int i = 0; i < n; i++) {
        if (thrown[i] != null) {
          AssertionError error =
              Invariant.violated(
                  invariant,
                  "every thread runs without throwing",
                  "thread " + spec.names.get(i) + " threw " + thrown[i]);
          error.initCause(thrown[i]);
          throw error;
        }
      }
      outcome.verify((S) published);
    }

    private static AssertionError report(
        Interleavings<?> spec, String invariant, AssertionError lincheck) {
      String text = String.valueOf(lincheck.getMessage());
      String interleaving = Trace.interleaving(text, spec.names);
      String ours = Trace.ownMessage(text);
      if (ours != null) {
        return new AssertionFailedError(
            ours + (interleaving.isEmpty() ? "" : System.lineSeparator() + interleaving));
      }
      if (Trace.hung(text)) {
        return Invariant.violated(
            invariant,
            "every thread finishes",
            "in this interleaving every thread still running was blocked, waiting for a wake-up"
                + " that never came: a lost wake-up (an if instead of a while around wait, a signal"
                + " instead of signalAll, a flag checked outside the lock) or a deadlock",
            interleaving);
      }
      return Invariant.violated(
          invariant,
          "the exploration completes",
          "the interleaving explorer itself failed; this is a problem of the check, not of your"
              + " code",
          text.lines()
              .limit(12)
              .collect(java.util.stream.Collectors.joining(System.lineSeparator())));
    }
  }

  /**
   * Lets Lincheck find classes of a class loader of kata's own, such as the learner's: Lincheck 3.7
   * looks classes up by name with {@code Class.forName(name)} from its own loader, and fails with
   * ClassNotFoundException on any other. So, before exploring, the classes a dry-run scene reaches
   * (and their nest mates: every class of the learner's file) are entered into its lookup cache.
   */
  static final class LoaderBridge {

    private static final int DEPTH = 4;

    private LoaderBridge() {}

    static void register(Object scene) {
      java.util.Set<Class<?>> classes = new java.util.LinkedHashSet<>();
      reach(
          scene,
          DEPTH,
          classes,
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
      for (Class<?> type : classes) {
        if (type.getClassLoader() instanceof RewritingLoader) {
          // Seen in p07: its buffer, rewritten for shortened timeouts, raced in plain sight and
          // every interleaving passed. A check that cannot see must not say "passed".
          throw new IllegalStateException(
              "Interleavings cannot explore "
                  + type.getName()
                  + ": kata rewrote it (shortened timeouts, or a CallGate), and Lincheck does not"
                  + " see into a rewritten class, so every interleaving would pass. Explore it in a"
                  + " checks class without timeoutsShortenedBy, with objects not made through a"
                  + " CallGate");
        }
      }
      classes.forEach(Exploration::requireFirstOfItsName);
      if (classes.isEmpty()) {
        return;
      }
      try {
        java.lang.reflect.Field field =
            Class.forName("org.jetbrains.lincheck.util.ClassCache").getDeclaredField("cache");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Class<?>> cache = (java.util.Map<String, Class<?>>) field.get(null);
        for (Class<?> type : classes) {
          cache.putIfAbsent(type.getName(), type); // a second class of a name was refused above
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // another Lincheck version: exploring classes of kata's loaders may then fail, and says so
      }
    }

    private static void reach(
        Object object, int depth, java.util.Set<Class<?>> classes, java.util.Set<Object> seen) {
      if (object == null || depth < 0 || !seen.add(object)) {
        return;
      }
      Class<?> type = object.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (Object element : (Object[]) object) {
            reach(element, depth - 1, classes, seen);
          }
        }
        return;
      }
      if (jdk(type)) {
        return; // found by name already, and its insides are not the learner's
      }
      for (Class<?> c = type; c != null && !jdk(c); c = c.getSuperclass()) {
        if (own(c)) {
          classes.addAll(java.util.List.of(c.getNestHost().getNestMembers()));
        }
        for (java.lang.reflect.Field field : c.getDeclaredFields()) {
          if (field.getType().isPrimitive()
              || java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
            continue;
          }
          try {
            field.setAccessible(true);
            reach(field.get(object), depth - 1, classes, seen);
          } catch (ReflectiveOperationException | RuntimeException e) {
            // not readable: its classes stay unregistered
          }
        }
      }
    }

    private static boolean jdk(Class<?> type) {
      ClassLoader loader = type.getClassLoader();
      return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static boolean own(Class<?> type) {
      ClassLoader loader = type.getClassLoader();
      return loader != null
          && loader != ClassLoader.getPlatformClassLoader()
          && loader != ClassLoader.getSystemClassLoader();
    }
  }

  /** Turns Lincheck's report into the learner's terms: only the interleaving, threads named. */
  static final class Trace {

    /** Cells that are the exploration's own plumbing, not the learner's code. */
    private static final Pattern PLUMBING =
        Pattern.compile(
            "^(run\\(\\)|spec\\..*|Interleavings.*|thrown\\[.*|s\\.[a-zA-Z]+\\(\\):"
                + " .*|scene\\.[a-zA-Z]+\\(\\): .*)$");

    private static final int WIDEST = 56;
    private static final Pattern OPERATION = Pattern.compile("^Lambda#\\d+\\.run\\(.*\\)$");
    private static final String OPERATION_MARK = "\u0000operation";

    /** How deep below an operation's first call the table shows steps. */
    private static final int MAX_DEPTH = 2;

    private Trace() {}

    static boolean hung(String text) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      return lower.contains("deadlock")
          || lower.contains("has hung")
          || lower.contains("live-lock")
          || lower.contains("livelock")
          || lower.contains("obstruction");
    }

    /** The message of the check's own failure inside Lincheck's report, or null. */
    static String ownMessage(String text) {
      int start = text.indexOf("invariant: ");
      if (start < 0) {
        return null;
      }
      int end = text.indexOf("\n\tat ", start);
      int blank = text.indexOf("\n\n", start);
      if (end < 0 || (blank >= 0 && blank < end)) {
        end = blank;
      }
      return (end < 0 ? text.substring(start) : text.substring(start, end)).stripTrailing();
    }

    /** The failing interleaving as one column per thread of the check, or "" if there is none. */
    static String interleaving(String text, List<String> names) {
      int start = text.indexOf("The following interleaving");
      if (start < 0) {
        return "";
      }
      int end = text.indexOf("Detailed trace:", start);
      String table = end < 0 ? text.substring(start) : text.substring(start, end);
      int columns = names.size();
      List<String[]> rows = new ArrayList<>();
      boolean header = true;
      for (String line : table.split("\\R")) {
        if (!line.startsWith("|") || line.startsWith("| ---")) {
          continue;
        }
        String[] cells = line.split("\\|", -1);
        // cells[0] is before the first bar, cells[1] the main thread, then one per started thread
        if (header) {
          header = false;
          continue;
        }
        String[] row = new String[columns];
        boolean any = false;
        for (int c = 0; c < columns; c++) {
          String cell = c + 2 < cells.length ? cells[c + 2].stripTrailing() : "";
          if (cell.startsWith(" ")) {
            cell = cell.substring(1);
          }
          String plain = cell.strip();
          if (OPERATION.matcher(plain).matches()) {
            // the operation itself; Lincheck folds it into this one line when it ran without a
            // switch
            cell = cell.substring(0, cell.length() - plain.length()) + OPERATION_MARK;
          } else if (plain.isEmpty()
              || PLUMBING.matcher(plain).matches()
              || plain.startsWith("switch (reason: waiting for Thread")) {
            cell = "";
          }
          row[c] = cell;
          any |= !cell.isEmpty();
        }
        if (any) {
          rows.add(row);
        }
      }
      if (rows.isEmpty()) {
        return "";
      }
      // An operation line followed by its own steps is plumbing; alone, it is the whole operation.
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < columns; c++) {
          String cell = rows.get(r)[c];
          if (!cell.strip().equals(OPERATION_MARK)) {
            continue;
          }
          int depth = cell.length() - cell.stripLeading().length();
          String next = "";
          for (int n = r + 1; n < rows.size() && next.isEmpty(); n++) {
            next = rows.get(n)[c];
          }
          boolean unfolded =
              !next.isEmpty() && next.length() - next.stripLeading().length() > depth;
          rows.get(r)[c] =
              unfolded
                  ? ""
                  : cell.substring(0, depth) + "(runs its whole operation, no switch inside)";
        }
      }
      rows.removeIf(row -> java.util.Arrays.stream(row).allMatch(String::isEmpty));
      int[] indent = new int[columns];
      int[] width = new int[columns];
      java.util.Arrays.fill(indent, Integer.MAX_VALUE);
      for (String[] row : rows) {
        for (int c = 0; c < columns; c++) {
          if (!row[c].isEmpty()) {
            indent[c] = Math.min(indent[c], row[c].length() - row[c].stripLeading().length());
          }
        }
      }
      List<String[]> shown = new ArrayList<>();
      for (String[] row : rows) {
        boolean any = false;
        for (int c = 0; c < columns; c++) {
          String cell =
              row[c].isEmpty() ? "" : row[c].substring(Math.min(indent[c], row[c].length()));
          int depth = (cell.length() - cell.stripLeading().length()) / 2;
          String plain = cell.strip();
          if (plain.startsWith("switch")) {
            cell = "  " + plain; // where the scheduler moved on: shown at every depth
          } else if (depth > MAX_DEPTH
              || plain.startsWith("<iteration")
              || plain.startsWith("loop(")) {
            // inside the JDK or the buffer's helpers: the learner's own steps are shallower
            cell = "";
          }
          row[c] = shorten(cell);
          any |= !cell.isEmpty();
        }
        if (any) {
          shown.add(row);
        }
      }
      rows = shown;
      for (String[] row : rows) {
        for (int c = 0; c < columns; c++) {
          width[c] = Math.max(width[c], row[c].length());
        }
      }
      StringBuilder out =
          new StringBuilder(
              "  the interleaving that broke it (one column per thread, time runs downwards):");
      String[] head = new String[columns];
      for (int c = 0; c < columns; c++) {
        head[c] = "thread " + names.get(c);
        width[c] = Math.max(width[c], head[c].length());
      }
      appendRow(out, head, width);
      String[] rule = new String[columns];
      for (int c = 0; c < columns; c++) {
        rule[c] = "-".repeat(width[c]);
      }
      appendRow(out, rule, width);
      for (String[] row : rows) {
        appendRow(out, row, width);
      }
      return out.toString();
    }

    private static String shorten(String cell) {
      return cell.length() <= WIDEST ? cell : cell.substring(0, WIDEST - 1) + "\u2026";
    }

    private static void appendRow(StringBuilder out, String[] cells, int[] width) {
      StringBuilder line = new StringBuilder("    ");
      for (int c = 0; c < cells.length; c++) {
        line.append(c == 0 ? "" : " | ")
            .append(cells[c])
            .append(" ".repeat(width[c] - cells[c].length()));
      }
      out.append(System.lineSeparator()).append(line.toString().stripTrailing());
    }
  }
}
