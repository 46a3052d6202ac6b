package dev.kata.api.check;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hold a thread of the learner's code at a chosen point of its course, so that a check chooses what
 * runs in the gap: the gap between {@code accept()} returning a socket and the learner's code
 * recording it, say, in which a {@code close()} that does not wait for the accepting thread walks
 * its connections too early. A race in the learner's own code is then provoked on every run instead
 * of hoped for.
 *
 * <p>A check receives a gate as a parameter, names the points to gate, and creates the solution
 * through it. The gate loads the solution's classes afresh, rewritten so that every such point in
 * them passes through the gate (the JDK's class-file API; nothing else changes). The points are one
 * of:
 *
 * <ul>
 *   <li>{@link #after}: every call of one method, once it has returned;
 *   <li>{@link #beforeEveryCall}: every call, just before it is made, to walk a thread through its
 *       course call by call;
 *   <li>{@link #beforeEveryCallAndFieldAccess}: every call and every read and write of the
 *       solution's own non-final fields, just before it: a thread can then be held between the read
 *       and the write of {@code ++count}, which no call separates;
 *   <li>{@link #beforeUnsafeCollectionChanges}: every change of a {@code java.util} collection that
 *       is not thread-safe ({@code HashMap.put}, {@code ArrayList.add}...), just before it is made,
 *       with the collection: the gate then also sees a second thread reach the collection a held
 *       thread is about to change ({@link #contention}).
 * </ul>
 *
 * <p>Points pass freely until the check places a hold ({@link #holdNext}, {@link #holdAt}); the
 * point it names is then held until the check releases it. Several threads may be held at once, and
 * released one by one.
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

  /** How long {@link #release(Thread)} waits for a released thread to leave the gate. */
  private static final long RESUME_MILLIS = 10_000;

  private static final Map<Integer, CallGate> GATES = new ConcurrentHashMap<>();
  private static final ClassDesc SELF = ClassDesc.of(CallGate.class.getName());
  private static final MethodTypeDesc PASSED =
      MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
  private static final MethodTypeDesc CHANGING =
      MethodTypeDesc.of(
          ConstantDescs.CD_void,
          ConstantDescs.CD_Object,
          ConstantDescs.CD_String,
          ConstantDescs.CD_int);

  /**
   * The methods of a collection or map that change its structure. Not set() nor replace(): they
   * change one element or value in place, as a write to an array slot does, and threads that each
   * set a slot of their own in a list sized beforehand share nothing.
   */
  private static final Set<String> CHANGES =
      Set.of(
          "add",
          "addAll",
          "addFirst",
          "addLast",
          "offer",
          "offerFirst",
          "offerLast",
          "push",
          "pop",
          "poll",
          "pollFirst",
          "pollLast",
          "pollFirstEntry",
          "pollLastEntry",
          "remove",
          "removeAll",
          "removeIf",
          "removeFirst",
          "removeLast",
          "retainAll",
          "clear",
          "put",
          "putAll",
          "putIfAbsent",
          "putFirst",
          "putLast",
          "compute",
          "computeIfAbsent",
          "computeIfPresent",
          "merge",
          "replaceAll",
          "sort");

  /** The collections and maps of java.util that are not thread-safe (their subclasses too). */
  private static final List<Class<?>> UNSAFE =
      List.of(
          ArrayList.class,
          LinkedList.class,
          ArrayDeque.class,
          PriorityQueue.class,
          HashMap.class,
          TreeMap.class,
          WeakHashMap.class,
          IdentityHashMap.class,
          EnumMap.class,
          HashSet.class,
          TreeSet.class,
          EnumSet.class);

  private final int id = IDS.incrementAndGet();
  private final String solutionClass;
  private final List<URL> solutionPath;
  private final ClassLoader parent;
  private Optional<Call> gated = Optional.empty();
  private RewritingLoader loader;
  private final List<Hold> holds = new ArrayList<>();
  private int passed;
  private Contention contention;
  private final Set<Thread> threads = new LinkedHashSet<>();
  private final Set<Thread> resuming = new HashSet<>(); // let go by release(Thread), not yet out

  /** Which points are gated. */
  private enum Mode {
    AFTER,
    BEFORE_EVERY_CALL,
    BEFORE_EVERY_CALL_AND_FIELD_ACCESS,
    BEFORE_UNSAFE_CHANGES
  }

  /** The points gated: one method of one owner (after it returns), or every call of a kind. */
  private record Call(String owner, String method, Mode mode) {}

  /** One hold the check placed: a thread (or any) at its n-th point from now. */
  private static final class Hold {
    final Thread thread; // null: the next point of any thread
    final int at;
    int count;
    Thread held;
    Object on; // the collection a thread is held before changing, or null
    String place; // where it is held, in the learner's code
    String call; // the change it is held before, as "HashMap.put", or null
    boolean released;

    Hold(Thread thread, int at) {
      this.thread = thread;
      this.at = at;
    }
  }

  /**
   * Two threads inside calls on one object at once: {@code held} is held just before it changes a
   * collection that is not thread-safe, and {@code other} reached a change of the very same
   * collection meanwhile. Nothing keeps the two apart: a thread kept out by a lock that the held
   * thread holds, or waiting for it, never gets there.
   *
   * @param held the held thread
   * @param heldAt its call and where it is made, as "HashMap.put in Name.method (line N)"
   * @param other the thread that reached the same collection meanwhile
   * @param otherAt its call and where it is made, in the same form
   */
  public record Contention(Thread held, String heldAt, Thread other, String otherAt) {}

  CallGate(String solutionClass, List<URL> solutionPath, ClassLoader parent) {
    this.solutionClass = solutionClass;
    this.solutionPath = List.copyOf(solutionPath);
    this.parent = parent;
    GATES.put(id, this);
  }

  /**
   * Gate the calls to {@code method} (any overload) of {@code owner} made by the solution's code,
   * after each returns. Calls through a subtype's name are not gated. Call before {@link
   * #newSolution}.
   *
   * @param owner the class or interface the learner's code calls the method on
   * @param method the method's name
   * @return this gate
   */
  public synchronized CallGate after(Class<?> owner, String method) {
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(method, "method must not be null");
    return gate(new Call(owner.getName().replace('.', '/'), method, Mode.AFTER), "after()");
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
    return gate(new Call("", "", Mode.BEFORE_EVERY_CALL), "beforeEveryCall()");
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
    return gate(
        new Call("", "", Mode.BEFORE_EVERY_CALL_AND_FIELD_ACCESS),
        "beforeEveryCallAndFieldAccess()");
  }

  /**
   * Gate every change the solution's code makes to a collection or map of {@code java.util} that is
   * not thread-safe, just before it is made: {@code put}, {@code add}, {@code remove}, {@code
   * offer}, {@code compute}, {@code clear}... on an {@code ArrayList}, {@code LinkedList}, {@code
   * ArrayDeque}, {@code PriorityQueue}, {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap},
   * {@code WeakHashMap}, {@code IdentityHashMap}, {@code EnumMap}, {@code HashSet}, {@code TreeSet}
   * or {@code EnumSet} (whatever type the call names: a {@code Map.put} on a {@code HashMap}
   * counts). Not gated: {@code set} and {@code replace}, which change an element in place as a
   * write to an array slot does (threads that each set a slot of their own share nothing); a
   * concurrent collection, a synchronized wrapper, {@code Vector}, {@code Hashtable}, an immutable
   * collection; a change made through a view or an iterator. A {@code put} of a key already mapped
   * counts: it cannot be told apart before the call.
   *
   * <p>It finds a collection that two threads change with nothing keeping them apart: hold one
   * thread before its change (see {@link #holdAt}), let the others run until each has ended or
   * stopped ({@link Threads#awaitEndedOrStopped}), and ask {@link #contention}. A thread kept out
   * by a lock, or waiting for the held thread, never reaches the collection; one that reaches it
   * proves the race on every run, whatever the timing. Call before {@link #newSolution}.
   *
   * @return this gate
   */
  public synchronized CallGate beforeUnsafeCollectionChanges() {
    return gate(new Call("", "", Mode.BEFORE_UNSAFE_CHANGES), "beforeUnsafeCollectionChanges()");
  }

  private CallGate gate(Call call, String what) {
    if (loader != null) {
      throw new IllegalStateException(what + " must come before newSolution()");
    }
    if (gated.isPresent()) {
      // One gate rewrites one kind of point; a second would silently replace the first.
      throw new IllegalStateException(
          what + " names a second point to gate; a gate holds one kind of point: use two gates");
    }
    gated = Optional.of(call);
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

  private static CodeTransform transform(Call call, int gate, SolutionFields fields) {
    return (code, element) -> {
      if (call.mode() == Mode.BEFORE_EVERY_CALL_AND_FIELD_ACCESS
          && element instanceof FieldInstruction field
          && fields.isMutable(field.owner().asInternalName(), field.name().stringValue())) {
        code.loadConstant(gate);
        code.invokestatic(SELF, "passed", PASSED);
        code.with(element);
        return;
      }
      // Every call but a constructor's (before super() nothing may touch the uninitialised object,
      // and a gate there would hold nothing of interest).
      if (!(element instanceof InvokeInstruction invoke) || invoke.name().equalsString("<init>")) {
        code.with(element);
        return;
      }
      switch (call.mode()) {
        case BEFORE_EVERY_CALL, BEFORE_EVERY_CALL_AND_FIELD_ACCESS -> {
          code.loadConstant(gate);
          code.invokestatic(SELF, "passed", PASSED);
          code.with(invoke);
        }
        case AFTER -> {
          code.with(invoke);
          if (invoke.owner().asInternalName().equals(call.owner())
              && invoke.name().equalsString(call.method())) {
            code.loadConstant(gate);
            code.invokestatic(SELF, "passed", PASSED);
          }
        }
        case BEFORE_UNSAFE_CHANGES -> {
          if (mayChangeACollection(invoke)) {
            passReceiver(code, invoke, gate);
          }
          code.with(invoke);
        }
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

  /**
   * A call of a changing method on a type of java.util itself (an interface such as Map or List, or
   * a class): whether its object is a collection that is not thread-safe is told at run time.
   */
  private static boolean mayChangeACollection(InvokeInstruction invoke) {
    String owner = invoke.owner().asInternalName();
    return (invoke.opcode() == Opcode.INVOKEVIRTUAL || invoke.opcode() == Opcode.INVOKEINTERFACE)
        && owner.startsWith("java/util/")
        && owner.indexOf('/', "java/util/".length()) < 0
        && CHANGES.contains(invoke.name().stringValue());
  }

  /**
   * On the stack: ..., object, arguments. The arguments go into fresh locals, a copy of the object
   * to the gate with the method's name, then the arguments come back, as they were.
   */
  private static void passReceiver(CodeBuilder code, InvokeInstruction invoke, int gate) {
    List<ClassDesc> parameters = invoke.typeSymbol().parameterList();
    int[] slots = new int[parameters.size()];
    for (int i = parameters.size() - 1; i >= 0; i--) {
      TypeKind kind = TypeKind.from(parameters.get(i));
      slots[i] = code.allocateLocal(kind);
      code.storeLocal(kind, slots[i]);
    }
    code.dup();
    code.loadConstant(invoke.name().stringValue());
    code.loadConstant(gate);
    code.invokestatic(SELF, "changing", CHANGING);
    for (int i = 0; i < parameters.size(); i++) {
      code.loadLocal(TypeKind.from(parameters.get(i)), slots[i]);
    }
  }

  /**
   * Hold the next gated point of any thread (after the call returns, or before it is made, as the
   * gate was named) until {@link #release()}.
   */
  public synchronized void holdNext() {
    place(new Hold(null, 1));
  }

  /**
   * Hold {@code thread} at its {@code n}-th gated point from now (1 is the first), until {@link
   * #release()} or {@link #release(Thread)}; other threads pass. {@link #awaitHeld} returns empty
   * at once if that thread ends first: it made fewer gated calls. A hold of another thread placed
   * before stays: two threads can be held at points of their own, and released one by one.
   *
   * @param thread the thread to hold, typically not started yet, or waiting in the check's code
   * @param n which of its gated points, from 1
   */
  public synchronized void holdAt(Thread thread, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n counts from 1: " + n);
    }
    Objects.requireNonNull(thread, "thread must not be null");
    release(thread);
    place(new Hold(thread, n));
  }

  private void place(Hold hold) {
    if (holds.isEmpty()) {
      contention = null; // a new round of holds
    }
    holds.add(hold);
  }

  /**
   * Wait until a thread is held at a point the check named, and return it (the first held, if
   * several are).
   *
   * @param timeout how long to wait, scaled by {@link TimeScale}
   * @return the held thread, or empty if none was held in time, or if every thread the holds name
   *     has ended
   * @throws InterruptedException if the check's thread is interrupted
   */
  public synchronized Optional<Thread> awaitHeld(Duration timeout) throws InterruptedException {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(timeout.toMillis()));
    while (true) {
      Optional<Hold> held = firstHeld();
      if (held.isPresent()) {
        return Optional.of(held.get().held);
      }
      long left = deadline - System.nanoTime();
      boolean watching = !holds.isEmpty() && holds.stream().allMatch(h -> h.thread != null);
      if (left <= 0
          || (watching
              && holds.stream().allMatch(h -> h.thread.getState() == Thread.State.TERMINATED))) {
        return Optional.empty();
      }
      // A watched thread that ends sends no notice: look again every millisecond.
      TimeUnit.NANOSECONDS.timedWait(this, watching ? Math.min(left, 1_000_000) : left);
    }
  }

  /**
   * Wait until {@code thread} is held at a point the check named for it, or, not held, has ended or
   * cannot go on by itself (see {@link Threads#cannotGoOnByItself}) on {@link Threads#STABLE_POLLS}
   * polls in a row: it made fewer gated calls, or it waits for something else, such as a lock
   * another held thread has. A held thread is seen at once, without the polls a stop needs, and a
   * thread merely passing through this gate's monitor is never taken for stopped.
   *
   * @param thread a thread the check named in {@link #holdAt}
   * @param baseMillis the limit, before {@link TimeScale} is applied
   * @return where it is held, as {@link #heldAt(Thread)} says it, or empty if it is not held
   * @throws InterruptedException if the check's thread is interrupted
   */
  public synchronized Optional<String> awaitHeldOrStopped(Thread thread, long baseMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    int stopped = 0;
    while (true) {
      Optional<String> at = heldAt(thread);
      if (at.isPresent()) {
        return at;
      }
      stopped = Threads.cannotGoOnByItself(thread) ? stopped + 1 : 0;
      if (stopped >= Threads.STABLE_POLLS || System.nanoTime() > deadline) {
        return Optional.empty();
      }
      TimeUnit.NANOSECONDS.timedWait(this, 1_000_000);
    }
  }

  private Optional<Hold> firstHeld() {
    return holds.stream().filter(h -> h.held != null && !h.released).findFirst();
  }

  /** Let every held thread go on, and let later calls pass. */
  public synchronized void release() {
    holds.forEach(hold -> hold.released = true);
    holds.clear();
    notifyAll();
  }

  /**
   * Let {@code thread} go on if it is held, and drop any hold placed for it; other holds stay. A
   * held thread is let go when this returns: it has left the gate, so a check that next waits for
   * it to end or stop (with {@link Threads#awaitEndedOrStopped}) does not see it still waiting
   * here. On a loaded machine a thread that was notified can stay WAITING for milliseconds before
   * it runs.
   *
   * @param thread the thread to let go
   */
  public synchronized void release(Thread thread) {
    boolean wasHeld = holds.stream().anyMatch(hold -> hold.held == thread && !hold.released);
    holds.removeIf(
        hold -> {
          boolean its = hold.thread == thread || hold.held == thread;
          hold.released |= its;
          return its;
        });
    notifyAll();
    if (wasHeld) {
      resuming.add(thread);
      awaitLeft(thread);
    }
  }

  /** Wait, bounded, until a released thread has left {@link #pass}. */
  private void awaitLeft(Thread thread) {
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(RESUME_MILLIS));
    while (resuming.contains(thread) && thread.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * How many gated points have been passed through this gate so far.
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
   * Where the held thread is in the learner's code: the frame that made the gated call, as
   * "Name.method (line N)". With several held, the first held. Empty if no thread is held.
   *
   * @return the held thread's place, for a check's message
   */
  public synchronized Optional<String> heldAt() {
    return firstHeld().map(hold -> hold.place);
  }

  /**
   * Where {@code thread} is held in the learner's code, as {@link #heldAt()} says it.
   *
   * @param thread a thread the check named in {@link #holdAt}
   * @return its place, or empty if it is not held
   */
  public synchronized Optional<String> heldAt(Thread thread) {
    return holds.stream()
        .filter(h -> h.held == thread && !h.released)
        .findFirst()
        .map(hold -> hold.place);
  }

  /**
   * The first time, since the holds of this round were placed, that a thread reached a change of
   * the very collection another thread was held before changing (see {@link
   * #beforeUnsafeCollectionChanges}): two threads inside one collection that is not thread-safe,
   * with nothing keeping them apart. A round begins when a hold is placed with none pending.
   *
   * @return the contention, or empty if none was seen
   */
  public synchronized Optional<Contention> contention() {
    return Optional.ofNullable(contention);
  }

  /**
   * Called by the rewritten solution code at each gated point; not for checks.
   *
   * @param gate the gate's number, compiled into the rewritten code
   */
  public static void passed(int gate) {
    CallGate callGate = GATES.get(gate);
    if (callGate != null) {
      callGate.pass(null, null);
    }
  }

  /**
   * Called by the rewritten solution code before each call that may change a collection; not for
   * checks.
   *
   * @param on the object of the call
   * @param method the method's name
   * @param gate the gate's number, compiled into the rewritten code
   */
  public static void changing(Object on, String method, int gate) {
    CallGate callGate = GATES.get(gate);
    if (callGate != null && on != null && UNSAFE.stream().anyMatch(type -> type.isInstance(on))) {
      callGate.pass(on, jdkName(on.getClass()) + "." + method);
    }
  }

  /** The simple name of the first JDK class of a type: a learner's subclass of HashMap is one. */
  private static String jdkName(Class<?> type) {
    Class<?> jdk = type;
    while (!jdk.getName().startsWith("java.") && jdk.getSuperclass() != null) {
      jdk = jdk.getSuperclass();
    }
    return jdk.getSimpleName();
  }

  private synchronized void pass(Object on, String call) {
    passed++;
    Thread self = Thread.currentThread();
    threads.add(self);
    if (on != null && contention == null) {
      for (Hold hold : holds) {
        if (hold.on == on && hold.held != self && !hold.released) {
          contention =
              new Contention(
                  hold.held,
                  hold.call + " in " + hold.place,
                  self,
                  call + " in " + placeOfCaller());
          notifyAll();
          break;
        }
      }
    }
    Hold hold = null;
    for (Hold candidate : holds) {
      if (candidate.held == null
          && !candidate.released
          && (candidate.thread == null
              || (candidate.thread == self && ++candidate.count == candidate.at))) {
        hold = candidate;
        break;
      }
    }
    if (hold == null) {
      return;
    }
    hold.held = self;
    hold.on = on;
    hold.call = call;
    hold.place = placeOfCaller();
    notifyAll();
    boolean interrupted = false;
    while (!hold.released) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (resuming.remove(self)) {
      notifyAll();
    }
    if (interrupted) {
      self.interrupt();
    }
  }

  /** The learner's frame that called the gate, as "Name.method (line N)". */
  private static String placeOfCaller() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .dropWhile(frame -> frame.getClassName().equals(CallGate.class.getName()))
                    .findFirst())
        .map(
            frame -> {
              String type = frame.getClassName();
              return type.substring(type.lastIndexOf('.') + 1)
                  + "."
                  + frame.getMethodName()
                  + " (line "
                  + frame.getLineNumber()
                  + ")";
            })
        .orElse("an unknown place");
  }
}
