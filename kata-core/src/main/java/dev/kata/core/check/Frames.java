package dev.kata.core.check;

/**
 * Format stack frames as a learner reads them: {@code Class.method(File.java:12)}, no loader or
 * module prefix.
 */
final class Frames {

  private Frames() {}

  /**
   * Tell whether a frame is the JVM's plumbing rather than code anyone wrote: a lambda's hidden
   * class.
   */
  static boolean isSynthetic(StackTraceElement frame) {
    return frame.getClassName().contains("$$Lambda");
  }

  static String format(StackTraceElement frame) {
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
}
