package dev.kata.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Print kata-bench's results: the table with bars, the JSON, and the comparison with an earlier
 * run.
 */
final class Report {

  private static final int BAR = 30;
  private static final Pattern OBJECT = Pattern.compile("\\{[^{}\\[\\]]*\\}");
  private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";

  private Report() {}

  static void table(
      PrintWriter out,
      List<Measurement> results,
      List<Measurement> earlier,
      int cores,
      List<KataBench.Target> targets) {
    for (KataBench.Target target : targets) {
      List<Measurement> mine =
          results.stream().filter(m -> m.puzzle().equals(target.id())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      var info = target.puzzle().getClass().getAnnotation(dev.kata.api.KataPuzzle.class);
      out.printf("%nPuzzle %s · %s · %s%n", target.id(), info.title(), target.what());
      boolean compare = !earlier.isEmpty();
      out.printf(
          "  %-6s %-10s %-24s %-16s %-9s%s%n",
          target.sizeParam(),
          "solution",
          "time per call",
          "speed-up",
          "of ideal",
          compare ? "  vs --baseline" : "");
      for (Measurement m : mine) {
        String time = String.format(Locale.ROOT, "%.2f ± %.2f %s", m.score(), m.error(), m.unit());
        String speedup =
            m.solution().equals(Solutions.BASELINE)
                ? "1 (baseline)"
                : String.format(Locale.ROOT, "%.2f× ± %.2f", m.speedup(), m.speedupError());
        String ofIdeal =
            m.solution().equals(Solutions.BASELINE) || Double.isNaN(m.ofIdeal())
                ? "-"
                : String.format(Locale.ROOT, "%.2f of %d×", m.ofIdeal(), m.ideal());
        String versus = compare ? "  " + versus(m, earlier) : "";
        out.printf(
            "  %-6d %-10s %-24s %-16s %-9s%s%n",
            m.size(), m.solution(), time, speedup, ofIdeal, versus);
      }
      out.println();
      for (Measurement m : mine) {
        if (m.solution().equals(Solutions.BASELINE)) {
          continue;
        }
        out.printf(
            "  %-6d %-10s %s %s%n",
            m.size(),
            m.solution(),
            bar(m),
            Double.isNaN(m.ofIdeal())
                ? ""
                : String.format(
                    Locale.ROOT, "%.0f%% of the ideal %d×", 100 * m.ofIdeal(), m.ideal()));
      }
      note(target, mine, cores).ifPresent(n -> out.println("  note: " + n));
    }
    out.println();
    out.println(
        "Each time is JMH's average per call, ± half its 99.9% confidence interval. Speed-up is the"
            + " baseline's time over the solution's; the ideal is K = "
            + KataBench.PERMITS
            + " permits for 06"
            + " and the "
            + cores
            + " available cores for 10 (never more than the size).");
  }

  private static Optional<String> note(KataBench.Target target, List<Measurement> mine, int cores) {
    if (!target.id().equals("10")) {
      return Optional.empty();
    }
    int largest = mine.stream().mapToInt(Measurement::size).max().orElse(0);
    if (cores <= 1) {
      return Optional.of(
          "this machine has 1 core, so CPU-bound work cannot run faster in parallel; no ideal is"
              + " reported. Run kata-bench where there are several cores.");
    }
    if (cores < largest) {
      return Optional.of(
          "this machine has "
              + cores
              + " cores, so the ideal is "
              + cores
              + "×; the "
              + largest
              + " independent items could use up to "
              + largest
              + " cores elsewhere.");
    }
    return Optional.empty();
  }

  private static String bar(Measurement m) {
    if (Double.isNaN(m.ofIdeal())) {
      return "";
    }
    int filled = (int) Math.round(Math.min(1.0, Math.max(0, m.ofIdeal())) * BAR);
    return "█".repeat(filled) + "░".repeat(BAR - filled) + (m.ofIdeal() > 1.0 ? "▶" : " ");
  }

  private static String versus(Measurement m, List<Measurement> earlier) {
    for (Measurement e : earlier) {
      if (e.puzzle().equals(m.puzzle())
          && e.solution().equals(m.solution())
          && e.size() == m.size()) {
        double change = (m.score() - e.score()) / e.score();
        boolean beyondError = Math.abs(m.score() - e.score()) > safe(m.error()) + safe(e.error());
        if (!beyondError) {
          return String.format(Locale.ROOT, "same within error (%+.0f%%)", 100 * change);
        }
        return String.format(
            Locale.ROOT, "%s by %.0f%%", change < 0 ? "faster" : "slower", 100 * Math.abs(change));
      }
    }
    return "not in the baseline";
  }

  private static double safe(double x) {
    return Double.isNaN(x) ? 0 : x;
  }

  static String json(List<Measurement> results, int cores) {
    StringBuilder json = new StringBuilder("{\"cores\":").append(cores).append(",\"results\":[");
    for (int i = 0; i < results.size(); i++) {
      Measurement m = results.get(i);
      json.append(i == 0 ? "\n  " : ",\n  ")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"puzzle\":\"%s\",\"solution\":\"%s\",\"size\":%d,\"score\":%s,\"error\":%s,\"unit\":\"%s\",\"speedup\":%s,"
                      + "\"speedupError\":%s,\"ideal\":%d,\"ofIdeal\":%s}",
                  m.puzzle(),
                  m.solution(),
                  m.size(),
                  number(m.score()),
                  number(m.error()),
                  m.unit(),
                  number(m.speedup()),
                  number(m.speedupError()),
                  m.ideal(),
                  number(m.ofIdeal())));
    }
    return json.append("\n]}").toString();
  }

  private static String number(double x) {
    return Double.isNaN(x) || Double.isInfinite(x) ? "null" : String.format(Locale.ROOT, "%.4f", x);
  }

  /** Read the results of an earlier {@code --json} run (our own flat format). */
  static List<Measurement> readJson(String text) {
    if (!text.contains("\"results\"")) {
      throw new KataBench.BenchException(
          2, "--baseline is not kata-bench --json output (no \"results\")");
    }
    List<Measurement> results = new ArrayList<>();
    Matcher objects = OBJECT.matcher(text.substring(text.indexOf("\"results\"")));
    while (objects.find()) {
      String o = objects.group();
      results.add(
          new Measurement(
              string(o, "puzzle"),
              string(o, "solution"),
              (int) num(o, "size"),
              num(o, "score"),
              num(o, "error"),
              string(o, "unit"),
              num(o, "speedup"),
              num(o, "speedupError"),
              (int) num(o, "ideal"),
              num(o, "ofIdeal")));
    }
    return results;
  }

  private static String string(String object, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*" + STRING).matcher(object);
    return m.find() ? m.group(1) : "";
  }

  private static double num(String object, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?[0-9.eE+-]+|null)").matcher(object);
    return m.find() && !m.group(1).equals("null") ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Say which check failed first, from kata's {@code run --json} output. */
  static String firstFailure(String kataJson) {
    Matcher test =
        Pattern.compile(
                "\\{\\s*\"name\"\\s*:\\s*"
                    + STRING
                    + "\\s*,\\s*\"status\"\\s*:\\s*\"(?:fail|error)\"\\s*,\\s*\"message\"\\s*:\\s*"
                    + STRING)
            .matcher(kataJson);
    if (test.find()) {
      return "First failing check: "
          + unescape(test.group(1))
          + ": "
          + unescape(test.group(2)).strip().lines().findFirst().orElse("")
          + ".";
    }
    Matcher message =
        Pattern.compile(
                "\"status\"\\s*:\\s*\"(?:fail|error)\"\\s*,\\s*\"message\"\\s*:\\s*" + STRING)
            .matcher(kataJson);
    return message.find() ? unescape(message.group(1)).strip().lines().findFirst().orElse("") : "";
  }

  /**
   * Decode a JSON string's escapes in one pass, so an escaped backslash before an n stays a
   * backslash and an n.
   */
  static String unescape(String s) {
    var out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < s.length()) {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          } else {
            out.append("\\u");
          }
        }
        default -> out.append(next); // \\ \" \/
      }
    }
    return out.toString();
  }
}
