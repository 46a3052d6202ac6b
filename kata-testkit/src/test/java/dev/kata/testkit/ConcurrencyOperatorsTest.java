package dev.kata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each operator, given a small source, writes the expected bug and nothing else. */
class ConcurrencyOperatorsTest {

  private static List<Mutant> mutants(String operator, String body) {
    MutationOperator op =
        ConcurrencyOperators.builtIn().stream()
            .filter(o -> o.id().equals(operator))
            .findFirst()
            .orElseThrow();
    String source = "package p;\n\nclass C {\n" + body + "\n}\n";
    List<Mutant> mutants = new Mutator(List.of(op)).mutate(source);
    for (Mutant m : mutants) {
      assertThat(m.operator()).isEqualTo(operator);
      assertThat(m.source()).as("a mutant differs from the original").isNotEqualTo(source);
    }
    return mutants;
  }

  private static List<String> diffs(String operator, String body) {
    return mutants(operator, body).stream().map(Mutant::diff).toList();
  }

  @Test
  void everyBuiltInOperatorHasAUniqueIdAndADescription() {
    List<MutationOperator> ops = ConcurrencyOperators.builtIn();
    Set<String> ids = ops.stream().map(MutationOperator::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(ops.size());
    assertThat(ops).allSatisfy(o -> assertThat(o.description()).isNotBlank());
  }

  @Test
  void rskRemovesTheSynchronizedModifier() {
    List<Mutant> m = mutants("RSK", "  synchronized void inc() {\n    n++;\n  }\n  int n;");
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.line()).isEqualTo(4);
              assertThat(x.originalCode()).isEqualTo("synchronized void inc() {");
              assertThat(x.diff()).isEqualTo("synchronized -> (removed)");
              assertThat(x.source()).contains("  void inc() {").doesNotContain("synchronized");
            });
  }

  @Test
  void rsbRemovesASynchronizedBlockKeepingItsBody() {
    List<Mutant> m =
        mutants(
            "RSB", "  void inc() {\n    synchronized (this) {\n      n++;\n    }\n  }\n  int n;");
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.line()).isEqualTo(5);
              assertThat(x.source()).doesNotContain("synchronized").contains("n++;");
            });
  }

  @Test
  void mspAndEspChangeWhatABlockSynchronizesOn() {
    String body =
        """
        final Object a = new Object();
        final Object b = new Object();
        void f() {
          synchronized (a) {
            synchronized (b) {
            }
          }
        }\
        """;
    assertThat(diffs("MSP", body))
        .containsExactly("(a) -> (new Object())", "(b) -> (new Object())");
    assertThat(diffs("ESP", body))
        .containsExactly("(a) { synchronized (b) -> (b) { synchronized (a)");
  }

  @Test
  void rvkRemovesVolatile() {
    assertThat(diffs("RVK", "  private volatile boolean stop;"))
        .containsExactly("volatile -> (removed)");
  }

  @Test
  void rnaAndRsaNarrowAWakeUp() {
    assertThat(diffs("RNA", "  void f() { notifyAll(); }"))
        .containsExactly("notifyAll(); -> notify();");
    assertThat(
            diffs(
                "RSA",
                "  void f(java.util.concurrent.locks.Condition c) {\n    c.signalAll();\n  }"))
        .containsExactly("c.signalAll(); -> c.signal();");
  }

  @Test
  void rcxcDropsWaitsHandOversAndReleases() {
    String body =
        """
        void f(java.util.concurrent.Semaphore s, Thread t) throws Exception {
          s.acquire();
          try {
            t.join();
          } finally {
            s.release();
          }
          int unused = s.availablePermits();
        }\
        """;
    assertThat(diffs("RCXC", body))
        .containsExactly(
            "s.acquire(); -> (removed)", "t.join(); -> (removed)", "s.release(); -> (removed)");
  }

  @Test
  void rintDropsRestoringTheInterruptStatus() {
    String body =
        """
        void f() {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }\
        """;
    List<Mutant> m = mutants("RINT", body);
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.diff()).isEqualTo("Thread.currentThread().interrupt(); -> (removed)");
              assertThat(x.source())
                  .contains("catch (InterruptedException e) {")
                  .doesNotContain("interrupt()");
            });
  }

  @Test
  void rcloseDropsShutdownAlsoAsALambdaBody() {
    String body =
        """
        void f(java.util.concurrent.ExecutorService pool, java.util.concurrent.CompletableFuture<?> cf) {
          cf.whenComplete((r, e) -> pool.shutdown());
          pool.close();
        }\
        """;
    assertThat(diffs("RCLOSE", body))
        .containsExactly("pool.shutdown()); -> { });", "pool.close(); -> (removed)");
  }

  @Test
  void rtwrTakesAResourceOutOfTryWithResources() {
    String body =
        """
        void f() {
          try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(() -> 1);
          }
        }\
        """;
    List<Mutant> m = mutants("RTWR", body);
    assertThat(m)
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.source())
                    .contains(
                        "var pool ="
                            + " java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();")
                    .doesNotContain("try"));
  }

  @Test
  void rfuMovesTheReleaseOutOfFinallyKeepingAReturnLast() {
    String body =
        """
        Object f(java.util.concurrent.Semaphore s, java.util.concurrent.Callable<?> job) throws Exception {
          s.acquire();
          try {
            return job.call();
          } finally {
            s.release();
          }
        }\
        """;
    List<Mutant> m = mutants("RFU", body);
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.source()).doesNotContain("finally");
              assertThat(x.source().replaceAll("\\s+", " "))
                  .contains("var kataResult = job.call(); s.release(); return kataResult;");
            });
  }

  @Test
  void rdfDropsRemoveInFinally() {
    String body =
        """
        static final ThreadLocal<String> USER = new ThreadLocal<>();
        void f(Runnable r) {
          USER.set("x");
          try {
            r.run();
          } finally {
            USER.remove();
          }
        }\
        """;
    assertThat(diffs("RDF", body)).containsExactly("USER.remove(); -> (removed)");
  }

  @Test
  void noRestoreDropsTheSetInAFinally() {
    String body =
        """
        static final ThreadLocal<String> USER = new ThreadLocal<>();
        void f(Runnable r) {
          String previous = USER.get();
          USER.set("x");
          try {
            r.run();
          } finally {
            USER.set(previous);
          }
        }\
        """;
    assertThat(diffs("NO_RESTORE", body)).containsExactly("USER.set(previous); -> (removed)");
  }

  @Test
  void lateCaptureReadsTheValueInsideTheTask() {
    String body =
        """
        static final ThreadLocal<String> USER = new ThreadLocal<>();
        java.util.concurrent.Future<String> f(java.util.concurrent.ExecutorService pool) {
          String captured = USER.get();
          return pool.submit(() -> captured + "!");
        }
        void g() {
          String used = USER.get();
          Runnable r = () -> System.out.println(used);
          System.out.println(used);
        }\
        """;
    List<Mutant> m = mutants("LATE_CAPTURE", body);
    assertThat(m)
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.source().replaceAll("\\s+", " "))
                    .contains(
                        "return pool.submit(() -> { String captured = USER.get(); return captured +"
                            + " \"!\"; });"));
  }

  @Test
  void unboundCallRunsTheOperationWithoutItsBinding() {
    String body =
        """
        static final ScopedValue<String> USER = ScopedValue.newInstance();
        <T> T f(java.util.concurrent.Callable<T> task) throws Exception {
          return ScopedValue.where(USER, "x").call(task::call);
        }
        void g(Runnable r) {
          ScopedValue.where(USER, "y").run(() -> r.run());
        }\
        """;
    assertThat(diffs("UNBOUND_CALL", body))
        .containsExactly(
            "ScopedValue.where(USER, \"x\").call(task::call); -> task.call();",
            "ScopedValue.where(USER, \"y\").run(() -> r.run()); -> r.run();");
  }

  @Test
  void putOfferAndTakePollStopBlocking() {
    String body =
        """
        void f(java.util.concurrent.BlockingQueue<String> q) throws InterruptedException {
          q.put("x");
          String y = q.take();
        }\
        """;
    assertThat(diffs("PUT_OFFER", body))
        .containsExactly(
            "q.put(\"x\"); -> q.offer(\"x\");",
            "q.put(\"x\"); -> q.offer(\"x\", 10, java.util.concurrent.TimeUnit.MILLISECONDS);");
    assertThat(diffs("TAKE_POLL", body))
        .containsExactly("q.take(); -> q.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);");
  }

  @Test
  void cancelFalseNoLongerInterrupts() {
    assertThat(
            diffs(
                "CANCEL_FALSE",
                "  void f(java.util.concurrent.Future<?> x) {\n"
                    + "    x.cancel(true);\n"
                    + "    x.cancel(false);\n"
                    + "  }"))
        .containsExactly("x.cancel(true); -> x.cancel(false);");
  }

  @Test
  void shutdownNowInterruptsInsteadOfDraining() {
    assertThat(
            diffs(
                "SHUTDOWN_NOW",
                "  void f(java.util.concurrent.ExecutorService x) {\n"
                    + "    x.shutdown();\n"
                    + "    x.shutdownNow();\n"
                    + "  }"))
        .containsExactly("x.shutdown(); -> x.shutdownNow();");
  }

  @Test
  void noAwaitTerminationDropsTheWaitOrAsksAtOnce() {
    String body =
        """
        boolean f(java.util.concurrent.ExecutorService x) throws InterruptedException {
          x.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
          if (!x.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
            return false;
          }
          return x.awaitTermination(3, java.util.concurrent.TimeUnit.SECONDS);
        }\
        """;
    List<Mutant> m = mutants("NO_AWAIT_TERMINATION", body);
    assertThat(m).hasSize(3);
    assertThat(m.get(0).source()).doesNotContain("awaitTermination(1,");
    assertThat(m.get(1).source())
        .contains("if (!x.isTerminated())")
        .contains("awaitTermination(1,");
    assertThat(m.get(2).source()).contains("return x.isTerminated();");
  }

  @Test
  void dropSuppressedLosesTheSecondFailure() {
    assertThat(
            diffs(
                "DROP_SUPPRESSED",
                "  void f(Exception a, Exception b) {\n    a.addSuppressed(b);\n  }"))
        .containsExactly("a.addSuppressed(b); -> (removed)");
  }

  @Test
  void plainCollectionReplacesAConcurrentOne() {
    String body =
        """
        java.util.Map<String, Integer> m = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> s = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<String> l = java.util.Collections.synchronizedList(new java.util.ArrayList<>());\
        """;
    List<String> diffs = diffs("PLAIN_COLLECTION", body);
    assertThat(diffs).hasSize(3);
    assertThat(diffs.get(0))
        .isEqualTo("java.util.concurrent.ConcurrentHashMap<>(); -> java.util.HashMap<>();");
    assertThat(diffs.get(1)).endsWith("-> new java.util.HashSet<>();");
    assertThat(diffs.get(2)).endsWith("-> new java.util.ArrayList<>();");
  }

  @Test
  void whileIfAroundAWait() {
    String body =
        """
        boolean ready;
        synchronized void f() throws InterruptedException {
          while (!ready) {
            wait();
          }
        }\
        """;
    assertThat(diffs("WHILE_IF", body)).containsExactly("while -> if");
  }

  @Test
  void readOnceAndIgnoreEndOfStream() {
    String body =
        """
        int f(java.io.InputStream in, byte[] b) throws java.io.IOException {
          int n;
          int total = 0;
          while ((n = in.read(b)) != -1) {
            total += n;
          }
          return total;
        }\
        """;
    assertThat(diffs("READ_ONCE", body)).containsExactly("while -> if");
    assertThat(diffs("IGNORE_EOF", body)).containsExactly("-1) -> Integer.MIN_VALUE)");
  }

  @Test
  void drainOneReplacesEitherOutputStreamOfAChildProcessWithAnEmptyOne() {
    String body =
        """
        String[] f(Process p) throws java.io.IOException {
          return new String[] {new String(p.getInputStream().readAllBytes()), new String(p.getErrorStream().readAllBytes()),
              p.errorReader(java.nio.charset.StandardCharsets.UTF_8).readLine()};
        }\
        """;
    assertThat(diffs("DRAIN_ONE", body))
        .containsExactly(
            "String(p.getInputStream().readAllBytes()), ->"
                + " String(java.io.InputStream.nullInputStream().readAllBytes()),",
            "String(p.getErrorStream().readAllBytes()), ->"
                + " String(java.io.InputStream.nullInputStream().readAllBytes()),",
            "p.errorReader(java.nio.charset.StandardCharsets.UTF_8).readLine()}; ->"
                + " new java.io.BufferedReader(java.io.Reader.nullReader()).readLine()};");
  }

  @Test
  void drainOneLeavesASocketAlone() {
    String body =
        """
        byte[] f(java.net.Socket s) throws java.io.IOException {
          return s.getInputStream().readAllBytes();
        }\
        """;
    assertThat(diffs("DRAIN_ONE", body)).isEmpty();
  }

  @Test
  void mergeStreamsRedirectsStderrIntoStdoutUnlessAlreadySo() {
    String body =
        """
        void f(java.util.List<String> c) throws java.io.IOException {
          new ProcessBuilder(c).start();
          new ProcessBuilder(c).redirectErrorStream(false).start();
        }\
        """;
    assertThat(diffs("MERGE_STREAMS", body))
        .containsExactly(
            "ProcessBuilder(c).start(); -> ProcessBuilder(c).redirectErrorStream(true).start();");
  }

  @Test
  void politeKillAndDroppedKills() {
    String body =
        """
        void f(Process p) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }\
        """;
    assertThat(diffs("POLITE_KILL", body)).containsExactly("p.destroyForcibly(); -> p.destroy();");
    assertThat(diffs("RKILL_REF", body))
        .containsExactly("p.descendants().forEach(ProcessHandle::destroyForcibly); -> (removed)");
    assertThat(diffs("RCLOSE", body)).containsExactly("p.destroyForcibly(); -> (removed)");
  }

  @Test
  void elpaExchangesTwoAcquisitions() {
    String body =
        """
        void f(java.util.concurrent.locks.Lock a, java.util.concurrent.locks.Lock b) {
          a.lock();
          try {
            b.lock();
            try {
            } finally {
              b.unlock();
            }
          } finally {
            a.unlock();
          }
        }\
        """;
    List<Mutant> m = mutants("ELPA", body);
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.diff())
                  .isEqualTo("a.lock(); try { b.lock(); -> b.lock(); try { a.lock();");
              assertThat(x.line()).isEqualTo(5);
            });
  }

  @Test
  void skcrAndExcrMoveAStatementAcrossTheRegionsEdge() {
    String body =
        """
        int n;
        void f(java.util.concurrent.locks.Lock a, Runnable slow) {
          int before = 1;
          a.lock();
          try {
            n++;
            n--;
          } finally {
            a.unlock();
          }
          slow.run();
        }\
        """;
    List<String> shrink = diffs("SKCR", body);
    assertThat(shrink)
        .containsExactly(
            "a.lock(); try { n++; -> n++; a.lock(); try {",
            "n--; } finally { a.unlock(); } -> } finally { a.unlock(); } n--;");
    List<String> expand = diffs("EXCR", body);
    assertThat(expand)
        .containsExactly(
            "int before = 1; a.lock(); try { -> a.lock(); try { int before = 1;",
            "} finally { a.unlock(); } slow.run(); -> slow.run(); } finally { a.unlock(); }");
  }

  @Test
  void eanSplitsAnAtomicUpdate() {
    String body =
        """
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        void f() {
          n.incrementAndGet();
          n.addAndGet(5);
          int kept = n.getAndIncrement();
        }\
        """;
    assertThat(diffs("EAN", body))
        .containsExactly(
            "n.incrementAndGet(); -> n.set(n.get() + 1);",
            "n.addAndGet(5); -> n.set(n.get() + (5));");
  }

  @Test
  void mxcChangesCountsByOne() {
    String body =
        """
        java.util.concurrent.Semaphore s = new java.util.concurrent.Semaphore(3);
        java.util.concurrent.ExecutorService p = java.util.concurrent.Executors.newFixedThreadPool(n());
        int n() { return 2; }\
        """;
    assertThat(diffs("MXC", body))
        .containsExactly(
            "java.util.concurrent.Semaphore(3); -> java.util.concurrent.Semaphore(3 + 1);",
            "java.util.concurrent.Semaphore(3); -> java.util.concurrent.Semaphore(3 - 1);",
            "java.util.concurrent.Executors.newFixedThreadPool(n()); ->"
                + " java.util.concurrent.Executors.newFixedThreadPool(n() + 1);",
            "java.util.concurrent.Executors.newFixedThreadPool(n()); ->"
                + " java.util.concurrent.Executors.newFixedThreadPool(n() - 1);");
  }

  @Test
  void seqExecutorAndDefaultPoolTakeConcurrencyAway() {
    String body =
        """
        Object f(java.util.concurrent.ExecutorService e) {
          var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
          return java.util.concurrent.CompletableFuture.supplyAsync(() -> 1, e);
        }\
        """;
    assertThat(diffs("SEQ_EXECUTOR", body))
        .singleElement()
        .asString()
        .endsWith("newSingleThreadExecutor();");
    assertThat(diffs("DEFAULT_POOL", body)).containsExactly("1, e); -> 1);");
  }

  @Test
  void widenCatchCatchesEverything() {
    String body =
        """
        void f() {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
          } catch (RuntimeException e) {
          }
        }\
        """;
    assertThat(diffs("WIDEN_CATCH", body)).containsExactly("(InterruptedException -> (Exception");
  }

  @Test
  void scopeOperatorsStopCancellingAndKeepingTheFirstFailure() {
    String body =
        """
        final java.util.concurrent.atomic.AtomicReference<Throwable> first = new java.util.concurrent.atomic.AtomicReference<>();
        void f(java.util.concurrent.ExecutorService e) throws InterruptedException {
          try {
            e.submit(() -> 1);
          } catch (Throwable t) {
            if (first.compareAndSet(null, t)) {
              e.shutdownNow();
            }
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }\
        """;
    assertThat(diffs("NO_SHUTDOWN_NOW", body)).containsExactly("e.shutdownNow(); -> e.shutdown();");
    assertThat(diffs("NARROW_CATCH", body)).containsExactly("(Throwable -> (Exception");
    assertThat(diffs("CAS_SWAP", body))
        .containsExactly("(first.compareAndSet(null, t)) -> (first.getAndSet(t) == null)");
    assertThat(diffs("IGNORE_INTERRUPTED", body))
        .containsExactly("(Thread.interrupted()) -> (false)");
  }

  @Test
  void shieldOperatorsCancelTheWorkOrSwallowTheInterruptOfItsWaiter() {
    String body =
        """
        void f(java.util.concurrent.Future<?> commit) throws Exception {
          commit.get();
          Object ignored = commit.get();
        }\
        """;
    assertThat(diffs("CANCEL_ON_INTERRUPT", body))
        .singleElement()
        .asString()
        .contains("commit.cancel(true);")
        .contains("catch (InterruptedException cancelled)");
    assertThat(diffs("WAIT_OUT_INTERRUPT", body))
        .singleElement()
        .asString()
        .contains("while (true)")
        .contains("catch (InterruptedException ignored)");
  }

  @Test
  void retryOperatorsDropTheJitterTheCapAndTheRetryablePredicate() {
    String body =
        """
        long delay(java.util.random.RandomGenerator random, java.util.function.Predicate<Throwable> retryable,
            Throwable failure, double c, double cap) {
          if (!retryable.test(failure)) {
            return -1;
          }
          return (long) Math.min(c * random.nextDouble(0.5, 1.5), cap) + random.nextInt(10);
        }\
        """;
    assertThat(diffs("DROP_JITTER", body))
        .containsExactly(
            "random.nextDouble(0.5, 1.5), -> (((0.5) + (1.5)) / 2),",
            "random.nextInt(10); -> ((10) / 2);");
    assertThat(diffs("DROP_CAP", body))
        .containsExactly(
            "Math.min(c * random.nextDouble(0.5, 1.5), cap) -> (c * random.nextDouble(0.5, 1.5))",
            "Math.min(c * random.nextDouble(0.5, 1.5), cap) -> (cap)");
    assertThat(diffs("RETRY_ALL", body)).containsExactly("(!retryable.test(failure)) -> (!true)");
  }

  @Test
  void anyOfEndsAFirstSuccessLoopAtTheFirstCompletion() {
    String body =
        """
        Object f(java.util.concurrent.CompletionService<Object> done, int n) throws Exception {
          for (int left = n; left > 0; left--) {
            try {
              return done.take().get();
            } catch (java.util.concurrent.ExecutionException failed) {
              // not an answer
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          try {
            return null;
          } catch (RuntimeException outsideALoop) {
            return null;
          }
        }\
        """;
    assertThat(diffs("ANY_OF", body)).singleElement().asString().contains("throw failed;");
  }

  @Test
  void waitAllKeepsAFailFastLoopWaitingForEveryTask() {
    String body =
        """
        void f(java.util.concurrent.CompletionService<String> cs, int n) throws InterruptedException {
          for (int i = 0; i < n; i++) {
            if (cs.take().isCancelled()) {
              break;
            }
          }
          for (int i = 0; i < n; i++) {
            switch (i) {
              case 0:
                break;
              default:
            }
            if (i > 1) {
              break;
            }
          }
        }\
        """;
    assertThat(diffs("WAIT_ALL", body)).containsExactly("break; -> (removed)");
  }

  @Test
  void identicalMutantsAreMadeOnce() {
    // Two operators that would write the same text: only the first one's mutant is kept.
    List<MutationOperator> twice =
        List.of(
            ConcurrencyOperators.builtIn().getFirst(), ConcurrencyOperators.builtIn().getFirst());
    assertThat(new Mutator(twice).mutate("class C { synchronized void f() {} }")).hasSize(1);
  }

  @Test
  void aSourceThatDoesNotParseIsRefused() {
    assertThatThrownBy(() -> new Mutator().mutate("class {"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not parse");
  }
}
