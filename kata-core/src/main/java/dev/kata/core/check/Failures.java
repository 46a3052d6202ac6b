package dev.kata.core.check;

import dev.kata.api.check.StackFrames;
import dev.kata.core.ApiVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Describe a check's failure for a learner: the message, and for an exception the learner's own
 * frames.
 */
final class Failures {

  private static final int FRAMES = 6;

  private Failures() {}

  static String describe(Throwable failure) {
    return describe(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /**
   * Describe a failure, its causes and its suppressed exceptions, each once, however they refer to
   * each other.
   */
  private static String describe(Throwable failure, Set<Throwable> seen) {
    seen.add(failure);
    var out = new StringBuilder();
    switch (failure) {
      case AssertionError a ->
          out.append(a.getMessage() == null ? "the check failed" : a.getMessage());
      case CheckTimeLimit.MachineTooBusy busy -> out.append(busy.getMessage());
      case ParameterResolutionException p ->
          out.append("cannot create your solution: ").append(p.getMessage());
      case StackOverflowError overflow -> out.append(describeRecursion(overflow));
      default -> {
        if (failure instanceof OutOfMemoryError) {
          out.append("your code ran out of memory (heap limit ")
              .append(heapLimitMb())
              .append(" MB): does it keep everything it makes, or allocate without bound?")
              .append(System.lineSeparator());
        }
        out.append("your code threw ").append(failure.getClass().getName());
        if (failure.getMessage() != null) {
          out.append(": ").append(failure.getMessage());
        }
        appendFrames(failure, out);
      }
    }
    List<Throwable> chain = new ArrayList<>(List.of(failure));
    for (Throwable cause = failure.getCause();
        cause != null && seen.add(cause);
        cause = cause.getCause()) {
      chain.add(cause);
      if (failure instanceof AssertionError && cause instanceof AssertionError) {
        // the check's own wrapping (a property's smallest example around its invariant): said above
        continue;
      }
      out.append(System.lineSeparator()).append("caused by ").append(cause);
      appendFrames(cause, out);
    }
    for (Throwable link : chain) {
      for (Throwable suppressed : link.getSuppressed()) {
        if (!seen.contains(suppressed)) {
          out.append(System.lineSeparator())
              .append(System.lineSeparator())
              .append("suppressed: ")
              .append(describe(suppressed, seen));
        }
      }
    }
    return out.toString();
  }

  /**
   * Tell whether a failure is the puzzle's own defect rather than the solution's, and say what it
   * is: checks built against another kata-api (a linkage error outside the learner's code), or a
   * checks class kata cannot give the solution to (no {@code @PuzzleChecks}).
   *
   * @param failure what a check threw
   * @param learnerPackage the solution's package
   */
  static java.util.Optional<String> puzzleDefect(Throwable failure, String learnerPackage) {
    if (failure instanceof ParameterResolutionException
        && String.valueOf(failure.getMessage()).startsWith("No ParameterResolver registered")) {
      return java.util.Optional.of(
          "the check takes a parameter kata cannot supply ("
              + failure.getMessage()
              + "); is its class annotated @PuzzleChecks?");
    }
    if (failure instanceof LinkageError
        && !(failure instanceof ExceptionInInitializerError)
        && !(failure instanceof StackOverflowError)) {
      StackTraceElement[] stack = failure.getStackTrace();
      boolean fromLearner =
          stack.length > 0 && StackFrames.isLearners(stack[0].getClassName(), learnerPackage);
      if (!fromLearner) {
        return java.util.Optional.of(
            "the checks were built against another kata-api ("
                + failure
                + (stack.length > 0 ? " at " + StackFrames.format(stack[0]) : "")
                + "); this kata has kata-api "
                + ApiVersion.current());
      }
    }
    return java.util.Optional.empty();
  }

  private static long heapLimitMb() {
    // maxMemory() is a little less than -Xmx (a survivor space is not counted): name the limit kata
    // set.
    return Long.getLong(
        CheckProtocol.HEAP_LIMIT_PROPERTY, Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /**
   * Name the recursion of a stack overflow instead of listing its thousand frames: the repeating
   * cycle of frames once, then how many more frames repeated it.
   */
  static String describeRecursion(Throwable overflow) {
    StackTraceElement[] stack = overflow.getStackTrace();
    // The shortest period p such that the top of the stack repeats every p frames.
    int period = 0;
    for (int p = 1; p <= Math.min(32, stack.length / 2) && period == 0; p++) {
      boolean repeats = true;
      for (int i = 0; i + p < Math.min(stack.length, 4 * p + 8); i++) {
        if (!sameFrame(stack[i], stack[i + p])) {
          repeats = false;
          break;
        }
      }
      if (repeats) {
        period = p;
      }
    }
    var out =
        new StringBuilder(
            "your code recursed without end and overflowed the stack (StackOverflowError)");
    if (period == 0) {
      appendFrames(overflow, out);
      return out.toString();
    }
    int repeated = period;
    while (repeated < stack.length && sameFrame(stack[repeated], stack[repeated - period])) {
      repeated++;
    }
    out.append(": ");
    List<String> names = new ArrayList<>();
    for (int i = period - 1; i >= 0; i--) {
      names.add(
          stack[i].getClassName().substring(stack[i].getClassName().lastIndexOf('.') + 1)
              + "."
              + stack[i].getMethodName());
    }
    out.append(
            period == 1
                ? names.get(0) + " calls itself"
                : String.join(" calls ", names) + " calls " + names.get(0))
        .append(" again and again; nothing stops the recursion");
    for (int i = 0; i < period; i++) {
      out.append(System.lineSeparator()).append("    at ").append(StackFrames.format(stack[i]));
    }
    out.append(System.lineSeparator())
        .append("    ... ")
        .append(repeated - period)
        .append(" more frames of ")
        .append(period == 1 ? "`" + names.get(0) + "`" : "that cycle")
        .append(
            stack.length >= 1024
                ? " (the JVM keeps only the top " + stack.length + " frames)"
                : "");
    return out.toString();
  }

  private static boolean sameFrame(StackTraceElement a, StackTraceElement b) {
    return a.getClassName().equals(b.getClassName())
        && a.getMethodName().equals(b.getMethodName())
        && a.getLineNumber() == b.getLineNumber();
  }

  private static void appendFrames(Throwable failure, StringBuilder out) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (StackTraceElement frame : failure.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith("org.junit.")
          || type.startsWith("dev.kata.core.")
          || type.startsWith("jdk.internal.reflect")) {
        break; // below this is the check machinery, not the learner's code
      }
      frames.add(frame);
      if (frames.size() == FRAMES) {
        break;
      }
    }
    for (StackTraceElement frame : frames) {
      out.append(System.lineSeparator()).append("    at ").append(StackFrames.format(frame));
    }
  }
}
