package dev.kata.puzzles.p20;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 20: datagrams are lost, duplicated and reordered; retransmit and match replies. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "20",
    slug = "udp-echo",
    title = "UDP datagrams",
    difficulty = 5,
    prerequisites = "19",
    concepts = {
      "datagrams are lost, duplicated and reordered",
      "retransmission on timeout",
      "matching replies to requests",
      "a connectionless server",
      "demultiplexing replies"
    },
    apis = {"DatagramChannel", "ByteBuffer", "CompletableFuture.get(timeout)", "ConcurrentHashMap"},
    objective =
        "Echo datagrams to their senders, and write a client that numbers each request,"
            + " sends it again when no reply comes in time, gives up after its attempts, and hands"
            + " every reply to the request it answers, for many threads at once.")
public final class UdpDatagrams implements Puzzle {

  @Override
  public Class<?> contract() {
    return UdpEcho.class;
  }

  @Override
  public String solutionFile() {
    return "p20_udp_echo/DatagramEcho.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(UdpDatagramsChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "UDP promises nothing: a datagram may be lost, arrive twice, or arrive late, after the"
            + " next one. So a client waits for a reply only so long, then sends the same request"
            + " again, and gives up after a few tries. Since an old reply may turn up at any time,"
            + " each request carries a number, and only a datagram from the server with this"
            + " request's number is its reply. A server has no connections: every datagram says"
            + " who sent it, and that is where the echo goes.",
        "DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))"
            + " gives a socket on an ephemeral loopback port. receive(buffer) blocks and returns"
            + " the sender's address; send(buffer, address) sends. A blocking receive() has no"
            + " timeout, and interrupting a thread blocked in it closes the channel. So let one"
            + " thread of the client receive everything and hand each reply on: a CompletableFuture"
            + " per request, in a ConcurrentHashMap by number; future.get(perTry) is the timed"
            + " wait.",
        "Server: a thread looping buffer.clear(); sender = channel.receive(buffer); buffer.flip();"
            + " channel.send(buffer, sender); close() closes the channel and joins the thread."
            + " Client request(): number = counter.incrementAndGet(); put a future under it; for"
            + " each attempt { send [number, payload]; try { return future.get(perTry) } catch"
            + " (TimeoutException) { try again } }; throw SocketTimeoutException; finally remove"
            + " the future. The receiver thread: from the server and a known number? copy the"
            + " payload and complete that future; anything else is dropped. close() closes the"
            + " channel, and the receiver fails every future still waiting.");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "no-retransmission",
            "sends each request once and waits attempts × perTry, so one lost datagram loses the"
                + " request"),
        new WrongSolution(
            "no-receive-timeout",
            "waits for the reply in a blocking receive() with no timeout, so a lost datagram blocks"
                + " the request forever"),
        new WrongSolution(
            "retries-forever",
            "sends again on every timeout and never gives up, so a dead server hangs the caller"),
        new WrongSolution(
            "any-datagram-is-the-reply",
            "takes the first datagram that arrives as the reply, so a late reply to an earlier"
                + " request is returned"),
        new WrongSolution(
            "number-not-checked",
            "takes any datagram from the server's address as the reply without looking at its"
                + " number, so a late or duplicated reply to an earlier request is returned"),
        new WrongSolution(
            "new-number-per-attempt",
            "numbers each attempt anew and waits only for the last one's reply, so a reply one try"
                + " late is thrown away"),
        new WrongSolution(
            "one-request-at-a-time",
            "serialises request() with a lock held while waiting, so one slow reply delays every"
                + " other thread"),
        new WrongSolution(
            "shared-receive-buffer",
            "receives into one ByteBuffer shared by every request, so one thread's receive writes"
                + " where another left the buffer, and replies come back garbled"),
        new WrongSolution(
            "receive-on-caller-thread",
            "receives on each requesting thread, and throws away a reply that is another's, so"
                + " concurrent requests lose each other's replies"),
        new WrongSolution(
            "server-replies-to-first-client",
            "the server remembers the first sender and echoes everything to it, so with many"
                + " clients the others get nothing"),
        new WrongSolution(
            "server-close-keeps-port",
            "the server's close() only asks its thread to stop, which is blocked in receive(), so"
                + " the port stays bound and the thread lives on"),
        new WrongSolution(
            "close-leaves-waiters",
            "the client's close() stops the receiver but leaves the requests waiting for their"
                + " perTry, so close() does not end them"),
        new WrongSolution(
            "server-buffer-sized-for-payload",
            "the server receives into a 1024-byte buffer, so a longer datagram comes back cut"
                + " short"),
        new WrongSolution(
            "server-close-leaves-closing-to-thread",
            "the server's close() only sets a flag that its polling thread sees later, so the"
                + " socket is still open when close() returns"),
        new WrongSolution(
            "server-close-stops-waiting-on-interrupt",
            "the server's close() stops joining the thread that closes the socket when the caller"
                + " is interrupted, so it returns with the socket still open"),
        new WrongSolution(
            "send-on-blocking-channel",
            "requesting threads send on the client's channel in blocking mode, so a thread"
                + " interrupted just before a retransmission closes the channel for every"
                + " request"),
        new WrongSolution(
            "sequence-not-atomic",
            "numbers requests with ++ on a volatile long, a read and a write, so two requests that"
                + " start at once may get the same number"),
        new WrongSolution(
            "reply-not-copied-out-of-receive-buffer",
            "hands a request a view of the one buffer the receiver reuses, and the request copies"
                + " it out late, so the next datagram overwrites its reply first"));
  }
}
