package dev.kata.api.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who waits for a lock held by whom, its cycles (deadlocks), and the one wording a learner is shown
 * for a cycle.
 *
 * <p>A thread waits for at most one lock at a time, so each thread has at most one outgoing wait,
 * and each cycle is found by following the waits from any of its threads. The graph is pure: it
 * takes the waits from whoever observed them (a thread dump, a check's own instrumented locks) and
 * never looks at live threads itself.
 *
 * <pre>
 * lock cycle (deadlock):
 *   thread "teller-1" holds Account 1 and waits for Account 2, held by thread "teller-2"
 *     at SafeBank.transfer(SafeBank.java:31)
 *   thread "teller-2" holds Account 2 and waits for Account 1, held by thread "teller-1"
 *     at SafeBank.transfer(SafeBank.java:31)
 * </pre>
 *
 * @param <T> how the caller identifies a thread (a thread id, a {@link Thread}, a record of its
 *     own)
 * @since 0.1
 */
public final class WaitForGraph<T> {

  /**
   * One wait: {@code waiter} waits for {@code lock}, which {@code owner} holds.
   *
   * @param waiter the waiting thread
   * @param lock the lock it waits for, as the learner should read it
   * @param owner the thread that holds that lock
   * @param <T> how the caller identifies a thread
   */
  public record Wait<T>(T waiter, String lock, T owner) {}

  private final Map<T, Wait<T>> waits = new LinkedHashMap<>();

  /** Create an empty graph. */
  public WaitForGraph() {}

  /**
   * Record that {@code waiter} waits for {@code lock}, held by {@code owner}. A later wait of the
   * same thread replaces this one.
   *
   * @param waiter the waiting thread
   * @param lock the lock it waits for
   * @param owner the thread that holds it
   * @return this graph
   */
  public WaitForGraph<T> add(T waiter, String lock, T owner) {
    waits.put(waiter, new Wait<>(waiter, lock, owner));
    return this;
  }

  /**
   * Find every cycle, each once, in the order its first thread was added. Each cycle starts at its
   * thread that was added first; the owner of each wait is the waiter of the next, and the owner of
   * the last is the waiter of the first.
   *
   * @return the cycles; empty when nothing is deadlocked
   */
  public List<List<Wait<T>>> cycles() {
    List<List<Wait<T>>> cycles = new ArrayList<>();
    Set<T> done = new HashSet<>();
    for (T start : waits.keySet()) {
      if (done.contains(start)) {
        continue;
      }
      List<T> path = new ArrayList<>();
      T current = start;
      while (current != null && !done.contains(current) && !path.contains(current)) {
        path.add(current);
        Wait<T> wait = waits.get(current);
        current = wait == null ? null : wait.owner();
      }
      if (current != null && path.contains(current)) {
        cycles.add(rotated(path.subList(path.indexOf(current), path.size())));
      }
      done.addAll(path);
    }
    return cycles;
  }

  /**
   * Find the cycle that runs through one thread.
   *
   * @param thread the thread
   * @return its cycle, starting at it, if it is in one
   */
  public Optional<List<Wait<T>>> cycleThrough(T thread) {
    List<Wait<T>> cycle = new ArrayList<>();
    Wait<T> wait = waits.get(thread);
    while (wait != null && cycle.size() <= waits.size()) {
      cycle.add(wait);
      if (wait.owner().equals(thread)) {
        return Optional.of(List.copyOf(cycle));
      }
      wait = waits.get(wait.owner());
    }
    return Optional.empty();
  }

  private List<Wait<T>> rotated(List<T> members) {
    T first = waits.keySet().stream().filter(members::contains).findFirst().orElseThrow();
    int start = members.indexOf(first);
    List<Wait<T>> cycle = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      cycle.add(waits.get(members.get((start + i) % members.size())));
    }
    return List.copyOf(cycle);
  }

  /**
   * Describe a cycle as a learner reads it: for each thread, the lock it holds (the one the thread
   * before it waits for), the lock it waits for and who holds that, and where in the learner's code
   * it waits.
   *
   * @param cycle a cycle from {@link #cycles()} or {@link #cycleThrough}
   * @param label names a thread, such as {@code thread "teller-1"}
   * @param where the learner's frame where a thread waits; empty to leave the line out
   * @param <T> how the caller identifies a thread
   * @return the heading {@code lock cycle (deadlock):} and a line per thread
   */
  public static <T> String describe(
      List<Wait<T>> cycle, Function<? super T, String> label, Function<? super T, String> where) {
    var out = new StringBuilder("lock cycle (deadlock):");
    for (int i = 0; i < cycle.size(); i++) {
      Wait<T> wait = cycle.get(i);
      Wait<T> before = cycle.get((i + cycle.size() - 1) % cycle.size());
      out.append(System.lineSeparator())
          .append("  ")
          .append(label.apply(wait.waiter()))
          .append(" holds ")
          .append(before.lock())
          .append(" and waits for ")
          .append(wait.lock())
          .append(", held by ")
          .append(label.apply(wait.owner()));
      String at = where.apply(wait.waiter());
      if (at != null && !at.isEmpty()) {
        out.append(System.lineSeparator()).append("    at ").append(at);
      }
    }
    return out.toString();
  }
}
