package dev.kata.puzzles.p16;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 16: a request id bound per task, carried to pool threads, and never left behind. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "16",
    slug = "context-propagation",
    title = "Per-task context",
    difficulty = 4,
    prerequisites = "14",
    concepts = {
      "per-task context",
      "a ThreadLocal on a pool leaks to the next task",
      "InheritableThreadLocal does not follow tasks onto pool threads",
      "ScopedValue binds for a bounded scope",
      "capture at submit, bind on the worker, unbind after"
    },
    apis = {
      "ThreadLocal",
      "ThreadLocal.remove",
      "ScopedValue.where",
      "ScopedValue.Carrier.call",
      "ScopedValue.isBound",
      "ExecutorService.submit"
    },
    objective =
        "Bind a request id for the code of one request, on its thread and on the pool threads its"
            + " subtasks run on, twice: with a ThreadLocal and with a ScopedValue; every log line"
            + " carries its own request's id, and no thread keeps an id once the work is done, even"
            + " when it failed.")
public final class ContextPropagation implements Puzzle {

  @Override
  public Class<?> contract() {
    return RequestContexts.class;
  }

  @Override
  public String solutionFile() {
    return "p16_context_propagation/RequestHandlers.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(ContextPropagationChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A pool thread lives for the whole program and runs one task after another, of one request"
            + " after another. Anything a task leaves in a per-thread variable is read by the next"
            + " task on that thread. And nothing set on the request's thread is seen on a pool"
            + " thread unless the task carries it there: the pool's threads were started long"
            + " before, so they inherited nothing from this request. So context has three moments:"
            + " read it on the thread that submits, when it submits; bind it on the worker while"
            + " the task runs; unbind it when the task ends, however it ends.",
        "ThreadLocal: get(), set(v), and remove() in a finally block, so an exception or an Error"
            + " cannot skip it; save what was there before and put it back, for a handle inside a"
            + " handle. InheritableThreadLocal copies a value when a thread is CREATED, not when a"
            + " task is submitted: useless on a pool. ScopedValue (final in Java 25):"
            + " ScopedValue.newInstance(), ScopedValue.where(key, value).call(op) binds the value"
            + " for that call only and unbinds it when the call returns or throws; key.get() throws"
            + " where nothing is bound, and so does key.orElse(null): ask key.isBound() first. A"
            + " binding is seen only on the thread that made it: a pool thread must bind it again.",
        "Both handlers have the same shape. submit: String captured = <read the id here>; return"
            + " executor.submit(() -> <run subtask with captured bound>);   handle: <run request"
            + " with requestId bound>.   With a ThreadLocal, 'run with v bound' is: String previous"
            + " = id.get(); id.set(v); try { return task.call(); } finally { if (previous == null)"
            + " id.remove(); else id.set(previous); }   With a ScopedValue it is:"
            + " ScopedValue.where(id, v).call(task::call)");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "thread-local-without-remove",
            "the ThreadLocal is set and never removed: the request's thread and the pool thread"
                + " keep the id, and the next task on them logs under it"),
        new WrongSolution(
            "subtask-never-cleared",
            "handle restores the id in a finally, but the subtask's wrapper only sets it: the pool"
                + " thread keeps it, and the next task there logs under it"),
        new WrongSolution(
            "subtask-clears-instead-of-restoring",
            "the subtask's wrapper removes the id when it ends: when the executor runs it on the"
                + " request's own thread, the request loses its id"),
        new WrongSolution(
            "remove-not-in-finally",
            "remove() comes after the call, not in a finally: a"
                + " request or subtask that throws leaves its id on the thread"),
        new WrongSolution(
            "cleanup-catches-exception",
            "the ThreadLocal is cleared after a normal return and in catch (Exception): an Error"
                + " skips the cleanup and the pool thread keeps the id"),
        new WrongSolution(
            "clear-instead-of-restore",
            "the finally always removes the value: a handle inside"
                + " a handle, or a subtask's own handle, leaves the outer request with no id"),
        new WrongSolution(
            "static-field",
            "the id lives in one static field for every thread: with requests"
                + " at once, each logs under whichever id was stored last"),
        new WrongSolution(
            "static-thread-local",
            "the ThreadLocal is a static field shared by every threadLocal() handler: two handlers"
                + " are not independent, one handler's handle binds the id the other one reads"),
        new WrongSolution(
            "captured-in-a-field",
            "submit keeps the id in a field of the handler instead of a local variable: a subtask"
                + " that starts after another request submitted gets that one's id"),
        new WrongSolution(
            "inheritable-thread-local",
            "an InheritableThreadLocal, and submit passes the task on as it is: a pool thread"
                + " started before the request inherited nothing, so subtasks see no id"),
        new WrongSolution(
            "scoped-value-unbound-in-subtask",
            "the ScopedValue is bound in handle but never in the subtask: a binding is seen only on"
                + " the thread that made it, so the pool thread sees none"),
        new WrongSolution(
            "scoped-value-read-on-the-worker",
            "the subtask binds the ScopedValue to what it reads on the pool thread, where nothing"
                + " is bound, instead of what was read at submit"),
        new WrongSolution(
            "scoped-carrier-never-called",
            "handle calls ScopedValue.where(...) and drops the"
                + " carrier it returns, then runs the request: nothing is bound"),
        new WrongSolution(
            "submit-waits-for-the-subtask",
            "submit waits for the subtask's future before returning it, to be sure the id was"
                + " cleaned up: the request's subtasks no longer run at once"),
        new WrongSolution(
            "submit-runs-inline",
            "submit runs the subtask itself, on the request's thread, and returns a completed"
                + " future: the id is right, but nothing runs on the executor"));
  }
}
