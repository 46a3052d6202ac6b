package dev.kata.core;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Describe a check's failure for a learner: the message, and for an exception the learner's own frames. */
final class Failures {

  private static final int FRAMES = 6;

  private Failures() {}

  static String describe(Throwable failure) {
    var out = new StringBuilder();
    if (failure instanceof AssertionError) {
      out.append(failure.getMessage() == null ? "the check failed" : failure.getMessage());
    } else if (failure instanceof ParameterResolutionException) {
      out.append("cannot create your solution: ").append(failure.getMessage());
    } else {
      out.append("your code threw ").append(failure.getClass().getName());
      if (failure.getMessage() != null) {
        out.append(": ").append(failure.getMessage());
      }
      appendFrames(failure, out);
      Throwable cause = failure.getCause();
      while (cause != null && cause != failure) {
        out.append(System.lineSeparator()).append("caused by ").append(cause);
        appendFrames(cause, out);
        failure = cause;
        cause = cause.getCause();
      }
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      out.append(System.lineSeparator()).append(System.lineSeparator()).append(describe(suppressed));
    }
    return out.toString();
  }

  private static void appendFrames(Throwable failure, StringBuilder out) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (StackTraceElement frame : failure.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith("org.junit.") || type.startsWith("dev.kata.core.") || type.startsWith("jdk.internal.reflect")) {
        break; // below this is the check machinery, not the learner's code
      }
      frames.add(frame);
      if (frames.size() == FRAMES) {
        break;
      }
    }
    for (StackTraceElement frame : frames) {
      out.append(System.lineSeparator()).append("    at ").append(Frames.format(frame));
    }
  }
}
