package dev.kata.testkit;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithBody;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * The built-in concurrency mutation operators: the ConMAn catalogue (Bradbury, Cordy and Dingel,
 * "Mutation Operators for Concurrent Java (J2SE 5.0)", 2006) where it applies to Java 25 code, and
 * the mistakes this course teaches against.
 *
 * <p>Operators work on syntax alone (no type resolution): a call is recognised by its name and
 * arity, so an operator may also hit a look-alike (a {@code Map.put} is not a queue's). Such a
 * mutant usually does not compile, and is counted as uncompilable, or it is a real change anyway.
 *
 * @since 0.1
 */
public final class ConcurrencyOperators {

  private ConcurrencyOperators() {}

  /** Calls that wait, hand over or release: removing one is ConMAn's RTXC/RCXC. */
  static final Set<String> SYNC_CALLS =
      Set.of(
          "wait",
          "join",
          "await",
          "awaitUninterruptibly",
          "acquire",
          "acquireUninterruptibly",
          "release",
          "lock",
          "lockInterruptibly",
          "unlock",
          "signal",
          "signalAll",
          "notify",
          "notifyAll",
          "countDown",
          "arriveAndAwaitAdvance",
          "arrive",
          "complete",
          "completeExceptionally",
          "get",
          "awaitTermination",
          "cancel");

  /** Calls that end a resource's life. */
  static final Set<String> CLOSE_CALLS =
      Set.of("shutdown", "shutdownNow", "close", "destroy", "destroyForcibly");

  private static final Set<String> PROCESS_KILLS = Set.of("destroy", "destroyForcibly");
  private static final Set<String> ACQUIRES =
      Set.of("lock", "lockInterruptibly", "acquire", "acquireUninterruptibly");
  private static final Set<String> RELEASES = Set.of("unlock", "release");
  private static final Set<String> WAITS =
      Set.of("wait", "await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");
  private static final Map<String, String> PLAIN_COLLECTIONS =
      Map.of(
          "ConcurrentHashMap", "java.util.HashMap",
          "ConcurrentSkipListMap", "java.util.TreeMap",
          "ConcurrentSkipListSet", "java.util.TreeSet",
          "ConcurrentLinkedQueue", "java.util.ArrayDeque",
          "ConcurrentLinkedDeque", "java.util.ArrayDeque",
          "CopyOnWriteArrayList", "java.util.ArrayList",
          "CopyOnWriteArraySet", "java.util.LinkedHashSet");
  private static final Set<String> COUNTED =
      Set.of(
          "Semaphore",
          "CountDownLatch",
          "CyclicBarrier",
          "Phaser",
          "ArrayBlockingQueue",
          "LinkedBlockingQueue",
          "LinkedBlockingDeque",
          "ForkJoinPool",
          "ThreadPoolExecutor",
          "ScheduledThreadPoolExecutor");
  private static final Set<String> POOL_FACTORIES =
      Set.of("newFixedThreadPool", "newScheduledThreadPool", "newWorkStealingPool");
  private static final Set<String> CONCURRENT_EXECUTORS =
      Set.of(
          "newVirtualThreadPerTaskExecutor",
          "newCachedThreadPool",
          "newFixedThreadPool",
          "newWorkStealingPool",
          "newThreadPerTaskExecutor");
  private static final Set<String> RANDOM_DRAWS =
      Set.of("nextDouble", "nextFloat", "nextGaussian", "nextInt", "nextLong");
  private static final Map<String, String> NON_ATOMIC =
      Map.of(
          "incrementAndGet",
          "+ 1",
          "getAndIncrement",
          "+ 1",
          "decrementAndGet",
          "- 1",
          "getAndDecrement",
          "- 1");

  /**
   * Get every operator: the built-in ones below, then those registered as services of {@link
   * MutationOperator}.
   */
  public static List<MutationOperator> all() {
    List<MutationOperator> all = new ArrayList<>(builtIn());
    ServiceLoader.load(MutationOperator.class).forEach(all::add);
    return all;
  }

  /** Get the built-in operators, in a fixed order. */
  public static List<MutationOperator> builtIn() {
    return List.of(
        op(
            "RSK",
            "remove the synchronized modifier of a method",
            u -> {
              List<MutationOperator.Site> sites = new ArrayList<>();
              for (MethodDeclaration m : u.findAll(MethodDeclaration.class)) {
                if (m.isSynchronized()) {
                  sites.add(site(m, () -> m.setSynchronized(false)));
                }
              }
              return sites;
            }),
        op(
            "RSB",
            "remove a synchronized block, keeping its body",
            u ->
                each(
                    u, SynchronizedStmt.class, s -> site(s, () -> s.replace(s.getBody().clone())))),
        op(
            "MSP",
            "synchronize on a fresh object instead: a lock nobody else takes",
            u ->
                each(
                    u,
                    SynchronizedStmt.class,
                    s ->
                        site(
                            s,
                            () ->
                                s.setExpression(
                                    StaticJavaParser.parseExpression("new Object()"))))),
        op(
            "ESP",
            "exchange the locks of two nested synchronized blocks (another lock order)",
            u ->
                each(
                    u,
                    SynchronizedStmt.class,
                    outer ->
                        outer
                            .getBody()
                            .findFirst(SynchronizedStmt.class)
                            .filter(inner -> !inner.getExpression().equals(outer.getExpression()))
                            .map(
                                inner ->
                                    site(
                                        outer,
                                        () -> {
                                          Expression first = outer.getExpression().clone();
                                          outer.setExpression(inner.getExpression().clone());
                                          inner.setExpression(first);
                                        }))
                            .orElse(null))),
        op(
            "RVK",
            "remove the volatile modifier of a field",
            u -> {
              List<MutationOperator.Site> sites = new ArrayList<>();
              for (FieldDeclaration f : u.findAll(FieldDeclaration.class)) {
                if (f.isVolatile()) {
                  sites.add(site(f, () -> f.setVolatile(false)));
                }
              }
              return sites;
            }),
        op("RNA", "replace notifyAll() with notify()", u -> rename(u, "notifyAll", 0, "notify")),
        op("RSA", "replace signalAll() with signal()", u -> rename(u, "signalAll", 0, "signal")),
        op(
            "RCXC",
            "remove a call that waits, hands over or releases (wait, join, await, acquire, release,"
                + " lock, unlock, signal, countDown, complete, get, ...)",
            u -> dropCalls(u, SYNC_CALLS)),
        op(
            "RINT",
            "remove a call to interrupt(), such as restoring the interrupt status",
            u -> dropCalls(u, Set.of("interrupt"))),
        op(
            "RCLOSE",
            "remove a call that ends a resource's life: shutdown, close, destroy",
            u -> dropCalls(u, CLOSE_CALLS)),
        op(
            "RTWR",
            "take a resource out of try-with-resources: it is never closed",
            ConcurrencyOperators::unTryResources),
        op(
            "RFU",
            "move an unlock or release out of its finally block",
            ConcurrencyOperators::unlockOutOfFinally),
        op(
            "RDF",
            "remove a remove() in a finally block (a ThreadLocal left set)",
            u -> {
              List<MutationOperator.Site> sites = new ArrayList<>();
              for (TryStmt t : u.findAll(TryStmt.class)) {
                t.getFinallyBlock().ifPresent(f -> sites.addAll(dropCalls(f, Set.of("remove"), 0)));
              }
              return sites;
            }),
        op(
            "NO_RESTORE",
            "drop a set(...) in a finally block: the value the thread had before is not put back",
            u -> {
              List<MutationOperator.Site> sites = new ArrayList<>();
              for (TryStmt t : u.findAll(TryStmt.class)) {
                t.getFinallyBlock().ifPresent(f -> sites.addAll(dropCalls(f, Set.of("set"), 1)));
              }
              return sites;
            }),
        op(
            "LATE_CAPTURE",
            "read a value inside the task's lambda instead of just before it: context is read on"
                + " the thread that runs the task, not on the thread that submits it",
            ConcurrencyOperators::lateCapture),
        op(
            "UNBOUND_CALL",
            "run a scoped value's operation without its binding: where(k, v).call(op) becomes op's"
                + " own call",
            ConcurrencyOperators::unboundCall),
        op(
            "PUT_OFFER",
            "replace a blocking put(x) with offer(x) or offer(x, 10 ms), which drop the item when"
                + " full",
            u -> {
              List<MutationOperator.Site> sites = new ArrayList<>(rename(u, "put", 1, "offer"));
              // The timed offer still throws InterruptedException, so it compiles where put's
              // caller catches it.
              sites.addAll(
                  each(
                      u,
                      MethodCallExpr.class,
                      c ->
                          c.getNameAsString().equals("put") && c.getArguments().size() == 1
                              ? site(
                                  c,
                                  () -> {
                                    c.setName("offer");
                                    c.addArgument("10");
                                    c.addArgument("java.util.concurrent.TimeUnit.MILLISECONDS");
                                  })
                              : null));
              return sites;
            }),
        op(
            "TAKE_POLL",
            "replace a blocking take() with poll(100 ms), which gives null when it times out",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().equals("take") && c.getArguments().isEmpty()
                            ? site(
                                c,
                                () -> {
                                  c.setName("poll");
                                  c.addArgument("100");
                                  c.addArgument("java.util.concurrent.TimeUnit.MILLISECONDS");
                                })
                            : null)),
        op(
            "CANCEL_FALSE",
            "replace cancel(true) with cancel(false): the task is not interrupted",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().equals("cancel")
                                && c.getArguments().size() == 1
                                && c.getArgument(0) instanceof BooleanLiteralExpr b
                                && b.getValue()
                            ? site(c, () -> c.setArgument(0, new BooleanLiteralExpr(false)))
                            : null)),
        op(
            "SHUTDOWN_NOW",
            "replace shutdown() with shutdownNow(): the work in flight is interrupted, not drained",
            u -> rename(u, "shutdown", 0, "shutdownNow")),
        op(
            "NO_AWAIT_TERMINATION",
            "drop awaitTermination: nothing waits for the executor's tasks to end (where its"
                + " result is used, isTerminated() answers at once instead)",
            ConcurrencyOperators::noAwaitTermination),
        op(
            "DROP_SUPPRESSED",
            "drop addSuppressed: a second failure is lost instead of riding on the first",
            u -> dropCalls(u, Set.of("addSuppressed"))),
        op(
            "PLAIN_COLLECTION",
            "replace a concurrent collection with a plain one",
            ConcurrencyOperators::plainCollections),
        op(
            "WHILE_IF",
            "replace the while loop around a wait with an if: a spurious wake-up goes through",
            u ->
                each(
                    u,
                    WhileStmt.class,
                    w ->
                        w.getBody()
                                .findFirst(
                                    MethodCallExpr.class, c -> WAITS.contains(c.getNameAsString()))
                                .isPresent()
                            ? whileToIf(w)
                            : null)),
        op(
            "READ_ONCE",
            "read once instead of in a loop: a partial read is taken for the whole",
            u ->
                each(
                    u,
                    WhileStmt.class,
                    w ->
                        w.getCondition()
                                .findFirst(
                                    MethodCallExpr.class,
                                    c -> c.getNameAsString().startsWith("read"))
                                .isPresent()
                            ? whileToIf(w)
                            : null)),
        op(
            "IGNORE_EOF",
            "never see the end of a stream: a comparison with -1 no longer matches",
            ConcurrencyOperators::ignoreEndOfStream),
        op(
            "ELPA",
            "exchange two lock or permit acquisitions (another lock order)",
            ConcurrencyOperators::exchangeAcquisitions),
        op(
            "SKCR",
            "shrink a critical region: a statement leaves it",
            ConcurrencyOperators::shrinkRegion),
        op(
            "EXCR",
            "expand a critical region: a neighbouring statement enters it",
            ConcurrencyOperators::expandRegion),
        op(
            "EAN",
            "replace an atomic update with a get() then a set()",
            ConcurrencyOperators::nonAtomic),
        op(
            "MXC",
            "change a permit, capacity or thread count by one",
            ConcurrencyOperators::changeCounts),
        op(
            "SEQ_EXECUTOR",
            "replace a concurrent executor with a single thread",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        CONCURRENT_EXECUTORS.contains(c.getNameAsString())
                                && c.getScope()
                                    .map(s -> s.toString().endsWith("Executors"))
                                    .orElse(false)
                            ? site(
                                c,
                                () ->
                                    c.replace(
                                        StaticJavaParser.parseExpression(
                                            "java.util.concurrent.Executors.newSingleThreadExecutor()")))
                            : null)),
        op(
            "DEFAULT_POOL",
            "drop the executor argument of an ...Async call: it runs on the common pool",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().endsWith("Async") && c.getArguments().size() >= 2
                            ? site(c, () -> c.getArguments().removeLast())
                            : null)),
        op(
            "DRAIN_ONE",
            "never read one of a child process's output streams: its pipe fills and the child"
                + " blocks",
            ConcurrencyOperators::drainOneStreamOnly),
        op(
            "MERGE_STREAMS",
            "merge a child process's stderr into its stdout (redirectErrorStream(true))",
            u ->
                each(
                    u,
                    ObjectCreationExpr.class,
                    c ->
                        c.getType().getNameAsString().equals("ProcessBuilder")
                                && !(c.getParentNode().orElse(null) instanceof MethodCallExpr m
                                    && m.getNameAsString().equals("redirectErrorStream"))
                            ? site(
                                c,
                                () ->
                                    c.replace(
                                        new MethodCallExpr(
                                            c.clone(),
                                            "redirectErrorStream",
                                            new NodeList<>(new BooleanLiteralExpr(true)))))
                            : null)),
        op(
            "POLITE_KILL",
            "replace destroyForcibly() with destroy(): a polite request, which a process may"
                + " ignore",
            u -> rename(u, "destroyForcibly", 0, "destroy")),
        op(
            "RKILL_REF",
            "remove a kill passed as a method reference, such as"
                + " forEach(ProcessHandle::destroyForcibly)",
            u ->
                each(
                    u,
                    MethodReferenceExpr.class,
                    r ->
                        PROCESS_KILLS.contains(r.getIdentifier())
                                && r.getParentNode().orElse(null) instanceof MethodCallExpr call
                                && call.getParentNode().orElse(null)
                                    instanceof ExpressionStmt statement
                            ? site(r, () -> removeStatement(statement))
                            : null)),
        op(
            "WIDEN_CATCH",
            "catch every Exception instead of the one the code means (retry or swallow everything)",
            u ->
                each(
                    u,
                    CatchClause.class,
                    c ->
                        c.getParameter().getType() instanceof ClassOrInterfaceType t
                                && !Set.of("Exception", "Throwable", "RuntimeException")
                                    .contains(t.getNameAsString())
                            ? site(
                                c,
                                () ->
                                    c.getParameter()
                                        .setType(new ClassOrInterfaceType(null, "Exception")))
                            : null)),
        op(
            "NO_SHUTDOWN_NOW",
            "replace shutdownNow() with shutdown(): the running tasks are not interrupted",
            u -> rename(u, "shutdownNow", 0, "shutdown")),
        op(
            "NARROW_CATCH",
            "catch Exception instead of Throwable: an Error passes by the handler (cancel, record)",
            u ->
                each(
                    u,
                    CatchClause.class,
                    c ->
                        c.getParameter().getType() instanceof ClassOrInterfaceType t
                                && t.getNameAsString().equals("Throwable")
                            ? site(
                                c,
                                () ->
                                    c.getParameter()
                                        .setType(new ClassOrInterfaceType(null, "Exception")))
                            : null)),
        op(
            "CAS_SWAP",
            "replace compareAndSet(e, x) with getAndSet(x) == e: the value is overwritten even when"
                + " it was not e, so the last writer wins instead of the first",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().equals("compareAndSet")
                                && c.getArguments().size() == 2
                                && c.getScope().isPresent()
                            ? site(
                                c,
                                () ->
                                    c.replace(
                                        new BinaryExpr(
                                            new MethodCallExpr(
                                                c.getScope().get().clone(),
                                                "getAndSet",
                                                new NodeList<>(c.getArgument(1).clone())),
                                            c.getArgument(0).clone(),
                                            BinaryExpr.Operator.EQUALS)))
                            : null)),
        op(
            "ANY_OF",
            "rethrow a failure caught inside a first-success loop: the first completion decides, a"
                + " failure included, as CompletableFuture.anyOf does",
            ConcurrencyOperators::firstCompletionWins),
        op(
            "WAIT_ALL",
            "remove the break that leaves a loop of take() or poll(...) waits once a failure is"
                + " seen: the loop waits for every task, as allOf(...).join() does, and a later"
                + " outcome overwrites the first",
            ConcurrencyOperators::waitForAll),
        op(
            "IGNORE_INTERRUPTED",
            "read Thread.interrupted() as false: an interrupt that arrived while waiting is"
                + " not acted on",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().equals("interrupted")
                                && c.getArguments().isEmpty()
                                && c.getScope()
                                    .map(s -> s.toString().equals("Thread"))
                                    .orElse(false)
                            ? site(c, () -> c.replace(new BooleanLiteralExpr(false)))
                            : null)),
        op(
            "CANCEL_ON_INTERRUPT",
            "interrupted while waiting for a future, cancel it with cancel(true): the work"
                + " the waiter should only stop waiting for is interrupted half way",
            u ->
                futureWaits(
                    u,
                    (statement, future) ->
                        "try { "
                            + statement
                            + " } catch (InterruptedException cancelled) { "
                            + future
                            + ".cancel(true); throw cancelled; }")),
        op(
            "WAIT_OUT_INTERRUPT",
            "interrupted while waiting for a future, swallow the interrupt and wait again: the"
                + " caller is never told it was cancelled",
            u ->
                futureWaits(
                    u,
                    (statement, future) ->
                        "while (true) { try { "
                            + statement
                            + " break; } catch (InterruptedException"
                            + " ignored) { } }")),
        op(
            "DROP_JITTER",
            "drop the jitter: a random draw becomes the middle of its range, so every client"
                + " backs off by the same delay",
            ConcurrencyOperators::dropJitter),
        op(
            "DROP_CAP",
            "drop a cap: Math.min(x, cap) becomes x alone, or the cap alone",
            ConcurrencyOperators::dropCap),
        op(
            "RETRY_ALL",
            "retry every exception: a predicate's test(failure) reads true",
            u ->
                each(
                    u,
                    MethodCallExpr.class,
                    c ->
                        c.getNameAsString().equals("test")
                                && c.getArguments().size() == 1
                                && c.getScope().isPresent()
                            ? site(c, () -> c.replace(new BooleanLiteralExpr(true)))
                            : null)));
  }

  /**
   * Sites that replace a statement waiting for a future without a time limit ({@code f.get();}, its
   * result unused) with the statement {@code replacement} writes from it and the future's name.
   */
  private static List<MutationOperator.Site> futureWaits(
      Node root, BinaryOperator<String> replacement) {
    return each(
        root,
        ExpressionStmt.class,
        statement ->
            statement.getExpression() instanceof MethodCallExpr c
                    && c.getNameAsString().equals("get")
                    && c.getArguments().isEmpty()
                    && c.getScope().orElse(null) instanceof NameExpr future
                ? site(
                    statement,
                    () ->
                        statement.replace(
                            StaticJavaParser.parseStatement(
                                replacement.apply(statement.toString(), future.getNameAsString()))))
                : null);
  }

  /** Sites that replace Math.min(x, cap) with one of its arguments. */
  private static List<MutationOperator.Site> dropCap(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (MethodCallExpr c : unit.findAll(MethodCallExpr.class)) {
      if (c.getNameAsString().equals("min")
          && c.getArguments().size() == 2
          && c.getScope().map(s -> s.toString().equals("Math")).orElse(false)) {
        sites.add(site(c, () -> c.replace(new EnclosedExpr(c.getArgument(0).clone()))));
        sites.add(site(c, () -> c.replace(new EnclosedExpr(c.getArgument(1).clone()))));
      }
    }
    return sites;
  }

  /** Sites that replace a random draw with the middle of its range: no jitter left. */
  private static List<MutationOperator.Site> dropJitter(CompilationUnit unit) {
    return each(
        unit,
        MethodCallExpr.class,
        c -> {
          if (!RANDOM_DRAWS.contains(c.getNameAsString()) || c.getScope().isEmpty()) {
            return null;
          }
          NodeList<Expression> args = c.getArguments();
          if (args.size() == 2) {
            Expression sum =
                new BinaryExpr(
                    new EnclosedExpr(args.get(0).clone()),
                    new EnclosedExpr(args.get(1).clone()),
                    BinaryExpr.Operator.PLUS);
            return site(
                c,
                () ->
                    c.replace(
                        new EnclosedExpr(
                            new BinaryExpr(
                                new EnclosedExpr(sum),
                                new IntegerLiteralExpr("2"),
                                BinaryExpr.Operator.DIVIDE))));
          }
          if (args.size() == 1) {
            return site(
                c,
                () ->
                    c.replace(
                        new EnclosedExpr(
                            new BinaryExpr(
                                new EnclosedExpr(args.get(0).clone()),
                                new IntegerLiteralExpr("2"),
                                BinaryExpr.Operator.DIVIDE))));
          }
          if (c.getNameAsString().equals("nextDouble") || c.getNameAsString().equals("nextFloat")) {
            return site(c, () -> c.replace(new DoubleLiteralExpr("0.5")));
          }
          if (c.getNameAsString().equals("nextGaussian")) {
            return site(c, () -> c.replace(new DoubleLiteralExpr("0.0")));
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * An unlabelled break out of a loop whose body waits for the next result with take() or
   * poll(...).
   */
  private static List<MutationOperator.Site> waitForAll(CompilationUnit unit) {
    return each(
        unit,
        BreakStmt.class,
        b -> {
          if (b.getLabel().isPresent()) {
            return null;
          }
          Node loop = b.getParentNode().orElse(null);
          while (loop != null
              && !(loop instanceof NodeWithBody<?>)
              && !(loop instanceof SwitchStmt)
              && !(loop instanceof LambdaExpr)
              && !(loop instanceof CallableDeclaration<?>)) {
            loop = loop.getParentNode().orElse(null);
          }
          if (!(loop instanceof NodeWithBody<?> body) || loop instanceof LambdaExpr) {
            return null;
          }
          boolean waits =
              body.getBody().findAll(MethodCallExpr.class).stream()
                  .anyMatch(
                      c ->
                          (c.getNameAsString().equals("take") && c.getArguments().isEmpty())
                              || (c.getNameAsString().equals("poll")
                                  && c.getArguments().size() == 2));
          return waits ? site(b, () -> removeStatement(b)) : null;
        });
  }

  private static MutationOperator op(
      String id,
      String description,
      Function<CompilationUnit, List<MutationOperator.Site>> finder) {
    return new MutationOperator() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public List<Site> sites(CompilationUnit unit) {
        return finder.apply(unit);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }

  private static MutationOperator.Site site(Node at, Runnable apply) {
    return new MutationOperator.Site(at, apply);
  }

  private static <N extends Node> List<MutationOperator.Site> each(
      Node root, Class<N> type, Function<N, MutationOperator.Site> siteOrNull) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (N node : root.findAll(type)) {
      MutationOperator.Site site = siteOrNull.apply(node);
      if (site != null) {
        sites.add(site);
      }
    }
    return sites;
  }

  private static List<MutationOperator.Site> rename(Node root, String from, int arity, String to) {
    return each(
        root,
        MethodCallExpr.class,
        c ->
            c.getNameAsString().equals(from) && c.getArguments().size() == arity
                ? site(c, () -> c.setName(to))
                : null);
  }

  private static List<MutationOperator.Site> dropCalls(Node root, Set<String> names) {
    return dropCalls(root, names, -1);
  }

  /** Sites that remove a call used as a statement or as a lambda's whole body. */
  private static List<MutationOperator.Site> dropCalls(Node root, Set<String> names, int arity) {
    return each(
        root,
        MethodCallExpr.class,
        c -> {
          if (!names.contains(c.getNameAsString())
              || (arity >= 0 && c.getArguments().size() != arity)) {
            return null;
          }
          Optional<Node> parent = c.getParentNode();
          if (parent.isPresent() && parent.get() instanceof ExpressionStmt statement) {
            return site(c, () -> removeStatement(statement));
          }
          if (parent.isPresent()
              && parent.get() instanceof LambdaExpr lambda
              && lambda.getExpressionBody().isPresent()) {
            return site(
                c, () -> lambda.replace(new LambdaExpr(lambda.getParameters(), new BlockStmt())));
          }
          return null;
        });
  }

  /**
   * Sites that move a local variable's declaration, {@code T x = read();}, into the one lambda of
   * the next statement that uses it, where {@code x} is used nowhere else: the value is then read
   * when and where the lambda runs.
   */
  private static List<MutationOperator.Site> lateCapture(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (BlockStmt block : unit.findAll(BlockStmt.class)) {
      NodeList<Statement> statements = block.getStatements();
      for (int i = 0; i + 1 < statements.size(); i++) {
        if (!(statements.get(i) instanceof ExpressionStmt e)
            || !(e.getExpression() instanceof VariableDeclarationExpr d)
            || d.getVariables().size() != 1
            || d.getVariable(0).getInitializer().isEmpty()) {
          continue;
        }
        String name = d.getVariable(0).getNameAsString();
        Statement declaration = statements.get(i);
        Statement next = statements.get(i + 1);
        List<LambdaExpr> lambdas = next.findAll(LambdaExpr.class, l -> uses(l, name));
        if (lambdas.size() != 1) {
          continue;
        }
        LambdaExpr lambda = lambdas.getFirst();
        boolean usedOutside =
            !next.findAll(
                    NameExpr.class,
                    n -> n.getNameAsString().equals(name) && !lambda.isAncestorOf(n))
                .isEmpty();
        boolean usedLater =
            statements.subList(i + 2, statements.size()).stream().anyMatch(s -> uses(s, name));
        if (usedOutside || usedLater) {
          continue;
        }
        sites.add(
            site(
                declaration,
                () -> {
                  Statement moved = declaration.clone();
                  BlockStmt body;
                  if (lambda.getBody() instanceof BlockStmt existing) {
                    body = existing;
                  } else {
                    body = new BlockStmt();
                    body.addStatement(
                        new ReturnStmt(lambda.getExpressionBody().orElseThrow().clone()));
                    lambda.setBody(body);
                  }
                  body.getStatements().addFirst(moved);
                  declaration.remove();
                }));
      }
    }
    return sites;
  }

  /**
   * The receiver of a method reference as an expression, or null for a type: without type
   * resolution, {@code task::call} parses as a type, so a lower-case simple name is taken for a
   * variable.
   */
  private static Expression receiver(Expression scope) {
    if (!scope.isTypeExpr()) {
      return scope.clone();
    }
    String name = scope.asTypeExpr().getType().asString();
    return name.matches("[a-z_]\\w*") ? new NameExpr(name) : null;
  }

  private static boolean uses(Node node, String name) {
    return !node.findAll(NameExpr.class, n -> n.getNameAsString().equals(name)).isEmpty();
  }

  /**
   * Sites that replace {@code ScopedValue.where(k, v).call(op)} (or {@code run}) with op's own
   * call.
   */
  private static List<MutationOperator.Site> unboundCall(CompilationUnit unit) {
    return each(
        unit,
        MethodCallExpr.class,
        c -> {
          if (!Set.of("call", "run").contains(c.getNameAsString())
              || c.getArguments().size() != 1
              || !(c.getScope().orElse(null) instanceof MethodCallExpr where)
              || !where.getNameAsString().equals("where")) {
            return null;
          }
          Expression operation = c.getArgument(0);
          Expression plain;
          if (operation instanceof MethodReferenceExpr r && receiver(r.getScope()) != null) {
            plain = new MethodCallExpr(receiver(r.getScope()), r.getIdentifier());
          } else if (operation instanceof LambdaExpr l
              && l.getParameters().isEmpty()
              && l.getExpressionBody().isPresent()) {
            plain = l.getExpressionBody().get().clone();
          } else {
            return null;
          }
          return site(c, () -> c.replace(plain));
        });
  }

  /** Remove an awaitTermination statement; where its result is used, ask isTerminated() instead. */
  private static List<MutationOperator.Site> noAwaitTermination(CompilationUnit unit) {
    List<MutationOperator.Site> sites =
        new ArrayList<>(dropCalls(unit, Set.of("awaitTermination"), 2));
    sites.addAll(
        each(
            unit,
            MethodCallExpr.class,
            c ->
                c.getNameAsString().equals("awaitTermination")
                        && c.getArguments().size() == 2
                        && c.getScope().isPresent()
                        && !(c.getParentNode().orElse(null) instanceof ExpressionStmt)
                        && !(c.getParentNode().orElse(null) instanceof LambdaExpr)
                    ? site(
                        c,
                        () ->
                            c.replace(
                                new MethodCallExpr(c.getScope().get().clone(), "isTerminated")))
                    : null));
    return sites;
  }

  /**
   * Make a catch inside a loop rethrow what it caught: the loop that went on to the next outcome
   * after a failure (a first-success loop) now ends at the first completion, success or failure. A
   * catch of InterruptedException is left alone: rethrowing it is the fix, not the bug.
   */
  private static List<MutationOperator.Site> firstCompletionWins(CompilationUnit unit) {
    return each(
        unit,
        CatchClause.class,
        c -> {
          NodeList<Statement> body = c.getBody().getStatements();
          boolean rethrows = !body.isEmpty() && body.getLast().orElseThrow() instanceof ThrowStmt;
          boolean interrupt =
              c.getParameter().getType().asString().endsWith("InterruptedException");
          return !rethrows && !interrupt && insideLoop(c)
              ? site(
                  c,
                  () -> {
                    // Edit the block in place: the printer cannot render a new block after a
                    // qualified type.
                    new ArrayList<>(body).forEach(Node::remove);
                    c.getBody()
                        .addStatement(
                            new ThrowStmt(new NameExpr(c.getParameter().getNameAsString())));
                  })
              : null;
        });
  }

  /** Whether a node is in the body of a loop of its own method or lambda. */
  private static boolean insideLoop(Node node) {
    for (Node n = node.getParentNode().orElse(null);
        n != null;
        n = n.getParentNode().orElse(null)) {
      if (n instanceof ForStmt
          || n instanceof ForEachStmt
          || n instanceof WhileStmt
          || n instanceof DoStmt) {
        return true;
      }
      if (n instanceof LambdaExpr || n instanceof CallableDeclaration<?>) {
        return false;
      }
    }
    return false;
  }

  private static void removeStatement(Statement statement) {
    Node parent = statement.getParentNode().orElse(null);
    if (parent instanceof BlockStmt) {
      statement.remove();
    } else if (parent instanceof LambdaExpr lambda) {
      lambda.setBody(new BlockStmt()); // an expression lambda's body is held as a statement
    } else {
      statement.replace(new EmptyStmt());
    }
  }

  private static MutationOperator.Site whileToIf(WhileStmt loop) {
    return site(
        loop,
        () -> loop.replace(new IfStmt(loop.getCondition().clone(), loop.getBody().clone(), null)));
  }

  private static List<MutationOperator.Site> unTryResources(CompilationUnit unit) {
    return each(
        unit,
        TryStmt.class,
        t -> {
          if (t.getResources().isEmpty()
              || !t.getCatchClauses().isEmpty()
              || t.getFinallyBlock().isPresent()
              || !(t.getParentNode().orElse(null) instanceof BlockStmt)) {
            return null;
          }
          return site(
              t,
              () -> {
                BlockStmt block = new BlockStmt();
                for (Expression resource : t.getResources()) {
                  // A declared resource stays declared; Java 9's try (existing) names a variable,
                  // not a statement.
                  if (resource.isVariableDeclarationExpr()) {
                    block.addStatement(new ExpressionStmt(resource.clone()));
                  }
                }
                t.getTryBlock().getStatements().forEach(s -> block.addStatement(s.clone()));
                t.replace(block);
              });
        });
  }

  /** The statements of a finally block that only release, such as {@code lock.unlock();}. */
  private static boolean releasesOnly(BlockStmt block) {
    return !block.getStatements().isEmpty()
        && block.getStatements().stream()
            .allMatch(
                s ->
                    s instanceof ExpressionStmt e
                        && e.getExpression() instanceof MethodCallExpr c
                        && RELEASES.contains(c.getNameAsString()));
  }

  private static List<MutationOperator.Site> unlockOutOfFinally(CompilationUnit unit) {
    return each(
        unit,
        TryStmt.class,
        t -> {
          if (t.getFinallyBlock().isEmpty()
              || !releasesOnly(t.getFinallyBlock().get())
              || !t.getResources().isEmpty()) {
            return null;
          }
          return site(
              t.getFinallyBlock().get(),
              () -> {
                // try { body } finally { release } becomes: body, then release, with a final return
                // last.
                List<Statement> body = new ArrayList<>();
                t.getTryBlock().getStatements().forEach(s -> body.add(s.clone()));
                List<Statement> after = new ArrayList<>();
                t.getFinallyBlock().get().getStatements().forEach(s -> after.add(s.clone()));
                Statement last = body.isEmpty() ? null : body.getLast();
                if (last instanceof ReturnStmt r && r.getExpression().isPresent()) {
                  body.set(
                      body.size() - 1,
                      StaticJavaParser.parseStatement(
                          "var kataResult = " + r.getExpression().get() + ";"));
                  after.add(StaticJavaParser.parseStatement("return kataResult;"));
                } else if (last instanceof ReturnStmt || last instanceof ThrowStmt) {
                  body.removeLast();
                  after.add(last);
                }
                BlockStmt tryBlock = new BlockStmt();
                body.forEach(tryBlock::addStatement);
                after.forEach(tryBlock::addStatement);
                if (t.getCatchClauses().isEmpty()) {
                  t.replace(tryBlock);
                } else {
                  t.setTryBlock(tryBlock);
                  t.removeFinallyBlock();
                }
              });
        });
  }

  private static List<MutationOperator.Site> plainCollections(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (ObjectCreationExpr creation : unit.findAll(ObjectCreationExpr.class)) {
      String plain = PLAIN_COLLECTIONS.get(creation.getType().getNameAsString());
      if (plain != null) {
        sites.add(
            site(
                creation,
                () -> {
                  String typeArguments =
                      creation
                          .getType()
                          .getTypeArguments()
                          .map(
                              a ->
                                  "<"
                                      + String.join(", ", a.stream().map(Node::toString).toList())
                                      + ">")
                          .orElse("");
                  String arguments =
                      String.join(
                          ", ", creation.getArguments().stream().map(Node::toString).toList());
                  creation.replace(
                      StaticJavaParser.parseExpression(
                          "new " + plain + typeArguments + "(" + arguments + ")"));
                }));
      }
    }
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      String scope = call.getScope().map(Node::toString).orElse("");
      if (call.getNameAsString().equals("newKeySet") && scope.endsWith("ConcurrentHashMap")) {
        sites.add(
            site(
                call,
                () -> call.replace(StaticJavaParser.parseExpression("new java.util.HashSet<>()"))));
      } else if (call.getNameAsString().startsWith("synchronized")
          && scope.endsWith("Collections")
          && call.getArguments().size() == 1) {
        sites.add(site(call, () -> call.replace(call.getArgument(0).clone())));
      }
    }
    return sites;
  }

  private static List<MutationOperator.Site> ignoreEndOfStream(CompilationUnit unit) {
    return each(
        unit,
        BinaryExpr.class,
        b -> {
          boolean equality =
              b.getOperator() == BinaryExpr.Operator.EQUALS
                  || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS;
          if (!equality || !(isMinusOne(b.getRight()) || isMinusOne(b.getLeft()))) {
            return null;
          }
          // The side effect (an assignment of read's result) is kept; only the comparison never
          // matches.
          return site(
              b,
              () -> {
                if (isMinusOne(b.getRight())) {
                  b.setRight(StaticJavaParser.parseExpression("Integer.MIN_VALUE"));
                } else {
                  b.setLeft(StaticJavaParser.parseExpression("Integer.MIN_VALUE"));
                }
              });
        });
  }

  /**
   * Sites that replace a child process's stdout or stderr with an empty stream, so that stream is
   * never drained: in code that uses {@code Process} or {@code ProcessBuilder} only, since a socket
   * has a {@code getInputStream()} too.
   */
  private static List<MutationOperator.Site> drainOneStreamOnly(CompilationUnit unit) {
    boolean processes =
        !unit.findAll(
                ClassOrInterfaceType.class,
                t ->
                    t.getNameAsString().equals("Process")
                        || t.getNameAsString().equals("ProcessBuilder"))
            .isEmpty();
    if (!processes) {
      return List.of();
    }
    return each(
        unit,
        MethodCallExpr.class,
        c -> {
          if (c.getScope().isEmpty()) {
            return null;
          }
          String name = c.getNameAsString();
          if ((name.equals("getInputStream") || name.equals("getErrorStream"))
              && c.getArguments().isEmpty()) {
            return site(
                c,
                () ->
                    c.replace(
                        StaticJavaParser.parseExpression("java.io.InputStream.nullInputStream()")));
          }
          if ((name.equals("inputReader") || name.equals("errorReader"))
              && c.getArguments().size() <= 1) {
            return site(
                c,
                () ->
                    c.replace(
                        StaticJavaParser.parseExpression(
                            "new java.io.BufferedReader(java.io.Reader.nullReader())")));
          }
          return null;
        });
  }

  /** The method or constructor that most closely encloses {@code node}, if any. */
  private static Optional<Node> enclosingCallable(Node node) {
    // Walked by hand: findAncestor(Class...) creates a generic array, an unchecked warning.
    Optional<Node> parent = node.getParentNode();
    while (parent.isPresent() && !(parent.get() instanceof CallableDeclaration<?>)) {
      parent = parent.get().getParentNode();
    }
    return parent;
  }

  private static boolean isMinusOne(Expression e) {
    return e instanceof UnaryExpr u
        && u.getOperator() == UnaryExpr.Operator.MINUS
        && u.getExpression().toString().equals("1");
  }

  private static List<MutationOperator.Site> exchangeAcquisitions(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (CallableDeclaration<?> method : unit.findAll(CallableDeclaration.class)) {
      List<MethodCallExpr> acquisitions =
          method.findAll(
              MethodCallExpr.class,
              c ->
                  ACQUIRES.contains(c.getNameAsString())
                      && c.getScope().isPresent()
                      && c.getParentNode().orElse(null) instanceof ExpressionStmt
                      && enclosingCallable(c).orElse(null) == method);
      for (int i = 0; i < acquisitions.size(); i++) {
        for (int j = i + 1; j < acquisitions.size(); j++) {
          MethodCallExpr a = acquisitions.get(i);
          MethodCallExpr b = acquisitions.get(j);
          if (!a.getScope().get().equals(b.getScope().get())) {
            sites.add(
                site(
                    a,
                    () -> {
                      Expression first = a.getScope().get().clone();
                      a.setScope(b.getScope().get().clone());
                      b.setScope(first);
                    }));
          }
        }
      }
    }
    return sites;
  }

  /**
   * A critical region: a lock or acquire statement followed by a try whose finally releases, or a
   * synchronized block.
   */
  private record Region(BlockStmt parent, int index, BlockStmt body, boolean guardedByTry) {
    /** The index of the statement after the region in {@code parent}. */
    int after() {
      return index + (guardedByTry ? 2 : 1);
    }
  }

  private static List<Region> regions(CompilationUnit unit) {
    List<Region> regions = new ArrayList<>();
    for (BlockStmt block : unit.findAll(BlockStmt.class)) {
      NodeList<Statement> statements = block.getStatements();
      for (int i = 0; i < statements.size(); i++) {
        Statement s = statements.get(i);
        if (s instanceof SynchronizedStmt sync) {
          regions.add(new Region(block, i, sync.getBody(), false));
        } else if (i + 1 < statements.size()
            && s instanceof ExpressionStmt e
            && e.getExpression() instanceof MethodCallExpr c
            && ACQUIRES.contains(c.getNameAsString())
            && statements.get(i + 1) instanceof TryStmt t
            && t.getFinallyBlock().isPresent()
            && t.getFinallyBlock()
                .get()
                .findFirst(MethodCallExpr.class, r -> RELEASES.contains(r.getNameAsString()))
                .isPresent()) {
          regions.add(new Region(block, i, t.getTryBlock(), true));
        }
      }
    }
    return regions;
  }

  private static boolean endsFlow(Statement s) {
    return s instanceof ReturnStmt
        || s instanceof ThrowStmt
        || s instanceof BreakStmt
        || s instanceof ContinueStmt;
  }

  private static List<MutationOperator.Site> shrinkRegion(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (Region r : regions(unit)) {
      NodeList<Statement> body = r.body().getStatements();
      if (body.isEmpty()) {
        continue;
      }
      Statement first = body.getFirst().get();
      sites.add(
          site(
              first,
              () -> {
                Statement moved = first.clone();
                first.remove();
                r.parent().getStatements().add(r.index(), moved);
              }));
      Statement last = body.getLast().get();
      if (body.size() > 1 && !endsFlow(last)) {
        sites.add(
            site(
                last,
                () -> {
                  Statement moved = last.clone();
                  last.remove();
                  r.parent().getStatements().add(r.after(), moved);
                }));
      }
    }
    return sites;
  }

  private static List<MutationOperator.Site> expandRegion(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    for (Region r : regions(unit)) {
      NodeList<Statement> outer = r.parent().getStatements();
      if (r.index() > 0) {
        Statement before = outer.get(r.index() - 1);
        sites.add(
            site(
                before,
                () -> {
                  Statement moved = before.clone();
                  before.remove();
                  r.body().getStatements().addFirst(moved);
                }));
      }
      if (r.after() < outer.size()) {
        Statement next = outer.get(r.after());
        boolean bodyEndsFlow =
            r.body().getStatements().getLast().map(ConcurrencyOperators::endsFlow).orElse(false);
        if (!bodyEndsFlow) {
          sites.add(
              site(
                  next,
                  () -> {
                    Statement moved = next.clone();
                    next.remove();
                    r.body().getStatements().addLast(moved);
                  }));
        }
      }
    }
    return sites;
  }

  private static List<MutationOperator.Site> nonAtomic(CompilationUnit unit) {
    return each(
        unit,
        MethodCallExpr.class,
        c -> {
          if (c.getScope().isEmpty()
              || !(c.getParentNode().orElse(null) instanceof ExpressionStmt)) {
            return null;
          }
          String scope = c.getScope().get().toString();
          String name = c.getNameAsString();
          String update;
          if (NON_ATOMIC.containsKey(name) && c.getArguments().isEmpty()) {
            update = scope + ".get() " + NON_ATOMIC.get(name);
          } else if ((name.equals("addAndGet") || name.equals("getAndAdd"))
              && c.getArguments().size() == 1) {
            update = scope + ".get() + (" + c.getArgument(0) + ")";
          } else {
            return null;
          }
          return site(
              c, () -> c.replace(StaticJavaParser.parseExpression(scope + ".set(" + update + ")")));
        });
  }

  private static List<MutationOperator.Site> changeCounts(CompilationUnit unit) {
    List<MutationOperator.Site> sites = new ArrayList<>();
    List<NodeList<Expression>> counted = new ArrayList<>();
    List<Node> at = new ArrayList<>();
    for (Node node :
        unit.findAll(
            Node.class, n -> n instanceof ObjectCreationExpr || n instanceof MethodCallExpr)) {
      if (node instanceof ObjectCreationExpr c
          && COUNTED.contains(c.getType().getNameAsString())
          && c.getArguments().isNonEmpty()) {
        counted.add(c.getArguments());
        at.add(c);
      } else if (node instanceof MethodCallExpr c
          && POOL_FACTORIES.contains(c.getNameAsString())
          && c.getArguments().isNonEmpty()) {
        counted.add(c.getArguments());
        at.add(c);
      }
    }
    for (int i = 0; i < counted.size(); i++) {
      NodeList<Expression> arguments = counted.get(i);
      Expression count = arguments.get(0);
      for (String change : List.of(" + 1", " - 1")) {
        sites.add(
            site(
                at.get(i),
                () ->
                    arguments.set(
                        0, StaticJavaParser.parseExpression(parenthesised(count) + change))));
      }
    }
    return sites;
  }

  private static String parenthesised(Expression e) {
    return e instanceof NameExpr || e.isLiteralExpr() || e instanceof MethodCallExpr
        ? e.toString()
        : "(" + e + ")";
  }
}
