package dev.kata.puzzles.p11;

import dev.kata.api.check.Invariant;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fail a check during which a thread of the server died of an exception: a connection thread that
 * crashes (an IndexOutOfBoundsException when read's -1 is used as a length, say) leaves its client
 * without an answer or a proper end, and on a real server prints a stack trace per connection.
 * Threads named {@code check-...} are the check's own.
 */
final class CrashWatch implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CrashWatch.class);

  record Crash(String thread, Throwable failure) {}

  @Override
  public void beforeEach(ExtensionContext context) {
    List<Crash> crashes = new CopyOnWriteArrayList<>();
    context
        .getStore(NAMESPACE)
        .put("previous", handlerOrNone(Thread.getDefaultUncaughtExceptionHandler()));
    context.getStore(NAMESPACE).put("crashes", crashes);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          if (!thread.getName().startsWith("check-") && !reset(failure)) {
            crashes.add(
                new Crash(
                    thread.isVirtual()
                        ? "virtual thread \"" + thread.getName() + "\""
                        : "thread \"" + thread.getName() + "\"",
                    failure));
          }
        });
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Object previous = context.getStore(NAMESPACE).get("previous");
    Thread.setDefaultUncaughtExceptionHandler(
        previous instanceof Thread.UncaughtExceptionHandler handler ? handler : null);
    @SuppressWarnings("unchecked")
    List<Crash> crashes = context.getStore(NAMESPACE).get("crashes", List.class);
    if (crashes == null || crashes.isEmpty() || context.getExecutionException().isPresent()) {
      return;
    }
    Crash first = crashes.getFirst();
    StackTraceElement[] frames = first.failure().getStackTrace();
    throw Invariant.violated(
        "a connection thread ends normally, also at the end of the stream",
        "no thread of the server dies of an exception",
        crashes.size()
            + (crashes.size() == 1 ? " thread" : " threads")
            + " died; the first, "
            + first.thread()
            + ", of "
            + first.failure()
            + (frames.length == 0 ? "" : " at " + frames[0])
            + " (is read()'s -1 used as a length or an index?)");
  }

  /**
   * Tell whether a thread died of its client's reset: the contract leaves how a server handles a
   * reset to it, as long as the connection is closed (which the reset check proves).
   */
  private static boolean reset(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketException && String.valueOf(t.getMessage()).contains("reset")) {
        return true;
      }
    }
    return false;
  }

  private static Object handlerOrNone(Thread.UncaughtExceptionHandler handler) {
    return handler == null ? "none" : handler;
  }
}
