package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/*
 * WRONG: fork runs the task itself, on the owner's thread, and returns its result: no
 * subtask runs concurrently, join has nothing to wait for, and a failure cannot cancel a sibling.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private Throwable firstFailure;

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      T result = null;
      try {
        result = task.call();
      } catch (Throwable t) {
        if (firstFailure == null) {
          firstFailure = t;
        }
      }
      T value = result;
      return () -> value;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      if (firstFailure != null) {
        throw new ExecutionException(firstFailure);
      }
    }

    @Override
    public void close() {
      // nothing runs
    }
  }
}
