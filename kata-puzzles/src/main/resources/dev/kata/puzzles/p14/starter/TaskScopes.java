package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/*
 * Puzzle 14 · Structured concurrency
 *
 * GOAL
 *   Write a scope that owns its subtasks: fork() starts each one in a new virtual thread; when one
 *   fails, the others are cancelled; join() waits until every subtask's thread has ended and then
 *   returns, or throws the first failure; close() cancels whatever still runs and waits for it.
 *   No thread outlives the scope.
 *
 * THE CONCEPT
 *   Unstructured concurrency lets a task outlive the code that started it: a Future nobody waits
 *   for, a thread still running after its caller returned or threw. Structured concurrency ties
 *   every subtask to a block of code, the scope: the subtasks start inside it and have all ended
 *   when it ends, succeeded, failed or cancelled. Java's StructuredTaskScope is still a preview in
 *   Java 25, so you build the same thing from stable parts. "Ended" means the thread is gone,
 *   finally blocks included, not just that a Future says done.
 *
 * WHAT THE CHECKS PROVE (every subtask is held by the check, which decides when it succeeds or
 * fails; nothing here waits for a timer)
 *   - every subtask runs at once, concurrently, each in a virtual thread of its own; join() waits
 *     for the last one, blocked meanwhile and with no time limit of its own, and each supplier
 *     then gives its subtask's result;
 *   - a subtask fails (checked exception, RuntimeException, Error) while its siblings block: they
 *     are interrupted at once, join() throws ExecutionException with that very exception as the
 *     cause, and when it does, every subtask has ended and no virtual thread of the scope is
 *     alive (seen through the JDK's thread dump, which sees virtual threads);
 *   - the first failure in time is the cause, not the first subtask forked nor a later failure;
 *   - close() without join(): every subtask is interrupted and has ended when close() returns;
 *     an interrupt during close() does not cut that wait short, and the flag is kept;
 *   - the owner interrupted in join(): the subtasks are cancelled and have ended, then
 *     InterruptedException; interrupted while cancelled subtasks clean up, join() still waits;
 *   - two scopes are independent: a failure in one cancels nothing in the other;
 *   - generated scopes (how many subtasks, which fail and how, in which order they finish): the
 *     same rules, every time.
 *
 * Run it: ./kata run --puzzle 14      Hints: ./kata hint --puzzle 14
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    // TODO: what does a scope need to start subtasks, cancel them, and know they have all ended?

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      // TODO: start the task in a new virtual thread; when it fails, cancel its siblings.
      // This runs the task right here, on the owner's thread: nothing is concurrent.
      T result;
      try {
        result = task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return () -> result;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      // TODO: wait until every subtask's thread has ended; then throw the first failure, if any.
    }

    @Override
    public void close() {
      // TODO: cancel whatever still runs, and wait until it has ended.
    }
  }
}
