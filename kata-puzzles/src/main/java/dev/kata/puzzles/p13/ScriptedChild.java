package dev.kata.puzzles.p13;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of puzzle 13's checks: a small program, run by {@code java} from the check
 * JVM's own {@code java.home}, that follows a script given on its command line and tells the check
 * what it is doing over a loopback connection.
 *
 * <p>Arguments: the check's port, this child's name, then the script's steps:
 *
 * <ul>
 *   <li>{@code out:N}, {@code err:N}: write N bytes of the stream's pattern, in chunks;
 *   <li>{@code both:N}: N bytes to each stream, alternating chunks;
 *   <li>{@code text-out:B64}, {@code text-err:B64}: write these bytes (Base64, so that no platform
 *       encoding of the command line can change them);
 *   <li>{@code stdin}: read standard input to its end;
 *   <li>{@code ignore-term}: survive a polite request to stop (SIGTERM, {@code Process.destroy()});
 *   <li>{@code grandchild}: start a child of its own that ignores SIGTERM and never ends, and wait
 *       until it runs;
 *   <li>{@code await-go}: wait until the check says go;
 *   <li>{@code answer}: answer each line the check sends with {@code pong} and that line, until the
 *       check hangs up: so the check can ask whether this process still runs its own code;
 *   <li>{@code hang}: never end;
 *   <li>{@code exit:C}: end with exit code C.
 * </ul>
 *
 * <p>Before each step that can block, and after, it reports a line ({@code writing out 65536},
 * {@code wrote}, {@code ready}), so the check sees where it is stuck: a write to a full pipe never
 * returns. It writes straight to file descriptors 1 and 2, unbuffered, so what it wrote is what the
 * pipe got. It uses the JDK only: its class path is the one folder or jar it comes from.
 */
public final class ScriptedChild {

  /** The size of one write: a pipe holds a few of them (64 KiB on Linux, 16-64 KiB on macOS). */
  static final int CHUNK = 8192;

  /** Each stream's pattern: 1-, 2-, 3- and 4-byte UTF-8 characters, so a split character shows. */
  static final String OUT_PATTERN = "aé€😀";

  static final String ERR_PATTERN = "Eü→🚀";

  private static PrintStream report;

  private ScriptedChild() {}

  /**
   * Follow the script.
   *
   * @param args the check's port, this child's name, then the steps
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String name = args[1];
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    report = new PrintStream(socket.getOutputStream(), true, StandardCharsets.UTF_8);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    report("hello " + name + " " + ProcessHandle.current().pid());
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream err = new FileOutputStream(FileDescriptor.err);
    for (int i = 2; i < args.length; i++) {
      String step = args[i];
      String argument = step.contains(":") ? step.substring(step.indexOf(':') + 1) : "";
      switch (step.contains(":") ? step.substring(0, step.indexOf(':')) : step) {
        case "out" -> write(out, "out", pattern(OUT_PATTERN, Integer.parseInt(argument)));
        case "err" -> write(err, "err", pattern(ERR_PATTERN, Integer.parseInt(argument)));
        case "both" -> {
          byte[] o = pattern(OUT_PATTERN, Integer.parseInt(argument));
          byte[] e = pattern(ERR_PATTERN, Integer.parseInt(argument));
          for (int at = 0; at < Math.max(o.length, e.length); at += CHUNK) {
            writeChunk(out, "out", o, at);
            writeChunk(err, "err", e, at);
          }
        }
        case "text-out" -> write(out, "out", Base64.getDecoder().decode(argument));
        case "text-err" -> write(err, "err", Base64.getDecoder().decode(argument));
        case "stdin" -> {
          report("reading stdin");
          long read = System.in.transferTo(OutputStream.nullOutputStream());
          report("read stdin " + read);
        }
        case "ignore-term" ->
            Runtime.getRuntime()
                .addShutdownHook(
                    new Thread(
                        () -> {
                          // asked to stop politely (SIGTERM): this child stays
                          report("term ignored");
                          hang();
                        }));
        case "grandchild" -> startGrandchild(port, name);
        case "await-go" -> {
          report("awaiting go");
          String line = commands.readLine();
          report("got " + line);
        }
        case "answer" -> {
          report("answering");
          for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            report("pong " + line);
          }
        }
        case "hang" -> {
          report("ready");
          hang();
        }
        case "exit" -> {
          report("exiting " + argument);
          out.flush();
          err.flush();
          Runtime.getRuntime().halt(Integer.parseInt(argument)); // no shutdown hook runs
        }
        default -> throw new IllegalArgumentException("unknown step " + step);
      }
    }
    report("done");
    Runtime.getRuntime().halt(0);
  }

  /** Build the command that runs a scripted child, with {@code java} from this JVM's home. */
  static List<String> command(int port, String name, List<String> steps) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A child starts faster with these: it computes nothing.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx32m",
                "-XX:-UsePerfData",
                "-cp",
                classPath(),
                ScriptedChild.class.getName(),
                Integer.toString(port),
                name));
    command.addAll(steps);
    return command;
  }

  /**
   * The bytes a child writes for {@code out:N} or {@code err:N}: whole characters, about N bytes.
   */
  static byte[] pattern(String pattern, int bytes) {
    byte[] unit = pattern.getBytes(StandardCharsets.UTF_8);
    int units = Math.max(1, bytes / unit.length);
    byte[] all = new byte[units * unit.length];
    for (int i = 0; i < units; i++) {
      System.arraycopy(unit, 0, all, i * unit.length, unit.length);
    }
    return all;
  }

  private static String classPath() {
    CodeSource source = ScriptedChild.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return System.getProperty("java.class.path");
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return System.getProperty("java.class.path");
    }
  }

  private static void write(OutputStream stream, String which, byte[] bytes) {
    for (int at = 0; at < bytes.length; at += CHUNK) {
      writeChunk(stream, which, bytes, at);
    }
    report("wrote " + which + " " + bytes.length);
  }

  private static void writeChunk(OutputStream stream, String which, byte[] bytes, int at) {
    if (at >= bytes.length) {
      return;
    }
    report("writing " + which + " " + at + " " + bytes.length);
    try {
      stream.write(bytes, at, Math.min(CHUNK, bytes.length - at));
    } catch (IOException e) {
      report("failed " + which + " " + e);
      throw new UncheckedIOException(e);
    }
  }

  private static void startGrandchild(int port, String name)
      throws IOException, InterruptedException {
    List<String> command = command(port, name + ".grandchild", List.of("ignore-term", "hang"));
    Process grandchild =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    report("grandchild " + grandchild.pid());
    // Its "ready" reaches the check on its own connection; this child goes on at once.
  }

  private static void hang() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void report(String line) {
    report.println(line);
  }
}
