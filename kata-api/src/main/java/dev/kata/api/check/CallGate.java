package dev.kata.api.check;

import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hold a thread of the learner's code right after one of its calls to a given method returns, so
 * that a check chooses what runs in the gap: the gap between {@code accept()} returning a socket
 * and the learner's code recording it, say, in which a {@code close()} that does not wait for the
 * accepting thread walks its connections too early. A race in the learner's own code is then
 * provoked on every run instead of hoped for.
 *
 * <p>A check receives a gate as a parameter, names the call to gate, and creates the solution
 * through it. The gate loads the solution's classes afresh, rewritten so that every call site of
 * that method in them passes through the gate after the call returns (the JDK's class-file API;
 * nothing else changes). Calls pass freely until the check arms the gate; the next call is then
 * held until the check releases it.
 *
 * <pre>
 * EchoServer server = gate.after(ServerSocket.class, "accept").newSolution(EchoServer.class);
 * int port = server.start();
 * gate.holdNext();
 * client = connect(port);            // accept() returns the connection ...
 * gate.awaitHeld(...);               // ... and the learner's thread is held before it uses it
 * // call close() on another thread, wait until it returned or waits, then:
 * gate.release();
 * </pre>
 *
 * <p>A gate releases any held thread when the check ends, even a failed one. A held thread ignores
 * interrupts while held and has its interrupt status set again when released, so holding changes no
 * outcome but timing.
 *
 * @since 0.1
 */
public final class CallGate implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Map<Integer, CallGate> GATES = new ConcurrentHashMap<>();
  private static final ClassDesc SELF = ClassDesc.of(CallGate.class.getName());
  private static final MethodTypeDesc PASSED =
      MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);

  private final int id = IDS.incrementAndGet();
  private final String solutionClass;
  private final List<URL> solutionPath;
  private final ClassLoader parent;
  private Optional<Call> gated = Optional.empty();
  private RewritingLoader loader;
  private boolean armed;
  private Thread held;
  private boolean released;
  private int passed;
  private Thread watched;
  private int watchedCalls;
  private int holdAt;

  /** The calls gated: one method of one owner (after it returns), or every call (before it). */
  private record Call(String owner, String method, boolean everyCall) {}

  CallGate(String solutionClass, List<URL> solutionPath, ClassLoader parent) {
    this.solutionClass = solutionClass;
    this.solutionPath = List.copyOf(solutionPath);
    this.parent = parent;
    GATES.put(id, this);
  }

  /**
   * Gate the calls to {@code method} (any overload) of {@code owner} made by the solution's code.
   * Calls through a subtype's name are not gated. Call before {@link #newSolution}.
   *
   * @param owner the class or interface the learner's code calls the method on
   * @param method the method's name
   * @return this gate
   */
  public synchronized CallGate after(Class<?> owner, String method) {
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(method, "method must not be null");
    if (loader != null) {
      throw new IllegalStateException("after() must come before newSolution()");
    }
    gated = Optional.of(new Call(owner.getName().replace('.', '/'), method, false));
    return this;
  }

  /**
   * Gate every method call the solution's code makes (constructor calls aside), just before it is
   * made: a thread can then be held at any point of its course, call by call (see {@link #holdAt}).
   * It finds a check-then-act: hold the thread at each point in turn, run the other operation to
   * its end, release, and check the outcome. Call before {@link #newSolution}.
   *
   * @return this gate
   */
  public synchronized CallGate beforeEveryCall() {
    if (loader != null) {
      throw new IllegalStateException("beforeEveryCall() must come before newSolution()");
    }
    gated = Optional.of(new Call("", "", true));
    return this;
  }

  /**
   * A new instance of the solution class, loaded through this gate, created with its no-argument
   * constructor. Every instance of one gate shares one class loader.
   *
   * @param <T> the contract type
   * @param contract the contract the solution implements
   * @return the new instance
   * @throws AssertionError if the solution does not implement the contract or cannot be created,
   *     said in the learner's terms
   */
  // A solution that cannot be created fails its check, said in its terms, as SolutionResolver does.
  @SuppressWarnings("RethrowReflectiveOperationExceptionAsLinkageError")
  public <T> T newSolution(Class<T> contract) {
    Class<?> type;
    synchronized (this) {
      if (gated.isEmpty()) {
        throw new IllegalStateException("name the call to gate with after() first");
      }
      if (loader == null) {
        loader =
            new RewritingLoader(
                "kata-gated-solution", solutionPath, parent, transform(gated.get(), id));
      }
      try {
        type = Class.forName(solutionClass, false, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("solution class " + solutionClass + " not found", e);
      }
    }
    if (!contract.isAssignableFrom(type)) {
      throw new AssertionError("class " + type.getName() + " must implement " + contract.getName());
    }
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return contract.cast(constructor.newInstance());
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          "the constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot create " + type.getName() + ": " + e, e);
    }
  }

  private static CodeTransform transform(Call call, int gate) {
    return (code, element) -> {
      if (!(element instanceof InvokeInstruction invoke)) {
        code.with(element);
        return;
      }
      // Every call but a constructor's (before super() nothing may touch the uninitialised object,
      // and a gate there would hold nothing of interest), or the one method named.
      boolean gated =
          call.everyCall()
              ? !invoke.name().equalsString("<init>")
              : invoke.owner().asInternalName().equals(call.owner())
                  && invoke.name().equalsString(call.method());
      if (gated && call.everyCall()) { // before the call
        code.loadConstant(gate);
        code.invokestatic(SELF, "passed", PASSED);
      }
      code.with(invoke);
      if (gated && !call.everyCall()) { // after it returns
        code.loadConstant(gate);
        code.invokestatic(SELF, "passed", PASSED);
      }
    };
  }

  /** Hold the next gated call, once it returns, until {@link #release()}. */
  public synchronized void holdNext() {
    armed = true;
    released = false;
    held = null;
    watched = null;
  }

  /**
   * Hold {@code thread} at its {@code n}-th gated point from now (1 is the first), until {@link
   * #release()}; other threads pass. {@link #awaitHeld} returns empty at once if that thread ends
   * first: it made fewer gated calls.
   *
   * @param thread the thread to hold, typically not started yet
   * @param n which of its gated points, from 1
   */
  public synchronized void holdAt(Thread thread, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n counts from 1: " + n);
    }
    armed = true;
    released = false;
    held = null;
    watched = Objects.requireNonNull(thread, "thread must not be null");
    watchedCalls = 0;
    holdAt = n;
  }

  /**
   * Wait until a gated call has returned and its thread is held.
   *
   * @param timeout how long to wait, scaled by {@link TimeScale}
   * @return the held thread, or empty if no gated call returned in time
   * @throws InterruptedException if the check's thread is interrupted
   */
  public synchronized Optional<Thread> awaitHeld(Duration timeout) throws InterruptedException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(timeout.toMillis()));
    while (held == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (watched != null && watched.getState() == Thread.State.TERMINATED)) {
        return Optional.empty();
      }
      // A watched thread that ends sends no notice: look again every millisecond.
      TimeUnit.NANOSECONDS.timedWait(this, watched == null ? left : Math.min(left, 1_000_000));
    }
    return Optional.of(held);
  }

  /** Let the held thread (if any) go on, and let later calls pass. */
  public synchronized void release() {
    armed = false;
    released = true;
    notifyAll();
  }

  /**
   * How many gated calls have returned through this gate so far.
   *
   * @return the count
   */
  public synchronized int passed() {
    return passed;
  }

  /** Release any held thread; the gate lets every later call pass. */
  @Override
  public void close() {
    release();
    GATES.remove(id);
    // The loader stays open: a released thread of the solution may still load its classes (a
    // nested class first used after the hold), and a folder on the solution path holds nothing
    // open.
  }

  /**
   * Where the held thread is in the learner's code: the frame that called the gate, as "Name.method
   * (line N)". Empty if no thread is held.
   *
   * @return the held thread's place, for a check's message
   */
  public synchronized Optional<String> heldAt() {
    if (held == null) {
      return Optional.empty();
    }
    boolean inGate = false;
    for (StackTraceElement frame : held.getStackTrace()) {
      if (frame.getClassName().equals(CallGate.class.getName())) {
        inGate = true;
      } else if (inGate) {
        String type = frame.getClassName();
        return Optional.of(
            type.substring(type.lastIndexOf('.') + 1)
                + "."
                + frame.getMethodName()
                + " (line "
                + frame.getLineNumber()
                + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Called by the rewritten solution code at each gated point; not for checks.
   *
   * @param gate the gate's number, compiled into the rewritten code
   */
  public static void passed(int gate) {
    CallGate callGate = GATES.get(gate);
    if (callGate != null) {
      callGate.pass();
    }
  }

  private synchronized void pass() {
    passed++;
    if (!armed) {
      return;
    }
    if (watched != null && (Thread.currentThread() != watched || ++watchedCalls < holdAt)) {
      return;
    }
    armed = false;
    held = Thread.currentThread();
    notifyAll();
    boolean interrupted = false;
    while (!released) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
