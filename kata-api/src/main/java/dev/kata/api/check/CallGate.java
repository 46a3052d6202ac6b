package dev.kata.api.check;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.FieldModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p>A gate can also pass every call the solution makes, just before it ({@link #beforeEveryCall}),
 * and every read and write of the solution's own non-final fields too ({@link
 * #beforeEveryCallAndFieldAccess}): {@link #holdAt} then holds one thread at its n-th such point,
 * so a check walks the points of an operation one by one and runs another operation in each gap.
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
  private Optional<Gated> gated = Optional.empty();
  private RewritingLoader loader;
  private boolean armed;
  private Thread held;

  /**
   * How many times release() was called: a held thread waits until it changes, so a hold armed
   * again at once after a release never keeps the thread that release let go.
   */
  private long releases;

  private int passed;
  private Thread watched;
  private int watchedCalls;
  private int holdAt;
  private final Set<Thread> threads = new LinkedHashSet<>();

  /** What is gated: one method of one owner (after it returns), or every call (before it). */
  private record Gated(String owner, String method, boolean everyCall, boolean fieldAccesses) {}

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
    gated = Optional.of(new Gated(owner.getName().replace('.', '/'), method, false, false));
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
    gated = Optional.of(new Gated("", "", true, false));
    return this;
  }

  /**
   * Gate, just before each, every method call the solution's code makes (constructor calls aside)
   * and every read and write of a non-final field declared by one of the solution's own classes
   * (static or not). A thread can then be held between two steps that no call separates: between
   * the read and the write of {@code ++count} on a volatile field, where a lost update happens, or
   * between a check of a flag and its setting. Each gated point counts as one for {@link #holdAt}.
   * Call before {@link #newSolution}.
   *
   * @return this gate
   */
  public synchronized CallGate beforeEveryCallAndFieldAccess() {
    if (loader != null) {
      throw new IllegalStateException(
          "beforeEveryCallAndFieldAccess() must come before newSolution()");
    }
    gated = Optional.of(new Gated("", "", true, true));
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
                "kata-gated-solution",
                solutionPath,
                parent,
                transform(gated.get(), id, new SolutionFields(solutionPath)));
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

  private static CodeTransform transform(Gated gated, int gate, SolutionFields fields) {
    return (code, element) -> {
      boolean before;
      boolean after = false;
      if (element instanceof InvokeInstruction invoke) {
        // Every call but a constructor's (before super() nothing may touch the uninitialised
        // object, and a gate there would hold nothing of interest), or the one method named.
        boolean named =
            gated.everyCall()
                ? !invoke.name().equalsString("<init>")
                : invoke.owner().asInternalName().equals(gated.owner())
                    && invoke.name().equalsString(gated.method());
        before = named && gated.everyCall();
        after = named && !gated.everyCall();
      } else {
        before =
            gated.fieldAccesses()
                && element instanceof FieldInstruction field
                && fields.isMutable(field.owner().asInternalName(), field.name().stringValue());
      }
      if (before) {
        code.loadConstant(gate);
        code.invokestatic(SELF, "passed", PASSED);
      }
      code.with(element);
      if (after) {
        code.loadConstant(gate);
        code.invokestatic(SELF, "passed", PASSED);
      }
    };
  }

  /**
   * Which fields of the solution's own classes are not final, read from their class files on the
   * solution path: a final field never changes once set, so a hold before reading it finds nothing.
   */
  private static final class SolutionFields {
    private final URLClassLoader classFiles;
    private final Map<String, Optional<ClassModel>> classes = new ConcurrentHashMap<>();

    SolutionFields(List<URL> path) {
      // Read only, never a class defined: it holds nothing open for folders, and lives as long as
      // the gate's loader (see close()).
      classFiles = new URLClassLoader(path.toArray(URL[]::new), null);
    }

    /** A non-final field named {@code name} that {@code owner}, a solution class, has. */
    boolean isMutable(String owner, String name) {
      // A field is declared by the class named in the instruction or by one of its superclasses.
      for (Optional<ClassModel> type = model(owner); type.isPresent(); ) {
        ClassModel model = type.get();
        for (FieldModel field : model.fields()) {
          if (field.fieldName().equalsString(name)) {
            return !field.flags().has(AccessFlag.FINAL);
          }
        }
        type = model.superclass().flatMap(s -> model(s.asInternalName()));
      }
      return false; // a JDK class's field, or an interface's constant
    }

    private Optional<ClassModel> model(String internalName) {
      return classes.computeIfAbsent(
          internalName,
          n -> {
            URL found = classFiles.findResource(n + ".class");
            if (found == null) {
              return Optional.empty();
            }
            try (InputStream in = found.openStream()) {
              return Optional.of(ClassFile.of().parse(in.readAllBytes()));
            } catch (IOException e) {
              return Optional.empty();
            }
          });
    }
  }

  /** Hold the next gated call, once it returns, until {@link #release()}. */
  public synchronized void holdNext() {
    armed = true;
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
    releases++;
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

  /**
   * The threads that have passed a gated point of this gate and are still alive: the threads that
   * run the learner's code (those it started, and the check's threads that called it), platform or
   * virtual. A check that holds one of them can tell from the others' states whether anything can
   * still move while it is held.
   *
   * @return the live threads seen at gated points
   */
  public synchronized Set<Thread> threads() {
    threads.removeIf(t -> !t.isAlive());
    return Set.copyOf(threads);
  }

  /** Release any held thread; the gate lets every later call pass. */
  @Override
  public void close() {
    release();
    GATES.remove(id);
    // The loader (and the reader of the solution's class files) stays open: a released thread of
    // the solution may still load its classes (a nested class first used after the hold), and a
    // folder on the solution path holds nothing open.
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
    threads.add(Thread.currentThread());
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
    long releasesBefore = releases;
    while (releases == releasesBefore) {
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
