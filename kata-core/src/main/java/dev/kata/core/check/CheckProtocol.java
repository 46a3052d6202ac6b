package dev.kata.core.check;

import dev.kata.core.Json;
import dev.kata.core.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one home of what kata and a check JVM say to each other: the check JVM's arguments, the job
 * line kata writes to its standard input, and the events it appends to its events file, one line
 * each. Both halves live here: the check JVM's ({@link Job#parse}, {@link Writer}) and kata's
 * ({@link #arguments}, {@link #jobLine}, {@link #read}); kata's half is all that is public.
 *
 * <p>Every event names its check by the JUnit unique id ({@link #ID}), never by display name alone:
 * two {@code @RepeatedTest} invocations, or one {@code @DisplayName} used twice, are different
 * checks with the same name.
 *
 * <p>Every line is authenticated: {@code MAC JSON}, where MAC is the HMAC-SHA256, under a secret
 * made for this run alone, of the JSON, and the JSON carries a sequence number ({@link #SEQ})
 * counting from 0. The secret reaches the check JVM only on its standard input, which the check JVM
 * reads to the end before any learner class is loaded; it is on no command line, in no environment
 * variable and in no file. A line that learner code appends (for instance through {@code
 * /proc/self/fd}), a line removed or replayed, breaks the chain, and the parent says so instead of
 * counting it. See the README's grader section for what this does not prevent.
 */
public final class CheckProtocol {

  /** The event's kind: one of the event names below. */
  public static final String EVENT = "event";

  /** The check's JUnit unique id. */
  public static final String ID = "id";

  /** The check's display name, as the learner reads it. */
  public static final String NAME = "check";

  /** A {@link Verdict#json()} value. */
  public static final String STATUS = "status";

  public static final String MESSAGE = "message";
  public static final String OUTPUT = "output";

  /**
   * Whether a {@link #FINISHED} or {@link #REGISTERED} node is a check (true) or a container
   * (false).
   */
  public static final String TEST = "test";

  /** In {@link #PLAN}: the static checks, in the order they will run, each {@code {id, check}}. */
  public static final String CHECKS = "checks";

  public static final String REPORT = "report";

  /** In {@link #EXIT}: who ended the JVM, {@code System.exit} or {@code signal}. */
  public static final String BY = "by";

  /** In {@link #EXIT}: the frames of the thread that called {@code System.exit}. */
  public static final String FRAMES = "frames";

  static final String SEQ = "seq";

  /** The checks known before any ran. */
  public static final String PLAN = "plan";

  /**
   * A check or container that exists only once running ({@code @TestFactory},
   * {@code @RepeatedTest}).
   */
  public static final String REGISTERED = "registered";

  public static final String STARTED = "started";
  public static final String FINISHED = "finished";

  /**
   * The check JVM's own watchdog fired at the hard limit; {@link #REPORT} says where threads were.
   */
  public static final String WATCHDOG = "watchdog";

  /** The puzzle could not be run at all; {@link #MESSAGE} says why. */
  public static final String ERROR = "error";

  /** The JVM is shutting down before {@link #DONE}: written by a shutdown hook. */
  public static final String EXIT = "exit";

  /** Every check ran and reported. */
  public static final String DONE = "done";

  /**
   * System property of a check JVM: its heap limit in MB, so that an {@code OutOfMemoryError} can
   * be named with the limit it hit.
   */
  public static final String HEAP_LIMIT_PROPERTY = "kata.heapLimitMb";

  /** First argument of a check JVM; its job then arrives on standard input. */
  static final String PRESTART = "--prestart";

  /** Third argument after {@link #PRESTART}: run the warm-up checks while waiting for the job. */
  static final String WARM_UP = "--warm-up";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_BYTES = 32;

  private CheckProtocol() {}

  /**
   * A check JVM's job, sent as one tab-separated line on its standard input.
   *
   * @param className the solution class
   * @param classes the folder of the compiled solution
   * @param events the events file to append to
   * @param limitMillis the hard limit of the whole run, for the check JVM's own watchdog
   * @param key the secret that authenticates the events
   */
  record Job(String className, Path classes, Path events, long limitMillis, byte[] key) {

    String line() {
      return String.join(
              "\t",
              className,
              classes.toString(),
              events.toString(),
              Long.toString(limitMillis),
              HexFormat.of().formatHex(key))
          + "\n";
    }

    static Job parse(String line) {
      String[] fields = line.split("\t");
      if (fields.length != 5) {
        throw new IllegalArgumentException(
            "a job line has 5 tab-separated fields, not " + fields.length);
      }
      return new Job(
          fields[0],
          Path.of(fields[1]),
          Path.of(fields[2]),
          Long.parseLong(fields[3]),
          HexFormat.of().parseHex(fields[4]));
    }
  }

  /**
   * Get the arguments of a check JVM started ahead of its job.
   *
   * @param puzzleId the puzzle whose checks it loads while it waits
   * @param warmUp run a few trivial checks through JUnit first
   */
  public static List<String> arguments(String puzzleId, boolean warmUp) {
    return warmUp ? List.of(PRESTART, puzzleId, WARM_UP) : List.of(PRESTART, puzzleId);
  }

  /**
   * Write a check JVM's job as the line it reads from its standard input.
   *
   * @param className the solution class
   * @param classes the folder of the compiled solution
   * @param events the events file to append to
   * @param limitMillis the hard limit of the whole run, for the check JVM's own watchdog
   * @param key the secret that authenticates the events, from {@link #newKey}
   */
  public static String jobLine(
      String className, Path classes, Path events, long limitMillis, byte[] key) {
    return new Job(className, classes, events, limitMillis, key).line();
  }

  /** Make a secret for one run. */
  public static byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
    }
  }

  /** Appends authenticated events, one a line, each flushed at once: the check JVM's side. */
  static final class Writer {
    private final OutputStream out;
    private final Mac mac;
    private long seq;

    Writer(OutputStream out, byte[] key) {
      this.out = out;
      this.mac = mac(key);
    }

    synchronized void write(Map<String, ?> event) {
      Map<String, Object> sequenced = new LinkedHashMap<>();
      sequenced.put(SEQ, seq++);
      sequenced.putAll(event);
      String json = Json.write(sequenced);
      String tag = HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
      try {
        out.write((tag + " " + json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // The parent will report the missing events; nothing better to do here.
      }
    }
  }

  /**
   * The events kata can trust, read from an events file.
   *
   * @param events the authenticated events, in order
   * @param forged why the rest was not trusted, when a line was not kata's
   */
  public record Reading(List<Map<?, ?>> events, Optional<String> forged) {}

  /**
   * Read the events, stopping at the first line kata did not write. The last line may be cut short
   * by a JVM that died while writing it; that alone is not forgery.
   *
   * @param lines the events file
   * @param key the run's secret
   */
  public static Reading read(List<String> lines, byte[] key) {
    Mac mac = mac(key);
    List<Map<?, ?>> events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean last = i == lines.size() - 1;
      if (line.isEmpty() && last) {
        break;
      }
      int space = line.indexOf(' ');
      String json = space < 0 ? "" : line.substring(space + 1);
      byte[] expected = mac.doFinal(json.getBytes(StandardCharsets.UTF_8));
      byte[] tag;
      try {
        tag = space < 0 ? new byte[0] : HexFormat.of().parseHex(line.substring(0, space));
      } catch (IllegalArgumentException e) {
        tag = new byte[0];
      }
      if (!MessageDigest.isEqual(expected, tag)) {
        if (last && !line.endsWith("}")) {
          break; // cut short by a dying JVM
        }
        return new Reading(events, Optional.of("line " + (i + 1) + " was not written by kata"));
      }
      Map<?, ?> event = (Map<?, ?>) Json.parse(json);
      if (!(event.get(SEQ) instanceof Number n) || n.longValue() != events.size()) {
        return new Reading(
            events,
            Optional.of(
                "line "
                    + (i + 1)
                    + " is out of sequence (an event was removed,"
                    + " repeated or moved)"));
      }
      events.add(event);
    }
    return new Reading(events, Optional.empty());
  }
}
