package dev.kata.puzzles.p08;

import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The checks' three stages: they record which thread runs each stage, count the items each stage
 * has started and finished and how many it works on at once, and hold, stall or fail at the items a
 * scenario chooses. So the checks see the learner's pipeline from the inside without owning its
 * queues: how far a stage runs ahead of the next one is the number of items it started that the
 * next one has not.
 *
 * <p>An item travels as a {@link Token}; each stage checks that it receives the next item of its
 * predecessor, in order, and nothing else (not the end-of-input marker, not an item twice).
 */
final class WatchedStages {

  /** How long a stage gets to settle (end, or wait outside its function), before TimeScale. */
  static final long SETTLE_MILLIS = 1_000;

  /** Polls in a row a state must hold to count as settled, where the checks measure it. */
  static final int STABLE_POLLS = 8;

  /** Polls in a row for a hold, which only steers the queues to full or empty. */
  static final int STEERING_POLLS = 3;

  /** Time between two polls of the stages, in nanoseconds. */
  static final long POLL_NANOS = 250_000;

  /** One item on its way: its input position and the stage (1 to 3) that produced it. */
  record Token(int index, int stage) {
    @Override
    public String toString() {
      return "item " + index + (stage == 3 ? "" : " after stage " + stage);
    }
  }

  /** What a stage does at one chosen item, besides its work. */
  sealed interface Action {}

  /**
   * Hold the item until the other stages have settled: fills the queues after it, empties those
   * before.
   */
  record Hold() implements Action {}

  /** Wait on the stall latch, interruptibly, until the check releases it (or never). */
  record Stall() implements Action {}

  /**
   * Once {@code afterStalled} (or, if 0, every other stage) is seen blocked, throw {@code failure}.
   */
  record Fail(Throwable failure, int afterStalled) implements Action {}

  final int items;
  final int capacity;
  private final String learnerPackage;
  private final Map<Long, Action> actions = new HashMap<>();
  private final AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(3);
  private final AtomicIntegerArray started = new AtomicIntegerArray(3);
  private final AtomicIntegerArray finished = new AtomicIntegerArray(3);
  private final InFlightCounter[] inFlight = {
    new InFlightCounter(), new InFlightCounter(), new InFlightCounter()
  };
  private final AtomicIntegerArray stalledAt = new AtomicIntegerArray(new int[] {-1, -1, -1});
  private final AtomicIntegerArray holding = new AtomicIntegerArray(3);
  private final CountDownLatch stall = new CountDownLatch(1);
  private final AtomicReference<Finding> finding = new AtomicReference<>();
  private final AtomicBoolean failureThrown = new AtomicBoolean();
  private volatile Thread caller;
  private volatile boolean runEnded;

  /**
   * Platform threads alive before the run, when threads not yet known as stages are watched too.
   */
  private volatile Set<Long> threadsBefore;

  /**
   * Threads seen waiting with a time limit in the learner's code before they were known as stages.
   */
  private final Map<Thread, String> timedWaiters = new ConcurrentHashMap<>();

  WatchedStages(int items, int capacity, String learnerPackage) {
    this.items = items;
    this.capacity = capacity;
    this.learnerPackage = learnerPackage;
  }

  /** Make stage {@code stage} (1 to 3) do {@code action} at item {@code index}. */
  WatchedStages at(int stage, int index, Action action) {
    if (index >= 0 && index < items) {
      actions.put(key(stage, index), action);
    }
    return this;
  }

  List<Object> input() {
    List<Object> input = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      input.add(i);
    }
    return input;
  }

  List<Token> expectedResults() {
    List<Token> expected = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      expected.add(new Token(i, 3));
    }
    return expected;
  }

  Pipeline.Stage<Object, Object> stage(int stage) {
    return item -> apply(stage, item);
  }

  /**
   * Also watch the platform threads that start from now on and run no stage yet: a stage waiting
   * for its first item has not met the checks' functions, but must wait like any other.
   */
  WatchedStages watchNewThreads() {
    Set<Long> before = ConcurrentHashMap.newKeySet();
    Threads.platformThreads().forEach(t -> before.add(t.threadId()));
    threadsBefore = before;
    return this;
  }

  /** Note a stage that was seen waiting with a time limit before its first item. */
  void requireNoTimedWaitBeforeFirstItem() {
    for (int stage = 1; stage <= 3; stage++) {
      String seen = thread(stage) == null ? null : timedWaiters.get(thread(stage));
      if (seen != null) {
        note(
            BLOCKS,
            "stage "
                + stage
                + " waited for its first item with a time limit (thread \""
                + name(thread(stage))
                + "\" was TIMED_WAITING"
                + seen
                + " while stage 1 was slow): a slow stage before it would look like the end of the"
                + " input. Wait without a time limit (take()); the end of the input is the marker"
                + " the previous stage sends");
      }
    }
  }

  // ---- what the checks read ----------------------------------------------------------------

  /** The first wrong thing a stage saw, or null. */
  Finding finding() {
    return finding.get();
  }

  Thread thread(int stage) {
    return threads.get(stage - 1);
  }

  int started(int stage) {
    return started.get(stage - 1);
  }

  int finished(int stage) {
    return finished.get(stage - 1);
  }

  int inFlight(int stage) {
    return inFlight[stage - 1].current();
  }

  int progress() {
    int sum = 0;
    for (int s = 0; s < 3; s++) {
      sum += started.get(s) + finished.get(s);
    }
    return sum;
  }

  boolean stalled(int stage) {
    return stalledAt.get(stage - 1) >= 0;
  }

  boolean failureThrown() {
    return failureThrown.get();
  }

  void caller(Thread thread) {
    caller = thread;
  }

  /** Record that run returned or threw; a stage that starts an item after this is reported. */
  void runEnded() {
    runEnded = true;
  }

  /** Let stalled stages go on. */
  void releaseStall() {
    stall.countDown();
  }

  // ---- the stage functions -----------------------------------------------------------------

  private Object apply(int stage, Object item) throws Exception {
    int s = stage - 1;
    Thread me = Thread.currentThread();
    registerThread(stage, me);
    if (runEnded) {
      note(
          STOPPED,
          "stage "
              + stage
              + " started work on "
              + describe(item)
              + " after run() had already returned or thrown:"
              + " a stage kept running after the pipeline ended");
    }
    int expected = started.getAndIncrement(s);
    int now = inFlight[s].enter();
    try {
      if (now > 1) {
        note(
            OWN_THREAD,
            "stage "
                + stage
                + " worked on two items at once (thread \""
                + name(me)
                + "\" and another): a stage"
                + " must apply its function to one item at a time, on one thread");
      }
      int index = indexOf(stage, item);
      if (index != expected && index >= 0) {
        note(
            IN_ORDER,
            "stage "
                + stage
                + " received item "
                + index
                + " when item "
                + expected
                + " was due: "
                + (index < expected ? "an item came twice" : "items were skipped or reordered")
                + " between stage "
                + (stage - 1)
                + " and stage "
                + stage
                + (failureThrown.get()
                    ? ", after a stage had thrown: when a stage fails, the items after the failed"
                        + " one must not go on"
                    : ""));
      }
      if (stage < 3) {
        int lead = started.get(s) - started.get(s + 1);
        if (lead > capacity + 2) {
          note(
              BOUNDED.replace("`capacity`", String.valueOf(capacity)),
              "stage "
                  + stage
                  + " started item "
                  + expected
                  + " while stage "
                  + (stage + 1)
                  + " had started only "
                  + started.get(s + 1)
                  + ": "
                  + lead
                  + " items were between them, but a queue of capacity "
                  + capacity
                  + " lets a stage run at most "
                  + (capacity + 1)
                  + " items ahead (its queue full, one in hand)");
        }
      }
      Action action = index >= 0 ? actions.get(key(stage, index)) : null;
      if (action != null) {
        perform(stage, index, action);
      }
      if (stage == 3 && index == items - 1) {
        // The last result is not done until this function returns: a run() that returns now has not
        // waited for the last stage, and is seen doing so every time, not only when it is fast.
        lingerUntilCallerWaits();
      }
      return new Token(Math.max(index, 0), stage);
    } finally {
      inFlight[s].exit();
      finished.incrementAndGet(s);
    }
  }

  private void registerThread(int stage, Thread me) {
    int s = stage - 1;
    if (!threads.compareAndSet(s, null, me) && threads.get(s) != me) {
      note(
          OWN_THREAD,
          "stage "
              + stage
              + " ran on two threads, \""
              + name(threads.get(s))
              + "\" and \""
              + name(me)
              + "\": each stage keeps one thread of its own (two consumers on one queue also"
              + " reorder items, and one end-of-input marker stops only one of them)");
    }
    for (int other = 0; other < 3; other++) {
      if (other != s && threads.get(other) == me) {
        note(
            OWN_THREAD,
            "stages "
                + (other + 1)
                + " and "
                + stage
                + " ran on the same thread \""
                + name(me)
                + "\": each"
                + " stage needs a thread of its own, or the stages cannot work at the same time");
      }
    }
  }

  private int indexOf(int stage, Object item) {
    if (stage == 1 && item instanceof Integer i && i >= 0 && i < items) {
      return i;
    }
    if (stage > 1 && item instanceof Token token && token.stage() == stage - 1) {
      return token.index();
    }
    note(
        IN_ORDER,
        "stage "
            + stage
            + " was handed "
            + describe(item)
            + ", which "
            + (stage == 1 ? "is not an input item" : "stage " + (stage - 1) + " never produced")
            + " (the end-of-input marker, or an item of another stage?)");
    return -1;
  }

  private static String describe(Object item) {
    if (item == null) {
      return "null";
    }
    if (item instanceof Token || item instanceof Integer) {
      return item instanceof Integer ? "input item " + item : item.toString();
    }
    return "a " + item.getClass().getName() + " (" + item + ")";
  }

  private void perform(int stage, int index, Action action) throws Exception {
    int s = stage - 1;
    switch (action) {
      case Hold hold -> {
        holding.incrementAndGet(s);
        try {
          settle(stage, STEERING_POLLS);
        } finally {
          holding.decrementAndGet(s);
        }
      }
      case Stall stall -> {
        stalledAt.set(s, index);
        try {
          this.stall.await();
        } catch (InterruptedException e) {
          lingerUntilCallerWaits();
          throw e;
        } finally {
          stalledAt.set(s, -1);
        }
      }
      case Fail fail -> {
        if (fail.afterStalled() > 0) {
          awaitStalled(fail.afterStalled());
        } else {
          settle(stage, STEERING_POLLS);
        }
        failureThrown.set(true);
        if (fail.failure() instanceof Exception e) {
          throw e;
        }
        throw (Error) fail.failure();
      }
    }
  }

  /**
   * An interrupted stage leaves its function only once run's caller is seen waiting (for the stages
   * to stop, as it must) or run has ended. A run that throws without waiting for its stages is then
   * caught every time, not only when it happens to be faster than the interrupted stage.
   */
  private void lingerUntilCallerWaits() {
    Thread waiting = caller;
    if (waiting == null || waiting == Thread.currentThread()) {
      return;
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(SETTLE_MILLIS));
    int polls = 0;
    while (!runEnded && polls < Threads.STABLE_POLLS && System.nanoTime() < deadline) {
      polls = Threads.isWaiting(waiting) ? polls + 1 : 0;
      LockSupport.parkNanos(1_000_000);
    }
  }

  private void awaitStalled(int stage) {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(SETTLE_MILLIS));
    while (!stalled(stage) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(200_000);
    }
  }

  private static long key(int stage, int index) {
    return stage * 1_000_000L + index;
  }

  void note(String invariant, String observed) {
    finding.compareAndSet(null, new Finding(invariant, observed));
  }

  /** A broken rule a stage saw from the inside, in the learner's terms. */
  record Finding(String invariant, String observed) {}

  static final String OWN_THREAD = "each stage runs on one thread of its own, one item at a time";
  static final String IN_ORDER = "every item passes each stage exactly once, in input order";
  static final String BOUNDED = "a queue between two stages holds at most `capacity` items";
  static final String BLOCKS =
      "a stage with nothing to do waits, by blocking, for as long as it takes";
  static final String STOPPED = "no stage starts an item after run() returned or threw";

  // ---- watching the stage threads ----------------------------------------------------------

  /**
   * Wait until every stage other than {@code self} has ended, or waits outside its function (or in
   * the stall), and no stage has moved, for {@link #STABLE_POLLS} polls. Stages whose thread is not
   * known yet (no item reached them) are skipped. Notes a stage that waits with a time limit, ends
   * while items are still coming, or never waits.
   *
   * @return whether the stages settled
   */
  boolean settle(int self) {
    return settle(self, STABLE_POLLS);
  }

  private boolean settle(int self, int polls) {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(SETTLE_MILLIS));
    int stable = 0;
    int lastProgress = -1;
    while (System.nanoTime() < deadline) {
      int progress = progress();
      boolean quiet = progress == lastProgress;
      for (int stage = 1; stage <= 3 && quiet; stage++) {
        quiet = stage == self || isQuiet(stage);
      }
      List<Thread> fresh = threadsBefore == null ? List.of() : newThreads(self);
      for (int i = 0; i < fresh.size() && quiet; i++) {
        quiet =
            Threads.isWaiting(fresh.get(i)) || fresh.get(i).getState() == Thread.State.TERMINATED;
      }
      lastProgress = progress;
      stable = quiet ? stable + 1 : 0;
      if (stable >= polls) {
        for (int stage = 1; stage <= 3; stage++) {
          if (stage != self) {
            inspectSettled(stage);
          }
        }
        for (Thread t : fresh) {
          if (t.getState() == Thread.State.TIMED_WAITING && inLearnerCode(t)) {
            timedWaiters.putIfAbsent(t, topFrame(t));
          }
        }
        return true;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    for (int stage = 1; stage <= 3; stage++) {
      Thread t = thread(stage);
      if (stage != self && t != null && !isQuiet(stage)) {
        note(
            BLOCKS,
            "stage "
                + stage
                + " never waited while stage "
                + self
                + " held item "
                + (started(self) - 1)
                + ": its thread \""
                + name(t)
                + "\" stayed "
                + t.getState()
                + topFrame(t)
                + ". A stage with nothing to do must block (take() on an empty queue, put() on a"
                + " full one), not spin");
        return false;
      }
    }
    return false;
  }

  /**
   * The platform threads started since {@link #watchNewThreads()}, other than the caller's and the
   * thread of stage {@code self}; empty until the caller waits (until then it may start more).
   */
  private List<Thread> newThreads(int self) {
    Thread waiting = caller;
    if (waiting == null || (!Threads.isWaiting(waiting) && !isStageThread(waiting))) {
      return List.of(Thread.currentThread()); // not waiting yet: never quiet
    }
    List<Thread> fresh = new ArrayList<>();
    for (Thread t : Threads.platformThreads()) {
      if (!threadsBefore.contains(t.threadId())
          && t != waiting
          && t != thread(self)
          && t != Thread.currentThread()) {
        fresh.add(t);
      }
    }
    return fresh;
  }

  private boolean isStageThread(Thread t) {
    return t == thread(1) || t == thread(2) || t == thread(3);
  }

  /** One poll: has this stage ended, or does it wait (outside its function, or in the stall)? */
  boolean isQuiet(int stage) {
    Thread t = thread(stage);
    if (t == null || t.getState() == Thread.State.TERMINATED) {
      return true;
    }
    if (stalled(stage) || holding.get(stage - 1) > 0) {
      return Threads.isWaiting(t) || holding.get(stage - 1) > 0;
    }
    return inFlight(stage) == 0 && Threads.isWaiting(t);
  }

  private void inspectSettled(int stage) {
    Thread t = thread(stage);
    if (t == null || stalled(stage) || holding.get(stage - 1) > 0) {
      return;
    }
    if (t.getState() == Thread.State.TERMINATED) {
      if (started(stage) < items && !failureThrown.get() && !runEnded && t != caller) {
        note(
            BLOCKS,
            "stage "
                + stage
                + " ended after "
                + started(stage)
                + " of "
                + items
                + " items while the stages before it were still at work: it took a quiet moment for"
                + " the end of the input. Wait for the next item (take()) until the end-of-input"
                + " marker comes");
      }
      return;
    }
    if (t.getState() == Thread.State.TIMED_WAITING && inLearnerCode(t)) {
      note(
          BLOCKS,
          "stage "
              + stage
              + " waits with a time limit (thread \""
              + name(t)
              + "\" is TIMED_WAITING"
              + topFrame(t)
              + "): a slow stage before it would look like the end of the input. Wait without a"
              + " time limit (take(), put()); the end of the input is the marker the previous stage"
              + " sends");
    }
  }

  private boolean inLearnerCode(Thread t) {
    if (learnerPackage.isEmpty()) {
      return true;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith(learnerPackage + ".")) {
        return true;
      }
    }
    return false;
  }

  /** A thread's name for the learner; a virtual thread without one is named by its id. */
  static String name(Thread t) {
    return t.getName().isEmpty()
        ? "#" + t.threadId() + (t.isVirtual() ? " (virtual)" : "")
        : t.getName();
  }

  /**
   * The first frame of a thread's stack outside the JDK's locking internals, as " in Class.method".
   */
  static String topFrame(Thread t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith("java.util.concurrent.locks.")
          || type.startsWith("jdk.internal.")
          || type.equals("java.lang.Object")
          || type.equals("java.lang.VirtualThread")
          || (type.startsWith("java.util.concurrent.ForkJoin")
              && frame.getMethodName().startsWith("await"))) {
        continue;
      }
      String simple = type.substring(type.lastIndexOf('.') + 1);
      return " in " + simple + "." + frame.getMethodName() + "()";
    }
    return "";
  }

  /** Describe where each stage is, for a run that did not end as it should. */
  String describeStages() {
    StringBuilder out = new StringBuilder();
    for (int stage = 1; stage <= 3; stage++) {
      out.append(System.lineSeparator()).append("    stage ").append(stage).append(": ");
      Thread t = thread(stage);
      if (t == null) {
        out.append("never received an item");
        continue;
      }
      out.append(started(stage))
          .append(" of ")
          .append(items)
          .append(" items started, thread \"")
          .append(name(t))
          .append("\" ");
      if (t.getState() == Thread.State.TERMINATED) {
        out.append("ended");
      } else if (stalled(stage)) {
        out.append("blocked inside its function on item ")
            .append(stalledAt.get(stage - 1))
            .append(" (only an interrupt stops it)");
      } else if (inFlight(stage) > 0) {
        out.append("inside its function");
      } else {
        out.append(t.getState()).append(topFrame(t));
      }
    }
    return out.toString();
  }

  /** Describe the stage threads (other than the caller's) that are still alive. */
  List<String> aliveStageThreads(Thread except) {
    List<String> alive = new ArrayList<>();
    for (int stage = 1; stage <= 3; stage++) {
      Thread t = thread(stage);
      if (t != null && t != except && t.isAlive()) {
        alive.add(
            "stage "
                + stage
                + " (thread \""
                + name(t)
                + "\" "
                + t.getState()
                + topFrame(t)
                + (inFlight(stage) > 0 ? ", inside its function" : "")
                + ")");
      }
    }
    return alive;
  }
}
