package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kata.api.check.OpenSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class SocketHygieneTest {

  /** Sockets the fixtures leave open on purpose, closed once the verdicts are in. */
  static final List<AutoCloseable> LEFT_OPEN = new ArrayList<>();

  @AfterAll
  static void closeWhatFixturesLeft() throws Exception {
    for (AutoCloseable c : LEFT_OPEN) {
      c.close();
    }
  }

  @Test
  void aServerSocketLeftOpenFailsTheCheckAndIsNamed() {
    requireLinux();
    List<String> failures = GuardRuns.failures(LeakingServerTestCase.class);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("invariant: every socket your code opens is closed")
        .contains("LISTEN (a server socket listening)");
  }

  @Test
  void aConnectionWhosePeerLeftFailsTheCheck() {
    requireLinux();
    List<String> failures = GuardRuns.failures(LeakingConnectionTestCase.class);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("every socket your code opens is closed")
        .contains("1 socket still open");
  }

  @Test
  void theChecksOwnSocketIsNeverBlamedOnTheLearner() {
    requireLinux();
    List<String> failures = GuardRuns.failures(ChecksOwnSocketTestCase.class);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("defect of the puzzle's checks, not of your code")
        .doesNotContain("every socket your code opens is closed");
  }

  @Test
  void socketsClosedBeforeTheCheckEndsPass() {
    requireLinux();
    assertThat(GuardRuns.failures(TidyTestCase.class)).isEmpty();
  }

  @Test
  void listsOnlyOpenSocketsOfThisProcess() throws IOException {
    requireLinux();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(OpenSockets.list())
          .anyMatch(
              s ->
                  s.localPort() == server.getLocalPort()
                      && s.state().equals("LISTEN")
                      && s.localAddress().equals("127.0.0.1"));
    }
  }

  private static void requireLinux() {
    assumeTrue(
        OpenSockets.unsupportedReason().isEmpty(),
        () -> "the socket guard is skipped here: " + OpenSockets.unsupportedReason().orElseThrow());
  }

  @ExtendWith(SocketHygiene.class)
  static class LeakingServerTestCase {
    @Test
    void leavesAServerSocketOpen() throws IOException {
      LEFT_OPEN.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }
  }

  @ExtendWith(SocketHygiene.class)
  static class LeakingConnectionTestCase {
    @Test
    void leavesTheAcceptedSideOpen() throws IOException {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Socket _ = OpenSockets.ownedByCheck(connect(server.getLocalPort()))) {
        LEFT_OPEN.add(server.accept()); // the "learner's" side: never closed
      }
    }
  }

  @ExtendWith(SocketHygiene.class)
  static class ChecksOwnSocketTestCase {
    @Test
    void leavesItsOwnClientOpen() throws IOException {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Socket client = OpenSockets.ownedByCheck(connect(server.getLocalPort()));
        LEFT_OPEN.add(client); // the check's own, left open by a defect of the check
        server.accept().close();
      }
    }
  }

  @ExtendWith(SocketHygiene.class)
  static class TidyTestCase {
    @Test
    void closesEverything() throws IOException {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Socket client = connect(server.getLocalPort());
          Socket accepted = server.accept()) {
        client.getOutputStream().write(1);
        assertThat(accepted.getInputStream().read()).isEqualTo(1);
      }
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }
}
