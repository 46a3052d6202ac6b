package dev.kata.puzzles.p20;

import dev.kata.api.check.Patience;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The check's own echo server, behind the relay, so a client check never depends on the learner's
 * server.
 */
// close() joins the check's own threads: an InterruptedException there is the check's to see,
// not one a try-with-resources hides (javac's "try" lint)
@SuppressWarnings("try")
final class CheckEchoServer implements AutoCloseable {

  private final DatagramChannel channel;
  private final Thread thread;

  CheckEchoServer() throws IOException {
    channel =
        DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = Thread.ofPlatform().daemon().name("check-echo").start(this::serve);
  }

  int port() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private void serve() {
    ByteBuffer buffer = ByteBuffer.allocate(65_535);
    try {
      while (true) {
        buffer.clear();
        // Only the learner's client sends here: while it waits, it waits for another thread.
        SocketAddress sender = Patience.waitForLearner(() -> channel.receive(buffer));
        buffer.flip();
        channel.send(buffer, sender);
      }
    } catch (IOException closed) {
      // close() closed the channel
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    channel.close();
    thread.join();
  }
}
