package dev.kata.core.check;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.OpenSockets;
import dev.kata.api.check.OpenSockets.OpenSocket;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Fail a check that leaves a TCP or UDP socket open: a server socket never closed, a connection
 * whose peer is gone but which this side never closed. The sockets are the operating system's
 * (every open descriptor, whichever Java API opened it), so nothing the learner's code can do
 * escapes the guard. Sockets open before the check are not its concern, and sockets a check
 * declared its own ({@link OpenSockets#ownedByCheck}) are reported as a defect of the puzzle's
 * checks, never as the learner's. Sockets get a short, scaled grace to close, as a connection
 * thread closes its socket a moment after its peer left.
 *
 * <p>Where the operating system gives no list of open sockets (only Linux does), the guard is
 * skipped and says so once per run, with the reason, in the check's report.
 */
public final class SocketHygiene implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SocketHygiene.class);
  private static final long GRACE_MILLIS = 2_000;
  private static final int MAX_LISTED = 6;
  private static final AtomicBoolean SKIP_TOLD = new AtomicBoolean();

  @Override
  public void beforeEach(ExtensionContext context) {
    OpenSockets.forgetOwnedByCheck();
    if (OpenSockets.unsupportedReason().isPresent()) {
      return;
    }
    Set<Long> before = new HashSet<>();
    OpenSockets.list().forEach(s -> before.add(s.id()));
    context.getStore(NAMESPACE).put("before", before);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    var reason = OpenSockets.unsupportedReason();
    if (reason.isPresent()) {
      if (SKIP_TOLD.compareAndSet(false, true)) {
        context.publishReportEntry("socket guard", "skipped: " + reason.get());
      }
      return;
    }
    @SuppressWarnings("unchecked")
    Set<Long> before = context.getStore(NAMESPACE).get("before", Set.class);
    if (before == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeScale.millis(GRACE_MILLIS) * 1_000_000;
    List<OpenSocket> left = opened(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling a condition within the grace, not asserting after a sleep
      left = opened(before);
    }
    if (left.isEmpty()
        || context.getRoot().getStore(CheckTimeLimit.NAMESPACE).get(CheckTimeLimit.HUNG) != null
        || context.getExecutionException().isPresent()) {
      return; // a failed check's open sockets are part of that failure, not news
    }
    List<OpenSocket> checks =
        left.stream().filter(socket -> OpenSockets.isOwnedByCheck(socket)).toList();
    List<OpenSocket> learners = left.stream().filter(s -> !OpenSockets.isOwnedByCheck(s)).toList();
    OpenSockets.forgetOwnedByCheck();
    if (learners.isEmpty()) {
      throw new AssertionFailedError(
          "the puzzle's check left "
              + list(checks)
              + System.lineSeparator()
              + "  this is a defect of the puzzle's checks, not of your code:"
              + " please report it to the puzzle's author");
    }
    throw Invariant.violated(
        "every socket your code opens is closed",
        "no server socket or connection left open after the check (close each one, in a finally"
            + " or with try-with-resources, also when the peer has gone)",
        list(learners));
  }

  private static List<OpenSocket> opened(Set<Long> before) {
    List<OpenSocket> opened = new ArrayList<>();
    for (OpenSocket s : OpenSockets.list()) {
      if (!before.contains(s.id())) {
        opened.add(s);
      }
    }
    return opened;
  }

  private static String list(List<OpenSocket> sockets) {
    var text =
        new StringBuilder(
            sockets.size()
                + (sockets.size() == 1 ? " socket still open:" : " sockets still open:"));
    for (OpenSocket s : sockets.subList(0, Math.min(sockets.size(), MAX_LISTED))) {
      text.append(System.lineSeparator()).append("    ").append(s.describe());
    }
    if (sockets.size() > MAX_LISTED) {
      text.append(System.lineSeparator())
          .append("    ... and ")
          .append(sockets.size() - MAX_LISTED)
          .append(" more");
    }
    return text.toString();
  }
}
