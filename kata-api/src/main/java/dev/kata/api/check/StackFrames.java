package dev.kata.api.check;

import java.util.Optional;

/**
 * Stack frames as a learner reads them, and the one rule for which frame is the learner's own.
 *
 * <p>A frame is the learner's when its class is in the solution's package or below it. Every
 * message that points at "your code" (a failure's stack, a stuck thread, a lock cycle, a lost
 * update) uses this rule, so they all point at the same line. With no package (an empty name), no
 * frame is the learner's: kata's own classes and the JDK's are never blamed by elimination.
 *
 * @since 0.1
 */
public final class StackFrames {

  private StackFrames() {}

  /**
   * Format a frame as {@code Class.method(File.java:12)}, without a class loader or module prefix.
   *
   * @param frame the frame
   * @return the frame as a learner reads it
   */
  public static String format(StackTraceElement frame) {
    String where =
        frame.isNativeMethod()
            ? "native"
            : frame.getFileName() == null
                ? "unknown source"
                : frame.getLineNumber() >= 0
                    ? frame.getFileName() + ":" + frame.getLineNumber()
                    : frame.getFileName();
    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
  }

  /**
   * Tell whether a frame is the JVM's plumbing rather than code anyone wrote: a lambda's hidden
   * class.
   *
   * @param frame the frame
   * @return whether it is a lambda's hidden class
   */
  public static boolean isSynthetic(StackTraceElement frame) {
    return frame.getClassName().contains("$$Lambda");
  }

  /**
   * Tell whether a class, or a frame written as {@code Class.method(...)}, is the learner's.
   *
   * @param className a fully qualified class name, or a formatted frame
   * @param learnerPackage the solution's package; empty for none
   * @return whether it lies in the solution's package or below it
   */
  public static boolean isLearners(String className, String learnerPackage) {
    return !learnerPackage.isEmpty() && className.startsWith(learnerPackage + ".");
  }

  /**
   * Find the first (innermost) frame of the learner's code.
   *
   * @param stack a stack, innermost frame first
   * @param learnerPackage the solution's package; empty for none
   * @return the learner's innermost frame, if any
   */
  public static Optional<StackTraceElement> learnerFrame(
      StackTraceElement[] stack, String learnerPackage) {
    for (StackTraceElement frame : stack) {
      if (!isSynthetic(frame) && isLearners(frame.getClassName(), learnerPackage)) {
        return Optional.of(frame);
      }
    }
    return Optional.empty();
  }
}
