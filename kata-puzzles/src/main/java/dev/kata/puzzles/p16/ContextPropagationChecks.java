package dev.kata.puzzles.p16;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 16.
 *
 * <p>Every check runs twice, once on each handler ({@code threadLocal()} and {@code scoped()}): the
 * contract is the same, only where the id lives differs. The requests and subtasks are the check's
 * own code; they log through {@link Log}, which reads {@code currentId()} on the thread that logs,
 * as a logging framework's MDC does, and knows which request each line belongs to. The executors
 * are the check's {@link CheckPool}s: platform threads started before any request, so they start
 * with nothing bound, and reused from task to task. After a request, a probe task on every pool
 * thread reads {@code currentId()} there: a value left behind is seen on every run, not when the
 * scheduler happens to hand the thread to the next request. The interleaving of many requests is
 * steered with latches: every request has bound its id before any logs, every request has submitted
 * its first subtask before any submits its second, and the pool threads are held until every
 * subtask is queued, so the queue interleaves the requests and a pool thread runs tasks of
 * different requests one after the other. No check waits for a timer: the bounds below are reached
 * only by a wrong solution.
 *
 * <h2>Contract audit: each sentence of {@link RequestHandler}, {@link RequestContexts} and the
 * starter's GOAL, and its check</h2>
 *
 * <table>
 *   <caption>contract sentence, check</caption>
 *   <tr><td>currentId: the id bound to the calling thread, or null when none is</td><td>every
 *       check, through {@link Log} and the pool probes; a {@code currentId()} that throws where
 *       nothing is bound (an unbound ScopedValue's {@code get()}) is reported as such</td></tr>
 *   <tr><td>handle 1: while the request runs, currentId on the calling thread gives its
 *       id</td><td>{@link #theIdIsBoundWhileTheRequestRuns}; {@link
 *       #interleavedRequestsEachKeepTheirOwnId} (four requests bound at once, each logs after all
 *       have bound: a shared field holds only the last)</td></tr>
 *   <tr><td>handle: runs the request on the calling thread, once</td><td>{@link
 *       #theIdIsBoundWhileTheRequestRuns}</td></tr>
 *   <tr><td>handle 2: return what the request returned, throw the very throwable it threw, of any
 *       kind</td><td>{@link #theIdIsBoundWhileTheRequestRuns} (the value); {@link
 *       #aFailingRequestLeavesNothingBound} (checked, RuntimeException, Error,
 *       InterruptedException: the same instance)</td></tr>
 *   <tr><td>handle 3: afterwards the calling thread has the id it had before: none</td><td>every
 *       check (a line logged after each request must carry no id), {@link
 *       #aFailingRequestLeavesNothingBound} (after each kind of failure), {@link
 *       #interleavedRequestsEachKeepTheirOwnId} (on each request's thread)</td></tr>
 *   <tr><td>handle 3: ...the outer request's id for a handle inside another</td><td>{@link
 *       #nestedBindingsGiveTheOuterIdBack}: inner handle returning and throwing, on the request's
 *       thread and on a pool thread</td></tr>
 *   <tr><td>submit 3: ...the executor's thread has the id it had before (not merely none)</td><td>{@link
 *       #nestedBindingsGiveTheOuterIdBack}: a subtask submitted to a {@link CallerRunsExecutor}
 *       runs on the request's own thread, which must have the request's id again after it</td></tr>
 *   <tr><td>submit 1: the subtask runs once, on a thread of the executor</td><td>{@link
 *       #subtasksCarryTheIdToPoolThreads} (thread and run count), {@link Log#requireOnPool}</td></tr>
 *   <tr><td>submit: return the executor's future without waiting</td><td>{@link
 *       #subtasksCarryTheIdToPoolThreads}: the subtasks are held until all three were submitted,
 *       and the request's thread seen waiting meanwhile is a submit that waits</td></tr>
 *   <tr><td>submit 2: while the subtask runs, currentId there gives the id bound on the calling
 *       thread at the moment of submit</td><td>{@link #subtasksCarryTheIdToPoolThreads}; {@link
 *       #interleavedRequestsEachKeepTheirOwnId} (the pool is held until every request has
 *       submitted: an id read or kept anywhere but at the submit is another request's); {@link
 *       #aFailingRequestLeavesNothingBound} (a subtask still held when its request fails keeps its
 *       id); {@link #nestedBindingsGiveTheOuterIdBack} (a subtask of a subtask, on another
 *       pool)</td></tr>
 *   <tr><td>submit 2: ...or null when none was (outside any request)</td><td>{@link
 *       #aPoolThreadCarriesNothingFromOneRequestToTheNext}: submit outside handle, on the thread a
 *       request used before</td></tr>
 *   <tr><td>submit 3: when the subtask ends, normally or by throwing anything, the thread has the
 *       id it had before: nothing from one task to the next</td><td>{@link
 *       #aPoolThreadCarriesNothingFromOneRequestToTheNext} (one pool thread reused by two requests
 *       and an unbound task, probed between them); {@link
 *       #aFailingSubtaskLeavesItsPoolThreadClean} (checked, RuntimeException, Error,
 *       InterruptedException); the probes after every check</td></tr>
 *   <tr><td>submit 4: the future gives the result, or ExecutionException with what the subtask
 *       threw</td><td>{@link #subtasksCarryTheIdToPoolThreads}, {@link
 *       #aFailingSubtaskLeavesItsPoolThreadClean} (the same instance as the cause)</td></tr>
 *   <tr><td>submit: the subtask may call submit or handle itself</td><td>{@link
 *       #nestedBindingsGiveTheOuterIdBack}</td></tr>
 *   <tr><td>RequestHandler: many requests at once share the handler and the executors</td><td>{@link
 *       #interleavedRequestsEachKeepTheirOwnId}</td></tr>
 *   <tr><td>RequestContexts: each method gives a new handler, independent of every
 *       other</td><td>{@link #twoHandlersAreIndependent}: inside one handler's request another
 *       handler's currentId() is null, and its nested handle leaves the first one's id alone (a
 *       static ThreadLocal shared by every handler fails it), for two threadLocal() handlers and
 *       for a threadLocal() and a scoped() one. Two scoped() handlers are not compared: the kept
 *       alternative {@code alternatives/16/stack-and-carrier} shares a static ScopedValue between
 *       them, which this sentence forbids; once it keeps its ScopedValue per handler, add that
 *       pair</td></tr>
 *   <tr><td>RequestContexts: threadLocal() keeps the id in a ThreadLocal, scoped() in a
 *       ScopedValue</td><td>every check runs on both handlers. Which API
 *       each uses is not observable from outside: a handler that keeps every rule with another
 *       mechanism passes, and the starter and hints carry that part of the lesson</td></tr>
 *   <tr><td>GOAL: a failing request or subtask leaves nothing behind</td><td>{@link
 *       #aFailingRequestLeavesNothingBound}, {@link #aFailingSubtaskLeavesItsPoolThreadClean}</td></tr>
 * </table>
 *
 * <p>Not applicable: the contract has no blocking call of its own (handle waits only as long as the
 * request's own code does), so there is no interrupt to honour and no timed wait to detect; an
 * InterruptedException the request or subtask throws is one of the failure kinds above.
 */
@PuzzleChecks(timeLimitSeconds = 30)
public class ContextPropagationChecks {

  /** How long a correct solution may take, at most, to do what it must do at once. */
  private static final long PROMPT_MILLIS = 10_000;

  private record Mode(String name, RequestHandler handler) {}

  private static List<Mode> modes(RequestContexts solution) {
    return List.of(
        new Mode("threadLocal()", solution.threadLocal()), new Mode("scoped()", solution.scoped()));
  }

  @Test
  @Order(1)
  @DisplayName(
      "handle runs the request once, on the calling thread, with its id bound; nothing is bound"
          + " before or after")
  void theIdIsBoundWhileTheRequestRuns(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      log.line(null, "before any request");
      Thread caller = Thread.currentThread();
      AtomicInteger runs = new AtomicInteger();
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      Object result =
          handler.handle(
              "r-1",
              () -> {
                runs.incrementAndGet();
                ranOn.set(Thread.currentThread());
                log.line("r-1", "the request");
                return "value of r-1";
              });
      log.line(null, "after the request returned");
      Invariant.require(
          runs.get() == 1,
          mode.name() + ": handle runs the request once",
          "1 run",
          () -> runs.get() + " runs");
      Invariant.require(
          ranOn.get() == caller,
          mode.name() + ": handle runs the request on the calling thread",
          caller.getName(),
          () -> String.valueOf(ranOn.get()));
      Invariant.require(
          "value of r-1".equals(result),
          mode.name() + ": handle returns what the request returned",
          "value of r-1",
          () -> String.valueOf(result));
      log.requireEveryLineCarriesItsId();
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "submit returns at once; each subtask runs once on a pool thread, with its request's id")
  void subtasksCarryTheIdToPoolThreads(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool pool = new CheckPool("pool", 2)) {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> submitWaited = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        List<Object> values =
            handler.handle(
                "r-2",
                () -> {
                  CountDownLatch allSubmitted = new CountDownLatch(1);
                  List<Future<String>> futures = new ArrayList<>();
                  for (int i = 0; i < 3; i++) {
                    String name = "subtask " + i + " of r-2";
                    futures.add(
                        handler.submit(
                            pool,
                            () -> {
                              runs.incrementAndGet();
                              // Held until the request has submitted all three. Run on the caller,
                              // it would wait
                              // for itself: skip.
                              if (pool.owns(Thread.currentThread()) && submitWaited.get() == null) {
                                holdUntilSubmitted(allSubmitted, caller, name, submitWaited);
                              }
                              log.line("r-2", name);
                              return "value of " + name;
                            }));
                  }
                  allSubmitted.countDown();
                  log.line("r-2", "the request, after submitting");
                  List<Object> got = new ArrayList<>();
                  for (Future<String> future : futures) {
                    got.add(get(mode, future, "a subtask of r-2"));
                  }
                  log.line("r-2", "the request, after its subtasks");
                  return got;
                });
        log.line(null, "after the request returned");
        Invariant.require(
            submitWaited.get() == null,
            mode.name() + ": submit returns without waiting for the subtask",
            "every submit returned while its subtask was held",
            submitWaited::get);
        for (int i = 0; i < 3; i++) {
          log.requireOnPool("subtask " + i + " of r-2", pool);
        }
        Invariant.require(
            runs.get() == 3,
            mode.name() + ": each subtask submitted runs once",
            "3 runs for 3 subtasks",
            () -> runs.get() + " runs");
        List<Object> expected =
            List.of(
                "value of subtask 0 of r-2",
                "value of subtask 1 of r-2",
                "value of subtask 2 of r-2");
        Invariant.require(
            expected.equals(values),
            mode.name() + ": the future submit returns gives the subtask's result",
            expected,
            () -> values);
        log.requireEveryLineCarriesItsId();
        pool.requireNothingBound(mode.name(), handler, "after request r-2");
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "four requests at once on shared pool threads: every line, on every thread, carries its own"
          + " request's id")
  void interleavedRequestsEachKeepTheirOwnId(RequestContexts solution) throws Exception {
    int count = 4;
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool pool = new CheckPool("pool", 2)) {
        // Hold both pool threads until every request has queued both its subtasks.
        CountDownLatch gatesRunning = new CountDownLatch(2);
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
          pool.execute(
              () -> {
                gatesRunning.countDown();
                try {
                  var _ = Patience.hold(gate, PROMPT_MILLIS * 2);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
        }
        requireWithin(gatesRunning, "the check's pool threads start", mode);
        CountDownLatch allBound = new CountDownLatch(count);
        CountDownLatch allFirstSubmitted = new CountDownLatch(count);
        CountDownLatch allSubmitted = new CountDownLatch(count);
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        List<Thread> requests = new ArrayList<>();
        for (int r = 1; r <= count; r++) {
          String id = "r-3-" + r;
          Thread request =
              new Thread(
                  () -> {
                    try {
                      Object value =
                          handler.handle(
                              id,
                              () -> {
                                allBound.countDown();
                                await(allBound, "every request has bound its id");
                                log.line(id, "start of " + id);
                                Future<String> first =
                                    handler.submit(
                                        pool,
                                        () -> {
                                          log.line(id, "subtask A of " + id);
                                          return "A of " + id;
                                        });
                                allFirstSubmitted.countDown();
                                await(
                                    allFirstSubmitted,
                                    "every request has submitted its first subtask");
                                Future<String> second =
                                    handler.submit(
                                        pool,
                                        () -> {
                                          log.line(id, "subtask B of " + id);
                                          return "B of " + id;
                                        });
                                allSubmitted.countDown();
                                Object a = get(mode, first, "subtask A of " + id);
                                Object b = get(mode, second, "subtask B of " + id);
                                log.line(id, "end of " + id);
                                return a + ", " + b;
                              });
                      log.line(null, "thread of " + id + ", after handle returned");
                      outcomes.put(id, value);
                    } catch (Throwable t) {
                      outcomes.put(id, t);
                    }
                  },
                  "request-" + r);
          requests.add(request);
        }
        try {
          requests.forEach(Thread::start);
          // Patient: a submit that waits for its subtask never lets this happen; once nothing can
          // move, kata ends the wait, and the gate opens.
          var _ = Patience.await(allSubmitted, PROMPT_MILLIS * 2);
          gate.countDown();
          for (Thread request : requests) {
            request.join(TimeScale.millis(PROMPT_MILLIS * 2));
            Invariant.require(
                !request.isAlive(),
                mode.name() + ": every request ends",
                request.getName() + " returned from handle",
                () -> request.getName() + " is still running (its request waits for a subtask)");
          }
        } finally {
          gate.countDown();
          for (Thread request : requests) {
            request.interrupt();
            request.join(TimeScale.millis(PROMPT_MILLIS));
          }
        }
        log.requireEveryLineCarriesItsId();
        for (int r = 1; r <= count; r++) {
          String id = "r-3-" + r;
          Object outcome = outcomes.get(id);
          String expected = "A of " + id + ", B of " + id;
          if (outcome instanceof AssertionError failure) {
            throw failure; // a check's own finding inside the request, such as a request never run
          }
          if (outcome instanceof Throwable t) {
            throw Invariant.violated(
                mode.name() + ": each request returns its own subtasks' results",
                expected,
                "handle threw " + t,
                null);
          }
          Invariant.require(
              expected.equals(outcome),
              mode.name() + ": each request returns its own subtasks' results",
              expected,
              () -> String.valueOf(outcome));
        }
        pool.requireNothingBound(mode.name(), handler, "after four requests");
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "one pool thread serves two requests and an unbound task: each sees its own id, none sees a"
          + " leftover")
  void aPoolThreadCarriesNothingFromOneRequestToTheNext(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool pool = new CheckPool("single", 1)) {
        request(mode, handler, log, pool, "r-4a");
        pool.requireNothingBound(mode.name(), handler, "once request r-4a's subtask ended");
        // A task submitted outside any request, on the same thread: it must see no id.
        get(
            mode,
            handler.submit(
                pool,
                () -> {
                  log.line(null, "task submitted outside any request");
                  return null;
                }),
            "a task submitted outside any request");
        log.requireEveryLineCarriesItsId();
        pool.requireNothingBound(mode.name(), handler, "once the unbound task ended");
        request(mode, handler, log, pool, "r-4b");
        log.requireEveryLineCarriesItsId();
        pool.requireNothingBound(mode.name(), handler, "once request r-4b's subtask ended");
      }
    }
  }

  @Test
  @Order(5)
  @DisplayName(
      "a request that throws (checked, RuntimeException, Error, InterruptedException): handle"
          + " throws it and nothing stays bound")
  void aFailingRequestLeavesNothingBound(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool pool = new CheckPool("single", 1)) {
        for (Throwable thrown : failures("request")) {
          String id = "r-5-" + thrown.getClass().getSimpleName();
          CountDownLatch release = new CountDownLatch(1);
          AtomicReference<Future<Object>> inFlight = new AtomicReference<>();
          Throwable caught = null;
          try {
            handler.handle(
                id,
                () -> {
                  log.line(id, "the request, before it fails");
                  inFlight.set(
                      handler.submit(
                          pool,
                          () -> {
                            // Untimed: a submit that waits for this subtask then leaves every
                            // thread waiting for another, and kata reports that standstill at
                            // once. The check releases it, and closing the pool interrupts it.
                            release.await();
                            log.line(
                                id, "subtask of " + id + ", still running when its request failed");
                            return null;
                          }));
                  throw sneaky(thrown);
                });
          } catch (Throwable t) {
            caught = t;
          }
          Thread.interrupted(); // the check's own thread goes on; the flag is not the point here
          log.line(null, "after " + id + " failed");
          Throwable seen = caught;
          Invariant.require(
              seen == thrown,
              mode.name() + ": handle throws what the request threw, the very same throwable",
              thrown,
              () -> seen == null ? "handle returned normally" : "it threw " + seen);
          release.countDown();
          if (inFlight.get() != null) {
            get(mode, inFlight.get(), "the subtask of " + id);
          }
          log.requireEveryLineCarriesItsId();
          pool.requireNothingBound(
              mode.name(), handler, "once the subtask of failed " + id + " ended");
        }
      }
    }
  }

  @Test
  @Order(6)
  @DisplayName(
      "a subtask that throws (checked, RuntimeException, Error, InterruptedException): its future"
          + " fails with it, its pool thread is left clean")
  void aFailingSubtaskLeavesItsPoolThreadClean(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool pool = new CheckPool("single", 1)) {
        for (Throwable thrown : failures("subtask")) {
          String id = "r-6-" + thrown.getClass().getSimpleName();
          Object cause =
              handler.handle(
                  id,
                  () -> {
                    Future<Object> failing =
                        handler.submit(
                            pool,
                            () -> {
                              log.line(id, "subtask of " + id + ", before it fails");
                              throw sneaky(thrown);
                            });
                    // The next task on the same thread, of the same request, still sees the id.
                    Future<Object> sibling =
                        handler.submit(
                            pool,
                            () -> {
                              log.line(id, "sibling of the failed subtask of " + id);
                              return null;
                            });
                    Object failure;
                    try {
                      failing.get(TimeScale.millis(PROMPT_MILLIS), TimeUnit.MILLISECONDS);
                      failure = "the future gave a result";
                    } catch (ExecutionException e) {
                      failure = e.getCause();
                    } catch (TimeoutException e) {
                      failure = "the future never completed";
                    }
                    get(mode, sibling, "the sibling of the failed subtask of " + id);
                    return failure;
                  });
          Invariant.require(
              cause == thrown,
              mode.name()
                  + ": the future of a failed subtask throws ExecutionException whose cause"
                  + " is what the subtask threw",
              thrown,
              () -> String.valueOf(cause));
          log.line(null, "after " + id);
          log.requireEveryLineCarriesItsId();
          pool.requireNothingBound(
              mode.name(),
              handler,
              "once the subtask of " + id + " threw " + thrown.getClass().getSimpleName());
        }
      }
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "handle inside handle, or a subtask run on the caller's thread, gives the outer id back, on"
          + " the request's thread and on a pool thread")
  void nestedBindingsGiveTheOuterIdBack(RequestContexts solution) throws Exception {
    for (Mode mode : modes(solution)) {
      RequestHandler handler = mode.handler();
      Log log = new Log(mode.name(), handler);
      try (CheckPool first = new CheckPool("first", 1);
          CheckPool second = new CheckPool("second", 1)) {
        handler.handle(
            "outer",
            () -> {
              log.line("outer", "outer request");
              handler.handle(
                  "inner",
                  () -> {
                    log.line("inner", "inner request");
                    get(
                        mode,
                        handler.submit(
                            first,
                            () -> {
                              log.line("inner", "subtask of the inner request");
                              return null;
                            }),
                        "the subtask of the inner request");
                    return null;
                  });
              log.line("outer", "outer request, after the inner one returned");
              try {
                handler.handle(
                    "failing-inner",
                    () -> {
                      log.line("failing-inner", "failing inner request");
                      throw new IllegalStateException("the inner request fails");
                    });
              } catch (IllegalStateException expected) {
                log.line("outer", "outer request, after the inner one threw");
              }
              get(
                  mode,
                  handler.submit(
                      first,
                      () -> {
                        log.line("outer", "subtask of outer");
                        get(
                            mode,
                            handler.submit(
                                second,
                                () -> {
                                  log.line(
                                      "outer", "subtask of the subtask of outer, on another pool");
                                  return null;
                                }),
                            "the subtask of a subtask");
                        handler.handle(
                            "on-pool",
                            () -> {
                              log.line(
                                  "on-pool",
                                  "request handled inside the subtask, on the pool thread");
                              return null;
                            });
                        log.line("outer", "subtask of outer, after a handle on its pool thread");
                        return null;
                      }),
                  "the subtask of outer");
              // An executor that runs the subtask on this very thread: the wrapper must give the
              // thread back the id it had (outer), not leave it with none.
              get(
                  mode,
                  handler.submit(
                      new CallerRunsExecutor(),
                      () -> {
                        log.line("outer", "subtask of outer run by the caller's own thread");
                        return null;
                      }),
                  "the subtask of outer run by the caller's own thread");
              log.line("outer", "outer request, after a subtask ran on its own thread");
              log.line("outer", "outer request, at its end");
              return null;
            });
        log.line(null, "after the outer request");
        log.requireOnPool("subtask of the subtask of outer, on another pool", second);
        log.requireEveryLineCarriesItsId();
        first.requireNothingBound(mode.name(), handler, "after the outer request");
        second.requireNothingBound(mode.name(), handler, "after the outer request");
      }
    }
  }

  @Test
  @Order(8)
  @DisplayName(
      "two handlers are independent: inside one handler's request, another handler has no id, and"
          + " its own handle leaves the first one's id alone")
  void twoHandlersAreIndependent(RequestContexts solution) throws Exception {
    // Two threadLocal() handlers, then a threadLocal() and a scoped() handler, each way round.
    // Only the threadLocal() pair: the kept alternative stack-and-carrier shares one static
    // ScopedValue between its scoped() handlers (see the audit map above).
    requireIndependent(
        "threadLocal()", solution.threadLocal(), "another threadLocal()", solution.threadLocal());
    requireIndependent("threadLocal()", solution.threadLocal(), "scoped()", solution.scoped());
    requireIndependent("scoped()", solution.scoped(), "threadLocal()", solution.threadLocal());
  }

  /**
   * Inside {@code first.handle("first-request", ...)}, require {@code second.currentId()} to be
   * null, and {@code second.handle("second-request", ...)} to bind only its own id and leave the
   * first one's alone. Both run on this thread: what one handler binds is seen by the other only
   * when they share where the id lives.
   */
  private static void requireIndependent(
      String firstName, RequestHandler first, String secondName, RequestHandler second)
      throws Exception {
    String invariant =
        "each call of threadLocal() or scoped() gives a new handler, independent of every other";
    String fix =
        ": the two handlers share where the id lives (a static ThreadLocal or ScopedValue, one for"
            + " the whole class); make it an instance field, so each handler has its own";
    first.handle(
        "first-request",
        () -> {
          requireId(
              invariant,
              secondName + ".currentId() inside " + firstName + ".handle(\"first-request\", ...)",
              null,
              second.currentId(),
              fix);
          second.handle(
              "second-request",
              () -> {
                requireId(
                    invariant,
                    firstName
                        + ".currentId() inside "
                        + secondName
                        + ".handle(\"second-request\", ...), itself inside "
                        + firstName
                        + ".handle(\"first-request\", ...)",
                    "first-request",
                    first.currentId(),
                    fix);
                return null;
              });
          requireId(
              invariant,
              firstName
                  + ".currentId() after "
                  + secondName
                  + ".handle(\"second-request\", ...) returned",
              "first-request",
              first.currentId(),
              fix);
          return null;
        });
  }

  private static void requireId(
      String invariant, String where, String expected, String observed, String fix) {
    if (!Objects.equals(expected, observed)) {
      throw Invariant.violated(
          invariant,
          where + " gives " + (expected == null ? "null" : "\"" + expected + "\""),
          where + " gave " + (observed == null ? "null" : "\"" + observed + "\"") + fix);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A request that logs, and has one subtask on {@code pool} that logs. */
  private static void request(Mode mode, RequestHandler handler, Log log, CheckPool pool, String id)
      throws Exception {
    handler.handle(
        id,
        () -> {
          log.line(id, "request " + id);
          get(
              mode,
              handler.submit(
                  pool,
                  () -> {
                    log.line(id, "subtask of " + id);
                    return null;
                  }),
              "the subtask of " + id);
          return null;
        });
    log.line(null, "after request " + id);
    log.requireOnPool("subtask of " + id, pool);
  }

  /**
   * Hold a subtask until its request has submitted every subtask. The request's thread does nothing
   * but submit meanwhile, so when it is seen waiting (not merely contending for a lock), submit is
   * waiting for the subtask: that is recorded at once, without waiting for a timer.
   */
  private static void holdUntilSubmitted(
      CountDownLatch allSubmitted, Thread caller, String name, AtomicReference<String> submitWaited)
      throws InterruptedException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(PROMPT_MILLIS));
    int waitingPolls = 0;
    // Each poll starts with the latch still closed: three polls in a row that see the caller
    // waiting saw it waiting before it counted down, that is, inside submit.
    while (allSubmitted.getCount() > 0) {
      waitingPolls = Threads.isWaiting(caller) ? waitingPolls + 1 : 0;
      if (waitingPolls == Threads.STABLE_POLLS) {
        submitWaited.set(
            "the request's thread waited inside submit while "
                + name
                + " was held:"
                + " submit waits for its subtask");
        return;
      }
      if (System.nanoTime() > deadline) {
        submitWaited.set(
            name
                + " was held "
                + TimeScale.millis(PROMPT_MILLIS)
                + " ms and its request had not submitted the rest: submit does not return while its"
                + " subtask runs");
        return;
      }
      allSubmitted.await(1, TimeUnit.MILLISECONDS);
    }
  }

  /** A failure of each kind, new instances each time. */
  private static List<Throwable> failures(String who) {
    return List.of(
        new Checked("the " + who + " fails with a checked exception"),
        new IllegalStateException("the " + who + " fails with a RuntimeException"),
        new Failure("the " + who + " fails with an Error"),
        new InterruptedException("the " + who + " was interrupted"));
  }

  /** Throw any throwable from a Callable. */
  private static Exception sneaky(Throwable thrown) {
    if (thrown instanceof Error error) {
      throw error;
    }
    return (Exception) thrown;
  }

  private static Object get(Mode mode, Future<?> future, String what) throws InterruptedException {
    try {
      // Patient first, then bounded: kata ends the first wait once nothing can move.
      var _ = Patience.until(() -> future.isDone(), PROMPT_MILLIS);
      return future.get(
          future.isDone() ? TimeScale.millis(PROMPT_MILLIS) : 0, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw Invariant.violated(
          mode.name() + ": the future gives the subtask's result",
          "the result of " + what,
          "it failed with " + e.getCause());
    } catch (TimeoutException e) {
      throw Invariant.violated(
          mode.name() + ": every subtask submitted runs and its future completes",
          "the result of " + what,
          "its future did not complete "
              + Patience.howItEnded()
              + ": the subtask never ran, or waits for itself");
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!Patience.await(latch, PROMPT_MILLIS)) {
      throw Invariant.violated(
          "the requests run at the same time, each on its own thread",
          what,
          "it never happened: handle does not run the requests at once");
    }
  }

  private static void requireWithin(CountDownLatch latch, String what, Mode mode)
      throws InterruptedException {
    if (!latch.await(TimeScale.millis(PROMPT_MILLIS), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "puzzle 16's check is broken, not your code: "
              + what
              + " did not happen ("
              + mode.name()
              + ")");
    }
  }

  /** The checked exception a request or a subtask throws. */
  static final class Checked extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    Checked(String message) {
      super(message);
    }
  }

  /** The Error a request or a subtask throws. */
  static final class Failure extends Error {
    @Serial private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }
}
