package dev.kata.core;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * kata's built-in concurrency mistakes: each rule an id, one sentence on why the code is wrong, the
 * puzzle that teaches the right way, and examples it must flag and must not flag ({@code
 * MistakeRulesTest} runs them all, both ways).
 *
 * <p>The rules read syntax only: no types are resolved, so a rule knows a variable's type from its
 * declaration in the same file and stays silent when it cannot tell. Each is written to flag only
 * what is wrong in any puzzle; where a pattern is wrong only in some puzzles (an untimed {@code
 * get()}), the rule is off unless the puzzle switches it on.
 */
final class BuiltInMistakes {

  private BuiltInMistakes() {}

  /**
   * Where a rule found its mistake, and the puzzle to learn from when it differs from the rule's.
   */
  record Hit(Node node, String teaches) {
    Hit(Node node) {
      this(node, null);
    }
  }

  /**
   * One built-in rule.
   *
   * @param id kebab-case id, stable: puzzles switch rules by it
   * @param why one sentence: why the flagged code is wrong
   * @param teaches the puzzle id that teaches the right way
   * @param onByDefault false for a rule a puzzle must switch on
   * @param matcher finds the mistake in a parsed file
   * @param flagged whole files the rule must flag
   * @param clean whole files that look alike but are right, which it must not flag
   */
  record Rule(
      String id,
      String why,
      String teaches,
      boolean onByDefault,
      Function<CompilationUnit, List<Hit>> matcher,
      List<String> flagged,
      List<String> clean) {}

  static List<MistakeAnalyser.Finding> run(Rule rule, CompilationUnit unit) {
    List<MistakeAnalyser.Finding> findings = new ArrayList<>();
    for (Hit hit : rule.matcher().apply(unit)) {
      hit.node()
          .getBegin()
          .ifPresent(
              at ->
                  findings.add(
                      new MistakeAnalyser.Finding(
                          rule.id(),
                          at.line,
                          rule.why(),
                          hit.teaches() == null ? rule.teaches() : hit.teaches())));
    }
    return findings;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers over the syntax tree

  /** The method, constructor, lambda or initializer a node's code runs in. */
  static Node callable(Node node) {
    Optional<Node> at = node.getParentNode();
    while (at.isPresent()) {
      Node n = at.get();
      if (n instanceof CallableDeclaration<?>
          || n instanceof LambdaExpr
          || n instanceof InitializerDeclaration) {
        return n;
      }
      at = n.getParentNode();
    }
    return node.findRootNode();
  }

  /** Tell whether a node is inside a node of this kind, within the code of its own callable. */
  static boolean insideWithin(Node node, Class<? extends Node> kind) {
    Node stop = callable(node);
    Optional<Node> at = node.getParentNode();
    while (at.isPresent() && at.get() != stop) {
      if (kind.isInstance(at.get())) {
        return true;
      }
      at = at.get().getParentNode();
    }
    return false;
  }

  static boolean inLoop(Node node) {
    return insideWithin(node, WhileStmt.class)
        || insideWithin(node, DoStmt.class)
        || insideWithin(node, ForStmt.class)
        || insideWithin(node, ForEachStmt.class);
  }

  /** Tell whether a node is in a finally block or a catch clause, within its own callable. */
  static boolean inFinallyOrCatch(Node node) {
    Node stop = callable(node);
    Node child = node;
    Optional<Node> at = node.getParentNode();
    while (at.isPresent() && at.get() != stop) {
      if (at.get() instanceof CatchClause) {
        return true;
      }
      Node from = child;
      if (at.get() instanceof TryStmt t && t.getFinallyBlock().filter(f -> f == from).isPresent()) {
        return true;
      }
      child = at.get();
      at = at.get().getParentNode();
    }
    return false;
  }

  /** Tell whether a node holds a monitor: in a synchronized block or method. */
  static boolean synchronizedAround(Node node) {
    Optional<Node> at = node.getParentNode();
    while (at.isPresent()) {
      if (at.get() instanceof SynchronizedStmt) {
        return true;
      }
      if (at.get() instanceof MethodDeclaration m) {
        return m.isSynchronized();
      }
      at = at.get().getParentNode();
    }
    return false;
  }

  /**
   * The simple name of the type declared for a variable, field or parameter of this name, if any.
   */
  static Optional<String> declaredType(CompilationUnit unit, String name) {
    for (VariableDeclarator v : unit.findAll(VariableDeclarator.class)) {
      if (v.getNameAsString().equals(name)) {
        String type =
            v.getType().isVarType()
                ? v.getInitializer()
                    .filter(Expression::isObjectCreationExpr)
                    .map(e -> e.asObjectCreationExpr().getType().getNameAsString())
                    .orElse("var")
                : v.getType().asString();
        return Optional.of(simpleName(type));
      }
    }
    for (Parameter p : unit.findAll(Parameter.class)) {
      if (p.getNameAsString().equals(name)) {
        return Optional.of(simpleName(p.getType().asString()));
      }
    }
    return Optional.empty();
  }

  private static String simpleName(String type) {
    int generic = type.indexOf('<');
    String raw = generic < 0 ? type : type.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1);
  }

  /** The initializer of the variable or field of this name declared in the same file, if any. */
  static Optional<Expression> initializer(Node anywhere, String name) {
    return anywhere.findRootNode().findAll(VariableDeclarator.class).stream()
        .filter(v -> v.getNameAsString().equals(name))
        .findFirst()
        .flatMap(VariableDeclarator::getInitializer);
  }

  /** The variable an expression names: {@code x} or {@code this.x}. */
  static Optional<String> variable(Expression e) {
    if (e instanceof NameExpr n) {
      return Optional.of(n.getNameAsString());
    }
    if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
      return Optional.of(f.getNameAsString());
    }
    return Optional.empty();
  }

  static Optional<FieldDeclaration> field(CompilationUnit unit, String name) {
    return unit.findAll(FieldDeclaration.class).stream()
        .filter(f -> f.getVariables().stream().anyMatch(v -> v.getNameAsString().equals(name)))
        .findFirst();
  }

  static boolean hasType(CompilationUnit unit, Expression scope, Set<String> types) {
    return variable(scope)
        .flatMap(name -> declaredType(unit, name))
        .filter(types::contains)
        .isPresent();
  }

  static boolean isCall(Node n, String name, int minArgs, int maxArgs) {
    return n instanceof MethodCallExpr c
        && c.getNameAsString().equals(name)
        && c.getArguments().size() >= minArgs
        && c.getArguments().size() <= maxArgs;
  }

  static String scopeText(MethodCallExpr call) {
    return call.getScope().map(Node::toString).orElse("this");
  }

  static boolean isCurrentThread(Expression e) {
    return e instanceof MethodCallExpr c
        && c.getNameAsString().equals("currentThread")
        && c.getScope().filter(s -> s.toString().equals("Thread")).isPresent();
  }

  private static boolean positionBefore(Node a, Node b) {
    return a.getEnd().isPresent()
        && b.getBegin().isPresent()
        && a.getEnd().get().isBefore(b.getBegin().get());
  }

  // ---------------------------------------------------------------------------------------------
  // The rules

  private static final Set<String> PLAIN_COLLECTIONS =
      Set.of(
          "ArrayList",
          "LinkedList",
          "HashMap",
          "HashSet",
          "TreeMap",
          "TreeSet",
          "LinkedHashMap",
          "LinkedHashSet",
          "ArrayDeque",
          "PriorityQueue",
          "IdentityHashMap",
          "WeakHashMap",
          "EnumMap");
  private static final Set<String> WRITES =
      Set.of(
          "add",
          "addAll",
          "put",
          "putAll",
          "remove",
          "removeIf",
          "clear",
          "computeIfAbsent",
          "computeIfPresent",
          "compute",
          "merge",
          "putIfAbsent",
          "addFirst",
          "addLast",
          "push",
          "offer",
          "offerFirst",
          "offerLast",
          "poll",
          "pop",
          "replaceAll",
          "sort",
          "retainAll",
          "removeAll");
  private static final Set<String> BOXED =
      Set.of(
          "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float", "String");
  private static final Set<String> FUTURES =
      Set.of(
          "Future",
          "CompletableFuture",
          "FutureTask",
          "ForkJoinTask",
          "RecursiveTask",
          "RunnableFuture",
          "ScheduledFuture");

  /** Methods that run a lambda or a task on another thread. */
  private static final Set<String> ON_OTHER_THREADS =
      Set.of(
          "submit",
          "execute",
          "supplyAsync",
          "runAsync",
          "start",
          "startVirtualThread",
          "unstarted",
          "newThread",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay",
          "thenApplyAsync",
          "thenAcceptAsync",
          "thenRunAsync",
          "invokeAll",
          "invokeAny",
          "fork");

  static final Rule VOLATILE_COMPOUND =
      new Rule(
          "volatile-compound",
          "volatile makes each read and each write visible, not a read-modify-write atomic: two"
              + " threads can both read the same value and one update is lost; use an"
              + " AtomicInteger/AtomicLong or a lock",
          "06",
          true,
          BuiltInMistakes::volatileCompound,
          List.of(
              """
              class C {
                private volatile int count;
                void hit() { count++; }
              }\
              """,
              """
              class C {
                volatile long total;
                void add(long n) { this.total += n; }
              }\
              """,
              """
              class C {
                private volatile Object value;
                Object get() {
                  if (value == null) {
                    value = new Object();
                  }
                  return value;
                }
              }\
              """),
          List.of(
              """
              class C {
                private volatile boolean stopped;
                void stop() { stopped = true; }
                boolean stopped() { return stopped; }
              }\
              """,
              """
              class C {
                private volatile int count;
                synchronized void hit() { count++; }
                int count() { return count; }
              }\
              """,
              """
              class C {
                private int count;
                void hit() { count++; }
              }\
              """));

  private static List<Hit> volatileCompound(CompilationUnit unit) {
    Set<String> names = new HashSet<>();
    unit.findAll(FieldDeclaration.class).stream()
        .filter(f -> f.hasModifier(Modifier.Keyword.VOLATILE))
        .forEach(f -> f.getVariables().forEach(v -> names.add(v.getNameAsString())));
    List<Hit> hits = new ArrayList<>();
    if (names.isEmpty()) {
      return hits;
    }
    for (UnaryExpr u : unit.findAll(UnaryExpr.class)) {
      if ((u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
              || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
              || u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT
              || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT)
          && variable(u.getExpression()).filter(names::contains).isPresent()
          && !synchronizedAround(u)) {
        hits.add(new Hit(u));
      }
    }
    for (AssignExpr a : unit.findAll(AssignExpr.class)) {
      Optional<String> target = variable(a.getTarget()).filter(names::contains);
      if (target.isEmpty() || synchronizedAround(a)) {
        continue;
      }
      boolean readsItself =
          a.getValue().findAll(NameExpr.class).stream()
              .anyMatch(n -> n.getNameAsString().equals(target.get()));
      boolean checkedFirst =
          a.getParentNode()
              .flatMap(Node::getParentNode)
              .flatMap(p -> p instanceof BlockStmt ? p.getParentNode() : Optional.of(p))
              .filter(
                  p ->
                      p instanceof IfStmt i
                          && i.getCondition().findAll(NameExpr.class).stream()
                              .anyMatch(n -> n.getNameAsString().equals(target.get())))
              .isPresent();
      if (a.getOperator() != AssignExpr.Operator.ASSIGN || readsItself || checkedFirst) {
        hits.add(new Hit(a));
      }
    }
    return hits;
  }

  static final Rule SLEEP_TO_WAIT =
      new Rule(
          "sleep-to-wait",
          "sleeping and then looking guesses how long another thread takes: too short and the state"
              + " is not ready, too long and the caller waits for nothing; block on the thing"
              + " itself (Future.get with a timeout, a latch, a queue, join)",
          "04",
          true,
          BuiltInMistakes::sleepToWait,
          List.of(
              """
              class C {
                volatile boolean done;
                void waitForIt() throws InterruptedException {
                  while (!done) {
                    Thread.sleep(10);
                  }
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                Object get(Future<?> f) throws Exception {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    f.cancel(true);
                    throw e;
                  }
                  if (f.isDone()) {
                    return f.get();
                  }
                  return null;
                }
              }\
              """),
          List.of(
              """
              import java.util.concurrent.*;
              class C {
                void backOff() throws InterruptedException {
                  while (true) {
                    if (tryIt()) {
                      return;
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                  }
                }
                boolean tryIt() { return true; }
              }\
              """,
              """
              class C {
                void slowTask() throws InterruptedException {
                  Thread.sleep(100);
                  System.out.println("done");
                }
              }\
              """));

  private static boolean isSleep(MethodCallExpr call) {
    return call.getNameAsString().equals("sleep")
        && call.getScope()
            .filter(s -> s.toString().equals("Thread") || s.toString().startsWith("TimeUnit."))
            .isPresent();
  }

  /** The statement that runs after this one, stepping out of a try block that it ends. */
  private static Optional<Statement> nextStatement(Statement statement) {
    if (!(statement.getParentNode().orElse(null) instanceof BlockStmt block)) {
      return Optional.empty();
    }
    int at = block.getStatements().indexOf(statement);
    if (at + 1 < block.getStatements().size()) {
      return Optional.of(block.getStatement(at + 1));
    }
    if (block.getParentNode().orElse(null) instanceof TryStmt t && t.getTryBlock() == block) {
      return nextStatement(t);
    }
    return Optional.empty();
  }

  private static final Set<String> LOOKS =
      Set.of(
          "isDone",
          "isAlive",
          "isCancelled",
          "getState",
          "get",
          "state",
          "isEmpty",
          "size",
          "getCount");

  private static List<Hit> sleepToWait(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class, BuiltInMistakes::isSleep)) {
      Optional<Node> statement = call.getParentNode().filter(ExpressionStmt.class::isInstance);
      // 1. A loop that polls a condition, sleeping between looks.
      Optional<Node> loop = statement.flatMap(Node::getParentNode).flatMap(Node::getParentNode);
      boolean polls =
          loop.filter(
                  l ->
                      (l instanceof WhileStmt w && !w.getCondition().isBooleanLiteralExpr())
                          || (l instanceof DoStmt d && !d.getCondition().isBooleanLiteralExpr()))
              .isPresent();
      // 2. A sleep, then a look at what the other thread did.
      boolean thenLooks =
          statement
              .flatMap(s -> nextStatement((Statement) s))
              .map(
                  next -> {
                    Optional<Expression> tested =
                        next instanceof IfStmt i
                            ? Optional.of(i.getCondition())
                            : next instanceof WhileStmt w
                                ? Optional.of(w.getCondition())
                                : next instanceof ReturnStmt r
                                    ? r.getExpression()
                                    : Optional.empty();
                    return tested
                        .filter(
                            e ->
                                e.findAll(MethodCallExpr.class).stream()
                                    .anyMatch(c -> LOOKS.contains(c.getNameAsString())))
                        .isPresent();
                  })
              .orElse(false);
      if (polls || thenLooks) {
        hits.add(new Hit(call));
      }
    }
    return hits;
  }

  static final Rule IF_AROUND_WAIT =
      new Rule(
          "wait-without-loop",
          "a thread woken from wait()/await() must test its condition again in a while loop:"
              + " wake-ups can be spurious, and another thread may have changed the state before"
              + " this one got the lock back",
          "07",
          true,
          BuiltInMistakes::waitWithoutLoop,
          List.of(
              """
              class C {
                private final java.util.ArrayDeque<Object> items = new java.util.ArrayDeque<>();
                synchronized Object take() throws InterruptedException {
                  if (items.isEmpty()) {
                    wait();
                  }
                  return items.poll();
                }
              }\
              """,
              """
              import java.util.concurrent.locks.*;
              class C {
                private final Lock lock = new ReentrantLock();
                private final Condition notEmpty = lock.newCondition();
                int count;
                void take() throws InterruptedException {
                  lock.lock();
                  try {
                    if (count == 0) {
                      notEmpty.await();
                    }
                    count--;
                  } finally {
                    lock.unlock();
                  }
                }
              }\
              """),
          List.of(
              """
              class C {
                private final java.util.ArrayDeque<Object> items = new java.util.ArrayDeque<>();
                synchronized Object take() throws InterruptedException {
                  while (items.isEmpty()) {
                    wait();
                  }
                  return items.poll();
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                private final CountDownLatch ready = new CountDownLatch(1);
                void awaitReady() throws InterruptedException {
                  if (ready.getCount() > 0) {
                    ready.await();
                  }
                }
              }\
              """));

  private static List<Hit> waitWithoutLoop(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      boolean objectWait =
          isCall(call, "wait", 0, 2)
              && call.getScope().map(s -> !s.toString().equals("Thread")).orElse(true);
      boolean conditionAwait =
          (isCall(call, "await", 0, 2)
                  || isCall(call, "awaitNanos", 1, 1)
                  || isCall(call, "awaitUninterruptibly", 0, 0))
              && call.getScope().filter(s -> hasType(unit, s, Set.of("Condition"))).isPresent();
      if ((objectWait || conditionAwait) && !inLoop(call)) {
        hits.add(new Hit(call));
      }
    }
    return hits;
  }

  static final Rule NOTIFY_ONE =
      new Rule(
          "notify-one-of-many",
          "notify()/signal() wakes one waiter, and here threads wait for different things on the"
              + " same monitor or condition: the one woken may be of the wrong kind and wait again,"
              + " and the thread that could go on sleeps forever; use notifyAll()/signalAll(), or"
              + " one Condition per kind of waiter",
          "07",
          true,
          BuiltInMistakes::notifyOne,
          List.of(
              """
              class C {
                private int count;
                synchronized void put() throws InterruptedException {
                  while (count == 1) {
                    wait();
                  }
                  count++;
                  notify();
                }
                synchronized void take() throws InterruptedException {
                  while (count == 0) {
                    wait();
                  }
                  count--;
                  notify();
                }
              }\
              """),
          List.of(
              """
              class C {
                private int count;
                synchronized void put() throws InterruptedException {
                  while (count == 1) {
                    wait();
                  }
                  count++;
                  notifyAll();
                }
                synchronized void take() throws InterruptedException {
                  while (count == 0) {
                    wait();
                  }
                  count--;
                  notifyAll();
                }
              }\
              """,
              """
              import java.util.concurrent.locks.*;
              class C {
                private final Lock lock = new ReentrantLock();
                private final Condition notEmpty = lock.newCondition();
                private final Condition notFull = lock.newCondition();
                void put() throws InterruptedException {
                  lock.lock();
                  try {
                    while (full()) {
                      notFull.await();
                    }
                    notEmpty.signal();
                  } finally {
                    lock.unlock();
                  }
                }
                void take() throws InterruptedException {
                  lock.lock();
                  try {
                    while (empty()) {
                      notEmpty.await();
                    }
                    notFull.signal();
                  } finally {
                    lock.unlock();
                  }
                }
                boolean full() { return false; }
                boolean empty() { return false; }
                void takeTwo() throws InterruptedException {
                  lock.lock();
                  try {
                    while (empty()) {
                      notEmpty.await();
                    }
                    notFull.signal();
                  } finally {
                    lock.unlock();
                  }
                }
              }\
              """));

  private static List<Hit> notifyOne(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      boolean notify = isCall(call, "notify", 0, 0);
      boolean signal =
          isCall(call, "signal", 0, 0)
              && call.getScope().filter(s -> hasType(unit, s, Set.of("Condition"))).isPresent();
      if (!notify && !signal) {
        continue;
      }
      String monitor = scopeText(call);
      // Several kinds of waiter: waits on this monitor or condition for different conditions.
      Set<String> conditions = new HashSet<>();
      for (MethodCallExpr wait : unit.findAll(MethodCallExpr.class)) {
        boolean waits =
            notify ? isCall(wait, "wait", 0, 2) : wait.getNameAsString().startsWith("await");
        if (waits && scopeText(wait).equals(monitor)) {
          conditions.add(
              ancestor(wait, WhileStmt.class)
                  .map(w -> w.getCondition().toString())
                  .orElse("line " + wait.getBegin().map(b -> b.line).orElse(0)));
        }
      }
      if (conditions.size() > 1) {
        hits.add(new Hit(call));
      }
    }
    return hits;
  }

  static final Rule SWALLOWED_INTERRUPT =
      new Rule(
          "swallowed-interrupt",
          "catching InterruptedException clears the thread's interrupt flag: without rethrowing it"
              + " or calling Thread.currentThread().interrupt(), the cancellation someone asked for"
              + " is lost",
          "05",
          true,
          BuiltInMistakes::swallowedInterrupt,
          List.of(
              """
              class C {
                void run() {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    e.printStackTrace();
                  }
                }
              }\
              """,
              """
              class C {
                void run(java.util.concurrent.BlockingQueue<String> q) {
                  try {
                    q.take();
                  } catch (InterruptedException ignored) {
                  }
                }
              }\
              """),
          List.of(
              """
              class C {
                void run() {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }\
              """,
              """
              class C {
                void run() throws InterruptedException {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    cleanUp();
                    throw e;
                  }
                }
                void cleanUp() {}
              }\
              """,
              """
              class C {
                boolean joinUninterruptibly(Thread t) {
                  boolean interrupted = false;
                  while (true) {
                    try {
                      t.join();
                      return interrupted;
                    } catch (InterruptedException e) {
                      interrupted = true;
                    }
                  }
                }
              }\
              """,
              """
              class C {
                void runUninterruptibly(java.util.concurrent.BlockingQueue<String> q) {
                  boolean interrupted = false;
                  while (true) {
                    try {
                      q.take();
                      break;
                    } catch (InterruptedException e) {
                      interrupted = true;
                    }
                  }
                  if (interrupted) {
                    Thread.currentThread().interrupt();
                  }
                }
              }\
              """,
              """
              import java.util.*;
              class C {
                void joinAll(List<Thread> threads, Queue<Throwable> failures) throws InterruptedException {
                  try {
                    for (Thread t : threads) {
                      t.join();
                    }
                  } catch (InterruptedException e) {
                    for (Thread t : threads) {
                      try {
                        t.join();
                      } catch (InterruptedException again) {
                        failures.add(again);
                      }
                    }
                    throw e;
                  }
                }
              }\
              """));

  private static List<Hit> swallowedInterrupt(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (CatchClause clause : unit.findAll(CatchClause.class)) {
      boolean catchesInterrupt =
          clause
              .getParameter()
              .getType()
              .toString()
              .matches("(.*\\|\\s*)?(java\\.lang\\.)?InterruptedException(\\s*\\|.*)?");
      if (!catchesInterrupt) {
        continue;
      }
      boolean rethrows = !clause.getBody().findAll(ThrowStmt.class).isEmpty();
      // Inside the handling of an outer catch that rethrows: the outer exception carries the
      // interrupt.
      Node stop = callable(clause);
      for (Node at = clause.getParentNode().orElse(stop);
          at != stop && !rethrows;
          at = at.getParentNode().orElse(stop)) {
        rethrows =
            at instanceof CatchClause outer && !outer.getBody().findAll(ThrowStmt.class).isEmpty();
      }
      // Handed on as a value (failures.add(e), future.completeExceptionally(e)): reported, not
      // lost.
      String caught = clause.getParameter().getNameAsString();
      boolean handedOn =
          clause.getBody().findAll(NameExpr.class).stream()
              .anyMatch(
                  n ->
                      n.getNameAsString().equals(caught)
                          && n.getParentNode()
                              .filter(
                                  p ->
                                      p instanceof MethodCallExpr c
                                          && c.getArguments().stream().anyMatch(a -> a == n))
                              .isPresent());
      // A restore anywhere in the same method counts: "remember, carry on, restore at the end" is
      // right.
      // Remembered in a flag that the method returns ("was I interrupted?"): its caller restores
      // it.
      List<String> flags =
          clause.getBody().findAll(AssignExpr.class).stream()
              .filter(a -> a.getTarget().isNameExpr() && a.getValue().isBooleanLiteralExpr())
              .map(a -> a.getTarget().asNameExpr().getNameAsString())
              .toList();
      boolean returnsFlag =
          stop.findAll(ReturnStmt.class).stream()
              .anyMatch(
                  r ->
                      r.getExpression()
                          .filter(
                              e ->
                                  e.isNameExpr()
                                      && flags.contains(e.asNameExpr().getNameAsString()))
                          .isPresent());
      boolean restores =
          handedOn
              || returnsFlag
              || stop.findAll(MethodCallExpr.class).stream()
                  .anyMatch(
                      c ->
                          isCall(c, "interrupt", 0, 0)
                              && c.getScope().filter(BuiltInMistakes::isCurrentThread).isPresent());
      if (!rethrows && !restores) {
        hits.add(new Hit(clause));
      }
    }
    return hits;
  }

  static final Rule BAD_MONITOR =
      new Rule(
          "synchronized-on-unstable-object",
          "synchronized on a non-final field, a boxed value or a string literal locks whatever"
              + " object is there at the moment: a reassigned field, or a boxed or literal value"
              + " shared across the whole JVM, so threads lock different objects, or unrelated code"
              + " locks the same one; lock a private final Object",
          "09",
          true,
          BuiltInMistakes::badMonitor,
          List.of(
              """
              class C {
                private Object lock = new Object();
                void run() {
                  synchronized (lock) {
                  }
                }
              }\
              """,
              """
              class C {
                private final Integer count = 0;
                void run() {
                  synchronized (count) {
                  }
                }
              }\
              """,
              """
              class C {
                void run() {
                  synchronized ("lock") {
                  }
                }
              }\
              """),
          List.of(
              """
              class C {
                private final Object lock = new Object();
                void run() {
                  synchronized (lock) {
                  }
                  synchronized (this) {
                  }
                }
              }\
              """,
              """
              import java.util.List;
              class C {
                void move(List<String> from) {
                  synchronized (from) {
                    from.clear();
                  }
                }
              }\
              """));

  private static List<Hit> badMonitor(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (SynchronizedStmt sync : unit.findAll(SynchronizedStmt.class)) {
      Expression monitor = sync.getExpression();
      boolean bad =
          monitor instanceof StringLiteralExpr
              || (monitor instanceof MethodCallExpr c
                  && (c.getNameAsString().equals("valueOf")
                      || c.getNameAsString().equals("intern")));
      Optional<String> name = variable(monitor);
      if (name.isPresent()) {
        Optional<FieldDeclaration> field = field(unit, name.get());
        boolean boxed = declaredType(unit, name.get()).filter(BOXED::contains).isPresent();
        bad = bad || boxed || field.filter(f -> !f.isFinal()).isPresent();
      }
      if (bad) {
        hits.add(new Hit(sync));
      }
    }
    return hits;
  }

  static final Rule POOL_LEAK =
      new Rule(
          "executor-never-shut-down",
          "an ExecutorService that is never shut down or closed keeps its threads alive after the"
              + " work is done, and nothing waits for its tasks; open it in try-with-resources, or"
              + " shut it down in finally",
          "02",
          true,
          BuiltInMistakes::poolLeak,
          List.of(
              """
              import java.util.concurrent.*;
              class C {
                int run() throws Exception {
                  ExecutorService pool = Executors.newFixedThreadPool(2);
                  return pool.submit(() -> 1).get();
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                CompletableFuture<Integer> run() {
                  ExecutorService pool = Executors.newFixedThreadPool(2);
                  return CompletableFuture.supplyAsync(() -> 1, pool);
                }
              }\
              """),
          List.of(
              """
              import java.util.concurrent.*;
              class C {
                int run() throws Exception {
                  try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                    return pool.submit(() -> 1).get();
                  }
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                int run() throws Exception {
                  ExecutorService pool = Executors.newFixedThreadPool(2);
                  try {
                    return pool.submit(() -> 1).get();
                  } finally {
                    pool.shutdownNow();
                  }
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                ExecutorService create() {
                  ExecutorService pool = Executors.newFixedThreadPool(2);
                  return pool;
                }
              }\
              """));

  private static boolean createsExecutor(Expression e) {
    if (e instanceof MethodCallExpr c) {
      return c.getScope().filter(s -> s.toString().equals("Executors")).isPresent()
          && c.getNameAsString().startsWith("new")
          && !c.getNameAsString().endsWith("Factory");
    }
    return e instanceof ObjectCreationExpr o
        && Set.of("ThreadPoolExecutor", "ForkJoinPool", "ScheduledThreadPoolExecutor")
            .contains(o.getType().getNameAsString());
  }

  private static List<Hit> poolLeak(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (VariableDeclarator v : unit.findAll(VariableDeclarator.class)) {
      if (v.getInitializer().filter(BuiltInMistakes::createsExecutor).isEmpty()
          || v.getParentNode()
              .flatMap(Node::getParentNode)
              .filter(TryStmt.class::isInstance)
              .isPresent()) {
        continue;
      }
      String name = v.getNameAsString();
      Node scope = ancestor(v, FieldDeclaration.class).isPresent() ? unit : callable(v);
      boolean closed = false;
      boolean escapes = false;
      for (NameExpr use : scope.findAll(NameExpr.class, n -> n.getNameAsString().equals(name))) {
        Optional<Node> parent = use.getParentNode();
        if (parent
            .filter(
                p ->
                    p instanceof MethodCallExpr c
                        && c.getScope().filter(s -> s == use).isPresent()
                        && Set.of("shutdown", "shutdownNow", "close").contains(c.getNameAsString()))
            .isPresent()) {
          closed = true;
        } else if (parent
            .filter(
                p ->
                    (p instanceof MethodCallExpr c
                            && c.getArguments().contains(use)
                            // Handing it to supplyAsync(.., pool) and friends runs tasks on it;
                            // nothing there shuts it down.
                            && !c.getNameAsString().endsWith("Async"))
                        || (p instanceof ObjectCreationExpr o
                            && !o.getType().getNameAsString().equals("ExecutorCompletionService"))
                        || p instanceof ReturnStmt
                        || p instanceof AssignExpr
                        || p instanceof VariableDeclarator
                        || p instanceof TryStmt
                        || p instanceof ArrayInitializerExpr)
            .isPresent()) {
          escapes = true;
        }
      }
      boolean referenced =
          scope.findAll(MethodReferenceExpr.class).stream()
              .anyMatch(r -> r.getScope().toString().equals(name));
      if (!closed && !escapes && !referenced) {
        hits.add(new Hit(v));
      }
    }
    return hits;
  }

  static final Rule SHARED_PLAIN_STATE =
      new Rule(
          "unsafe-shared-state",
          "this plain collection or counter is written by code that runs on other threads, with no"
              + " lock: writes race, so items or counts are lost or the collection breaks; use a"
              + " concurrent collection or an atomic, or have each task return its result",
          "03",
          true,
          BuiltInMistakes::sharedPlainState,
          List.of(
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                List<Integer> run(ExecutorService pool) {
                  List<Integer> results = new ArrayList<>();
                  for (int i = 0; i < 10; i++) {
                    int n = i;
                    pool.submit(() -> results.add(n));
                  }
                  return results;
                }
              }\
              """,
              """
              class C {
                private int started;
                void run() {
                  for (int i = 0; i < 4; i++) {
                    Thread.ofVirtual().start(() -> started++);
                  }
                }
              }\
              """,
              """
              import java.util.*;
              class C {
                Map<Integer, Integer> squares(List<Integer> in) {
                  Map<Integer, Integer> out = new HashMap<>();
                  in.parallelStream().forEach(n -> out.put(n, n * n));
                  return out;
                }
              }\
              """),
          List.of(
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                List<Integer> run(ExecutorService pool) {
                  List<Integer> results = new CopyOnWriteArrayList<>();
                  Queue<Integer> done = new ConcurrentLinkedQueue<>();
                  for (int i = 0; i < 10; i++) {
                    int n = i;
                    pool.submit(() -> results.add(n));
                    pool.submit(() -> done.add(n));
                  }
                  return results;
                }
              }\
              """,
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                List<Integer> run(ExecutorService pool) {
                  List<Integer> results = new ArrayList<>();
                  pool.submit(() -> {
                    synchronized (results) {
                      results.add(1);
                    }
                  });
                  pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    mine.add(2);
                    return mine;
                  });
                  return results;
                }
              }\
              """,
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                List<Integer> serial(List<Integer> in) throws Exception {
                  List<Integer> results = new ArrayList<>();
                  ExecutorService one = Executors.newSingleThreadExecutor();
                  for (int n : in) {
                    one.execute(() -> results.add(n));
                  }
                  one.close();
                  return results;
                }
              }\
              """,
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                List<Integer> lastStage(ExecutorService pool, BlockingQueue<Integer> in) throws Exception {
                  List<Integer> results = new ArrayList<>();
                  pool.submit(() -> {
                    for (int item = in.take(); item >= 0; item = in.take()) {
                      results.add(item);
                    }
                    return null;
                  }).get();
                  return results;
                }
              }\
              """));

  /**
   * Tell whether a lambda (or method reference) runs on another thread: an argument of a
   * task-running call.
   */
  private static boolean runsElsewhere(LambdaExpr lambda) {
    Optional<Node> parent = lambda.getParentNode();
    if (parent.isEmpty()) {
      return false;
    }
    if (parent.get() instanceof ObjectCreationExpr o) {
      return o.getType().getNameAsString().equals("Thread");
    }
    if (parent.get() instanceof MethodCallExpr call && call.getArguments().contains(lambda)) {
      if (ON_OTHER_THREADS.contains(call.getNameAsString())) {
        // Tasks of a single-thread executor run one at a time, in order: no race among them.
        return call.getScope()
            .flatMap(BuiltInMistakes::variable)
            .flatMap(name -> initializer(lambda, name))
            .filter(e -> e.toString().contains("newSingleThread"))
            .isEmpty();
      }
      // forEach / map and friends on a parallel stream.
      return call.getScope()
          .filter(
              s ->
                  s.findAll(MethodCallExpr.class).stream()
                      .anyMatch(
                          c ->
                              c.getNameAsString().equals("parallelStream")
                                  || c.getNameAsString().equals("parallel")))
          .isPresent();
    }
    return false;
  }

  /**
   * Tell whether a lambda that runs elsewhere runs more than once at a time: started in a loop or
   * from another lambda (tasks.forEach(t -> pool.submit(...))), or on a parallel stream.
   */
  private static boolean manyInstances(LambdaExpr lambda) {
    Optional<Node> parent = lambda.getParentNode();
    if (parent
        .filter(
            p -> p instanceof MethodCallExpr c && !ON_OTHER_THREADS.contains(c.getNameAsString()))
        .isPresent()) {
      return true; // a parallel stream's lambda
    }
    return inLoop(lambda) || callable(lambda) instanceof LambdaExpr;
  }

  /** A write to a variable that code on other threads shares. */
  private record Write(Node node, String variable) {}

  private static List<Hit> sharedPlainState(CompilationUnit unit) {
    List<Write> candidates = new ArrayList<>();
    Map<String, Set<LambdaExpr>> writers = new HashMap<>();
    Set<String> manyWriters = new HashSet<>();
    for (LambdaExpr lambda : unit.findAll(LambdaExpr.class, BuiltInMistakes::runsElsewhere)) {
      for (Write write : sharedPlainStateIn(unit, lambda)) {
        writers.computeIfAbsent(write.variable(), t -> new HashSet<>()).add(lambda);
        if (manyInstances(lambda)) {
          manyWriters.add(write.variable());
        }
        candidates.add(write);
      }
    }
    // One task writing a plain collection that the caller reads after joining it is right: the join
    // orders the writes before the reads. Several tasks at once writing it is the race.
    return candidates.stream()
        .filter(w -> manyWriters.contains(w.variable()) || writers.get(w.variable()).size() > 1)
        .map(w -> new Hit(w.node()))
        .toList();
  }

  /** The innermost lambda around a node that runs on another thread, if any. */
  private static Optional<LambdaExpr> threadLambda(Node node) {
    Optional<Node> at = node.getParentNode();
    while (at.isPresent()) {
      if (at.get() instanceof LambdaExpr l && runsElsewhere(l)) {
        return Optional.of(l);
      }
      at = at.get().getParentNode();
    }
    return Optional.empty();
  }

  /** The writes to shared plain state that run in this lambda's own thread. */
  private static List<Write> sharedPlainStateIn(CompilationUnit unit, LambdaExpr lambda) {
    List<Write> writes = new ArrayList<>();
    boolean locks =
        !lambda.findAll(SynchronizedStmt.class).isEmpty()
            || lambda.findAll(MethodCallExpr.class).stream()
                .anyMatch(
                    c ->
                        c.getNameAsString().equals("lock")
                            || c.getNameAsString().equals("acquire"));
    if (locks) {
      return writes;
    }
    Set<String> ownLocals = new HashSet<>();
    lambda.findAll(VariableDeclarator.class).forEach(v -> ownLocals.add(v.getNameAsString()));
    lambda.getParameters().forEach(p -> ownLocals.add(p.getNameAsString()));
    for (MethodCallExpr call :
        lambda.findAll(MethodCallExpr.class, c -> WRITES.contains(c.getNameAsString()))) {
      Optional<String> target = call.getScope().flatMap(BuiltInMistakes::variable);
      if (target.isPresent()
          && !ownLocals.contains(target.get())
          && plainCollection(unit, target.get())
          && threadLambda(call).filter(l -> l == lambda).isPresent()) {
        writes.add(new Write(call, target.get()));
      }
    }
    for (UnaryExpr u :
        lambda.findAll(
            UnaryExpr.class,
            u ->
                u.getOperator().isPostfix()
                    || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                    || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT)) {
      Expression target =
          u.getExpression() instanceof ArrayAccessExpr a ? a.getName() : u.getExpression();
      Optional<String> name = variable(target).filter(n -> !ownLocals.contains(n));
      boolean plainField =
          name.flatMap(n -> field(unit, n))
              .filter(
                  f ->
                      !f.hasModifier(Modifier.Keyword.VOLATILE)
                          && f.getElementType().isPrimitiveType())
              .isPresent();
      boolean capturedArray =
          u.getExpression() instanceof ArrayAccessExpr
              && name.isPresent()
              && declaredType(unit, name.get())
                  .filter(t -> t.endsWith("[]") && Character.isLowerCase(t.charAt(0)))
                  .isPresent();
      if ((plainField || capturedArray) && threadLambda(u).filter(l -> l == lambda).isPresent()) {
        writes.add(new Write(u, name.get()));
      }
    }
    return writes;
  }

  private static boolean plainCollection(CompilationUnit unit, String name) {
    for (VariableDeclarator v : unit.findAll(VariableDeclarator.class)) {
      if (v.getNameAsString().equals(name)) {
        return v.getInitializer()
            .filter(
                e ->
                    e instanceof ObjectCreationExpr o
                        && PLAIN_COLLECTIONS.contains(o.getType().getNameAsString()))
            .isPresent();
      }
    }
    return false;
  }

  static final Rule THREAD_STOP =
      new Rule(
          "thread-stop-suspend-resume",
          "Thread.stop, suspend and resume are unsafe and removed (they throw"
              + " UnsupportedOperationException): stop a thread by interrupting it and letting its"
              + " code end",
          "05",
          true,
          BuiltInMistakes::threadStop,
          List.of(
              """
              class C {
                void run(Thread worker) {
                  worker.stop();
                }
              }\
              """,
              """
              class C {
                void run() {
                  Thread.currentThread().suspend();
                }
              }\
              """),
          List.of(
              """
              class C {
                interface Server { void stop(); }
                void run(Server server, Thread worker) {
                  server.stop();
                  worker.interrupt();
                }
              }\
              """));

  private static List<Hit> threadStop(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      if (!(isCall(call, "stop", 0, 0)
          || isCall(call, "suspend", 0, 0)
          || isCall(call, "resume", 0, 0))) {
        continue;
      }
      Optional<Expression> scope = call.getScope();
      if (scope
          .filter(
              s ->
                  isCurrentThread(s)
                      || hasType(unit, s, Set.of("Thread", "ThreadGroup"))
                      || (s instanceof ObjectCreationExpr o
                          && o.getType().getNameAsString().equals("Thread")))
          .isPresent()) {
        hits.add(new Hit(call));
      }
    }
    return hits;
  }

  static final Rule RELEASE_NOT_IN_FINALLY =
      new Rule(
          "release-not-in-finally",
          "the unlock()/release() runs only if nothing in between throws: an exception leaves the"
              + " lock held or the permit taken for good, and the next thread waits forever;"
              + " release in a finally block",
          "09",
          true,
          BuiltInMistakes::releaseNotInFinally,
          List.of(
              """
              import java.util.concurrent.locks.*;
              class C {
                private final Lock lock = new ReentrantLock();
                void run(Runnable work) {
                  lock.lock();
                  work.run();
                  lock.unlock();
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                private final Semaphore permits = new Semaphore(2);
                void run(Runnable work) throws InterruptedException {
                  permits.acquire();
                  work.run();
                  permits.release();
                }
              }\
              """),
          List.of(
              """
              import java.util.concurrent.locks.*;
              class C {
                private final Lock lock = new ReentrantLock();
                void run(Runnable work) {
                  lock.lock();
                  try {
                    work.run();
                  } finally {
                    lock.unlock();
                  }
                }
              }\
              """,
              """
              import java.util.concurrent.*;
              class C {
                void run(Semaphore permits, ExecutorService pool, Runnable work) throws InterruptedException {
                  permits.acquire();
                  try {
                    pool.submit(() -> {
                      try {
                        work.run();
                      } finally {
                        permits.release();
                      }
                    });
                  } catch (RuntimeException e) {
                    permits.release();
                    throw e;
                  }
                }
              }\
              """));

  private static final Set<String> ACQUIRES =
      Set.of(
          "lock",
          "lockInterruptibly",
          "tryLock",
          "acquire",
          "acquireUninterruptibly",
          "tryAcquire",
          "writeLock",
          "readLock",
          "tryOptimisticRead");

  private static List<Hit> releaseNotInFinally(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      boolean unlock =
          isCall(call, "unlock", 0, 0)
              || isCall(call, "unlockRead", 1, 1)
              || isCall(call, "unlockWrite", 1, 1);
      boolean release =
          isCall(call, "release", 0, 1)
              && call.getScope().filter(s -> hasType(unit, s, Set.of("Semaphore"))).isPresent();
      if ((!unlock && !release) || call.getScope().isEmpty() || inFinallyOrCatch(call)) {
        continue;
      }
      String scope = scopeText(call);
      Node body = callable(call);
      // The mistake is local: an acquisition, then calls that can throw, then this release.
      Optional<MethodCallExpr> acquired =
          body.findAll(MethodCallExpr.class).stream()
              .filter(
                  c ->
                      ACQUIRES.contains(c.getNameAsString())
                          && scopeText(c).equals(scope)
                          && positionBefore(c, call)
                          && callable(c) == body)
              .reduce((first, second) -> second);
      if (acquired.isEmpty()) {
        continue;
      }
      boolean canThrowBetween =
          body.findAll(MethodCallExpr.class).stream()
              .anyMatch(
                  c ->
                      c != call
                          && positionBefore(acquired.get(), c)
                          && positionBefore(c, call)
                          && !scopeText(c).equals(scope)
                          && !c.getNameAsString().equals("lock"));
      if (canThrowBetween) {
        hits.add(new Hit(call, release ? "06" : "09"));
      }
    }
    return hits;
  }

  static final Rule UNTIMED_GET =
      new Rule(
          "untimed-future-get",
          "get()/join() with no timeout waits as long as the task takes, forever if it hangs: where"
              + " a limit is the point, wait with get(timeout, unit), orTimeout or"
              + " completeOnTimeout",
          "04",
          false,
          BuiltInMistakes::untimedGet,
          List.of(
              """
              import java.util.concurrent.*;
              class C {
                Object run(ExecutorService pool, Callable<Object> task) throws Exception {
                  Future<Object> f = pool.submit(task);
                  return f.get();
                }
              }\
              """),
          List.of(
              """
              import java.util.concurrent.*;
              class C {
                Object run(ExecutorService pool, Callable<Object> task) throws Exception {
                  Future<Object> f = pool.submit(task);
                  return f.get(1, TimeUnit.SECONDS);
                }
              }\
              """,
              """
              import java.util.*;
              import java.util.concurrent.*;
              class C {
                Object run(ExecutorService pool, Callable<Object> task) throws Exception {
                  List<Future<Object>> all = pool.invokeAll(List.of(task), 1, TimeUnit.SECONDS);
                  Future<Object> f = all.get(0);
                  return f.isCancelled() ? null : f.get();
                }
              }\
              """));

  private static final Set<String> TIME_BOUNDS =
      Set.of("orTimeout", "completeOnTimeout", "awaitTermination");

  private static List<Hit> untimedGet(CompilationUnit unit) {
    List<Hit> hits = new ArrayList<>();
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      if (!(isCall(call, "get", 0, 0) || isCall(call, "join", 0, 0)) || call.getScope().isEmpty()) {
        continue;
      }
      Expression scope = call.getScope().get();
      boolean future =
          hasType(unit, scope, FUTURES)
              || (scope instanceof MethodCallExpr c
                  && Set.of("submit", "supplyAsync", "runAsync").contains(c.getNameAsString()));
      if (!future) {
        continue;
      }
      // A wait bounded elsewhere in the same method (invokeAll with a limit, orTimeout...) is fine.
      boolean bounded =
          callable(call).findAll(MethodCallExpr.class).stream()
              .anyMatch(
                  c ->
                      TIME_BOUNDS.contains(c.getNameAsString())
                          || (Set.of(
                                      "get",
                                      "invokeAll",
                                      "invokeAny",
                                      "poll",
                                      "join",
                                      "tryAcquire",
                                      "await")
                                  .contains(c.getNameAsString())
                              && c.getArguments().size()
                                  >= (c.getNameAsString().startsWith("invoke")
                                      ? 3
                                      : c.getNameAsString().equals("join") ? 1 : 2)));
      if (!bounded) {
        hits.add(new Hit(call));
      }
    }
    return hits;
  }

  /** Every built-in rule, in the order they run. */
  static final List<Rule> RULES =
      List.of(
          VOLATILE_COMPOUND,
          SLEEP_TO_WAIT,
          IF_AROUND_WAIT,
          NOTIFY_ONE,
          SWALLOWED_INTERRUPT,
          BAD_MONITOR,
          POOL_LEAK,
          SHARED_PLAIN_STATE,
          THREAD_STOP,
          RELEASE_NOT_IN_FINALLY,
          UNTIMED_GET);

  /**
   * The nearest enclosing node of a type: walked by hand, since findAncestor's varargs is
   * unchecked.
   */
  private static <N extends Node> Optional<N> ancestor(Node node, Class<N> type) {
    Optional<Node> parent = node.getParentNode();
    while (parent.isPresent() && !type.isInstance(parent.get())) {
      parent = parent.get().getParentNode();
    }
    return parent.map(type::cast);
  }
}
