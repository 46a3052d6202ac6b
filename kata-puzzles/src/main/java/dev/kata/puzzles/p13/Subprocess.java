package dev.kata.puzzles.p13;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/**
 * Puzzle 13: drain a child's stdout and stderr at once; time out and kill it, with its descendants.
 */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "13",
    slug = "subprocess",
    title = "Talk to a child process",
    difficulty = 3,
    prerequisites = "10",
    concepts = {
      "pipe deadlock",
      "drain both streams concurrently",
      "time out and kill",
      "process trees",
      "no child left behind"
    },
    apis = {
      "ProcessBuilder",
      "Process.waitFor(timeout)",
      "Process.destroyForcibly",
      "Process.descendants",
      "Process.onExit"
    },
    objective =
        "Run a command as a child process and return its exit code, stdout and stderr, exactly;"
            + " drain both pipes at once so neither fills; kill the child and its descendants on a"
            + " timeout or an interrupt; leave nothing behind.")
public final class Subprocess implements Puzzle {

  @Override
  public Class<?> contract() {
    return ChildRunner.class;
  }

  @Override
  public String solutionFile() {
    return "p13_subprocess/ProcessRunner.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(SubprocessChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "A child's stdout and stderr are pipes with a small buffer (64 KiB on Linux). When one is"
            + " full, the child's next write blocks until somebody reads. If you wait for anything"
            + " else first (the other stream's end, the child's exit), a chatty child waits for you"
            + " while you wait for it. So both streams are read at the same time, by threads of"
            + " their own, from the start. A child is also a resource: on a timeout or an interrupt"
            + " it must be killed, with whatever it started, and a child may ignore a polite"
            + " request to stop.",
        "ProcessBuilder.start() gives a Process: getInputStream() is the child's stdout,"
            + " getErrorStream() its stderr, getOutputStream() its stdin (close it). readAllBytes()"
            + " reads to the end; decode once, with StandardCharsets.UTF_8."
            + " Executors.newVirtualThreadPerTaskExecutor() in try-with-resources runs the two"
            + " readers and waits for them. waitFor(timeout, unit) returns false when the time is"
            + " up and throws InterruptedException when interrupted. destroyForcibly() cannot be"
            + " ignored, destroy() can. descendants() lists the child's tree, but only while the"
            + " child lives.",
        "Process child = new ProcessBuilder(command).start();\n"
            + "try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {\n"
            + "  try {\n"
            + "    child.getOutputStream().close();\n"
            + "    Future<String> out = readers.submit(() -> text(child.getInputStream())); // and"
            + " err\n"
            + "    if (!child.waitFor(...)) throw new TimeoutException(...);\n"
            + "    return new Result(child.exitValue(), out.get(), err.get());\n"
            + "  } finally {\n"
            + "    var tree = child.descendants().toList(); // before the child dies\n"
            + "    child.destroyForcibly(); // then each of tree\n"
            + "  }\n"
            + "}");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "stdout-then-stderr",
            "reads stdout to its end, then stderr: a child that fills"
                + " stderr first blocks on the full pipe while run() waits for the end of stdout"),
        new WrongSolution(
            "wait-for-before-reading",
            "calls waitFor() before reading anything: a child with more"
                + " to say than a pipe holds never ends, because nobody reads"),
        new WrongSolution(
            "no-timeout",
            "reads both streams at once but waits with waitFor() and no limit: a child"
                + " that never ends keeps run() forever"),
        new WrongSolution(
            "destroy-politely",
            "on a timeout calls destroy() (SIGTERM) and returns: a child that"
                + " ignores SIGTERM is left running"),
        new WrongSolution(
            "kills-the-child-only",
            "on a timeout kills the child forcibly but not its descendants:"
                + " the child's own child is re-parented and lives on"),
        new WrongSolution(
            "merged-streams",
            "uses redirectErrorStream(true) to avoid the deadlock: stderr is"
                + " mixed into stdout and comes back empty"),
        new WrongSolution(
            "reads-lines",
            "reads each stream with BufferedReader.lines() and joins them with \\n:"
                + " \\r\\n and the final newline are lost"),
        new WrongSolution(
            "decodes-each-chunk",
            "decodes every 8 KiB read on its own: a multi-byte UTF-8"
                + " character split between two reads becomes two replacement characters"),
        new WrongSolution(
            "stdin-left-open",
            "never closes the child's stdin: a child that reads its input"
                + " waits forever for its end"),
        new WrongSolution(
            "waits-with-join",
            "waits with onExit().orTimeout(...).join(): the timeout works, but join() cannot be"
                + " interrupted, so an interrupted caller waits on and the child is not killed"),
        new WrongSolution(
            "interrupt-wrapped",
            "kills the child when interrupted but throws an IOException in place of the"
                + " InterruptedException, with the interrupt flag clear: the cancellation is lost"),
        new WrongSolution(
            "kills-every-descendant-of-the-jvm",
            "on a timeout kills ProcessHandle.current().descendants(), every process the JVM"
                + " started, not just this call's"),
        new WrongSolution(
            "synchronized-run",
            "makes run() synchronized \"to be thread-safe\": a second call"
                + " waits until the first call's child has ended"),
        new WrongSolution(
            "one-child-per-runner",
            "keeps the child in a field, so two calls at once overwrite"
                + " each other's child and one call returns the other's output"));
  }
}
