package dev.kata.api.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * List the TCP and UDP sockets this JVM holds open, as the operating system sees them: every open
 * file descriptor that is an internet socket, whoever opened it and through whichever Java API
 * ({@code Socket}, {@code ServerSocket}, {@code SocketChannel}, {@code DatagramChannel}, ...).
 *
 * <p>A socket is listed from the moment it is created until its descriptor is closed, so a check
 * can ask whether a server's sockets are closed <em>at the moment</em> a method returns. Kata's
 * runner uses the same list after every check to find sockets left open.
 *
 * <p>It reads {@code /proc/self/fd} and {@code /proc/self/net/{tcp,tcp6,udp,udp6}}, which only
 * Linux has. Elsewhere {@link #unsupportedReason()} says so, and a check that needs the list must
 * skip that part and say why, never pass silently.
 *
 * @since 0.1
 */
public final class OpenSockets {

  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path NET = Path.of("/proc/self/net");
  private static final Map<String, String> TCP_STATES =
      Map.ofEntries(
          Map.entry("01", "ESTABLISHED"),
          Map.entry("02", "SYN_SENT"),
          Map.entry("03", "SYN_RECV"),
          Map.entry("04", "FIN_WAIT1"),
          Map.entry("05", "FIN_WAIT2"),
          Map.entry("06", "TIME_WAIT"),
          Map.entry("07", "CLOSE"),
          Map.entry("08", "CLOSE_WAIT"),
          Map.entry("09", "LAST_ACK"),
          Map.entry("0A", "LISTEN"),
          Map.entry("0B", "CLOSING"));

  private static final Set<Integer> CHECK_PORTS = ConcurrentHashMap.newKeySet();

  private OpenSockets() {}

  /**
   * Declare a socket the check itself opened (a client of the learner's server, say), so kata's
   * guard never blames the learner for it. Call it once the socket is bound or connected. If the
   * check leaves it open, the guard reports a defect of the puzzle's checks instead.
   *
   * @param socket the check's own socket, not null
   * @param <T> the socket's type
   * @return {@code socket}
   */
  public static <T extends Socket> T ownedByCheck(T socket) {
    CHECK_PORTS.add(socket.getLocalPort());
    return socket;
  }

  /**
   * Tell whether a socket is one a check declared with {@link #ownedByCheck}.
   *
   * @param socket an open socket
   * @return true if its local port is one of a check's own sockets
   */
  public static boolean isOwnedByCheck(OpenSocket socket) {
    return socket.protocol().equals("tcp") && CHECK_PORTS.contains(socket.localPort());
  }

  /** Forget the sockets checks declared: kata's runner calls it after each check. */
  public static void forgetOwnedByCheck() {
    CHECK_PORTS.clear();
  }

  /**
   * One open socket.
   *
   * @param id the operating system's identity of the socket (its inode), stable while it is open
   * @param protocol {@code tcp} or {@code udp}
   * @param localAddress the local address, such as {@code 127.0.0.1}
   * @param localPort the local port
   * @param remoteAddress the peer's address, or the wildcard address when not connected
   * @param remotePort the peer's port, or 0 when not connected
   * @param state the TCP state ({@code LISTEN}, {@code ESTABLISHED}, {@code CLOSE_WAIT}, ...), or
   *     {@code UNCONNECTED} / {@code CONNECTED} for UDP
   * @since 0.1
   */
  public record OpenSocket(
      long id,
      String protocol,
      String localAddress,
      int localPort,
      String remoteAddress,
      int remotePort,
      String state) {

    /** Describe the socket in a learner's terms, such as {@code tcp 127.0.0.1:4242 LISTEN}. */
    public String describe() {
      String what =
          switch (state) {
            case "LISTEN" -> "a server socket listening";
            case "CLOSE_WAIT" -> "a connection the peer has closed, never closed on this side";
            case "ESTABLISHED" -> "an open connection";
            case "CLOSED" -> "a connection ended on both sides, its descriptor never closed";
            default -> "a socket";
          };
      if (state.equals("CLOSED")) {
        return "socket #"
            + id
            + " CLOSED ("
            + "a connection ended on both sides, its descriptor"
            + " never closed)";
      }
      return protocol
          + " "
          + localAddress
          + ":"
          + localPort
          + (remotePort == 0 ? "" : " -> " + remoteAddress + ":" + remotePort)
          + " "
          + state
          + " ("
          + what
          + ")";
    }
  }

  /**
   * Tell why the sockets cannot be listed on this operating system.
   *
   * @return empty where {@link #list()} works (Linux), else the reason, to show to the user
   */
  public static Optional<String> unsupportedReason() {
    if (Files.isDirectory(FDS) && Files.isReadable(NET.resolve("tcp"))) {
      return Optional.empty();
    }
    return Optional.of(
        "open sockets are read from /proc/self/fd and /proc/self/net, which "
            + System.getProperty("os.name")
            + " does not have (Linux only)");
  }

  /**
   * List the TCP and UDP sockets this JVM holds open now.
   *
   * @return the open sockets, never null
   * @throws UnsupportedOperationException where {@link #unsupportedReason()} is not empty
   */
  public static List<OpenSocket> list() {
    unsupportedReason()
        .ifPresent(
            reason -> {
              throw new UnsupportedOperationException(reason);
            });
    Set<Long> held = socketInodes();
    List<OpenSocket> open = new ArrayList<>();
    Map<Long, OpenSocket> known = new HashMap<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      readTable(table, known);
    }
    Set<Long> otherKinds = new HashSet<>();
    // both tables are read, whatever the first says
    boolean unix = readInodes("unix", 6, otherKinds);
    boolean netlink = readInodes("netlink", 9, otherKinds);
    boolean told = unix && netlink;
    for (long inode : held) {
      OpenSocket socket = known.get(inode);
      if (socket != null) {
        open.add(socket);
      } else if (told && !otherKinds.contains(inode)) {
        // In no table: a TCP connection that has ended on both sides (the kernel forgets its
        // addresses) while this side still holds the descriptor.
        open.add(new OpenSocket(inode, "tcp", "?", 0, "?", 0, "CLOSED"));
      }
    }
    return open;
  }

  /** The inodes of every socket descriptor of this process. */
  private static Set<Long> socketInodes() {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          inodes.add(Long.parseLong(target.substring("socket:[".length(), target.length() - 1)));
        }
      }
    } catch (IOException e) {
      throw new UnsupportedOperationException("cannot read " + FDS + ": " + e.getMessage(), e);
    }
    return inodes;
  }

  private static void readTable(String table, Map<Long, OpenSocket> into) {
    List<String> lines;
    try {
      lines = Files.readAllLines(NET.resolve(table));
    } catch (IOException absent) {
      return; // no IPv6 on this machine, say
    }
    String protocol = table.startsWith("tcp") ? "tcp" : "udp";
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      String[] local = f[1].split(":");
      String[] remote = f[2].split(":");
      int remotePort = Integer.parseInt(remote[1], 16);
      String state =
          protocol.equals("tcp")
              ? TCP_STATES.getOrDefault(f[3], f[3])
              : remotePort == 0 ? "UNCONNECTED" : "CONNECTED";
      long inode = Long.parseLong(f[9]);
      into.put(
          inode,
          new OpenSocket(
              inode,
              protocol,
              address(local[0]),
              Integer.parseInt(local[1], 16),
              address(remote[0]),
              remotePort,
              state));
    }
  }

  private static boolean readInodes(String table, int column, Set<Long> into) {
    try {
      List<String> lines = Files.readAllLines(NET.resolve(table));
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > column) {
          into.add(Long.parseLong(f[column]));
        }
      }
      return true;
    } catch (IOException | NumberFormatException unreadable) {
      return false; // sockets of that kind cannot be told from ended TCP connections: list neither
    }
  }

  /** Decode the kernel's hex address: 32-bit words in the machine's (little-endian) byte order. */
  private static String address(String hex) {
    byte[] raw = HexFormat.of().parseHex(hex);
    for (int word = 0; word + 4 <= raw.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = raw[word + i];
        raw[word + i] = raw[word + 3 - i];
        raw[word + 3 - i] = b;
      }
    }
    try {
      return InetAddress.getByAddress(raw).getHostAddress();
    } catch (UnknownHostException e) {
      return hex;
    }
  }
}
