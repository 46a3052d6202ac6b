import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import com.google.googlejavaformat.java.ImportOrderer;
import com.google.googlejavaformat.java.JavaFormatterOptions;
import com.google.googlejavaformat.java.RemoveUnusedImports;
import com.google.googlejavaformat.java.StringWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Check or apply google-java-format (Google style: 2-space indent, 100 columns) on every Java file
 * of the tree. {@code ./mvnw verify} runs it as {@code check}, {@code ./mvnw -N verify
 * -Dformat=apply} as {@code apply}, both in the JDK 25 of Maven's toolchain: the formatter parses
 * with the JDK it runs on, and Maven's own JVM may be too old for Java 25 syntax.
 *
 * <p>Usage: {@code java -cp GOOGLE_JAVA_FORMAT_CLASSPATH FormatJava.java check|apply ROOT}
 *
 * <p>Puzzle sources kept as resources (starters, references, wrong and alternative solutions) are
 * formatted too, since they are a learner's first sight of the course, but keep their unused
 * imports: in a starter, an import is a hint at what the solution will need. A resource that does
 * not parse is a fixture of a learner's syntax error and is left alone.
 */
public final class FormatJava {

  private static final String APPLY = "./mvnw -N verify -Dformat=apply";
  private static final int MAX_PASSES = 5;

  private FormatJava() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !List.of("check", "apply").contains(args[0])) {
      System.err.println("usage: FormatJava check|apply ROOT");
      System.exit(2);
    }
    boolean apply = args[0].equals("apply");
    Path root = Path.of(args[1]).toAbsolutePath().normalize();
    Formatter formatter = new Formatter(JavaFormatterOptions.defaultOptions());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
              .filter(p -> !skipped(root.relativize(p)))
              .sorted()
              .toList();
    }
    List<String> problems =
        files.parallelStream()
            .map(file -> format(formatter, root, file, apply))
            .filter(Objects::nonNull)
            .sorted()
            .toList();
    problems.forEach(System.err::println);
    if (apply) {
      System.out.println(
          "google-java-format: "
              + files.size()
              + " Java files checked, "
              + problems.size()
              + " reformatted");
    } else if (problems.isEmpty()) {
      System.out.println("google-java-format: " + files.size() + " Java files, all formatted");
    } else {
      System.err.println(
          "google-java-format: "
              + problems.size()
              + " of "
              + files.size()
              + " Java files are not formatted; to format them, run: "
              + APPLY);
      System.exit(1);
    }
  }

  /** Build output, hidden folders and a learner's workspace are not the project's sources. */
  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.startsWith(".")) {
        return true;
      }
    }
    return relative.getNameCount() > 1 && relative.getName(0).toString().equals("workspace");
  }

  /** Format one file; return a line naming it if it was (or would be) changed, else null. */
  private static String format(Formatter formatter, Path root, Path file, boolean apply) {
    Path relative = root.relativize(file);
    try {
      String source = Files.readString(file, StandardCharsets.UTF_8);
      // One pass is not always the end: a long string split by one pass can be indented
      // differently by the next. Format again until nothing changes, so apply then check agree.
      String formatted = source;
      for (int pass = 1; ; pass++) {
        String next = formatOnce(formatter, formatted, !isPuzzleSource(relative));
        if (next.equals(formatted)) {
          break;
        }
        if (pass == MAX_PASSES) {
          return relative + ": google-java-format does not settle after " + MAX_PASSES + " passes";
        }
        formatted = next;
      }
      if (formatted.equals(source)) {
        return null;
      }
      if (apply) {
        Files.writeString(file, formatted, StandardCharsets.UTF_8);
        return relative + ": reformatted";
      }
      return relative + ":" + firstDifferentLine(source, formatted) + ": not formatted";
    } catch (FormatterException e) {
      if (isPuzzleSource(relative)) {
        // A fixture of code that does not compile (a learner's syntax error): left as it is.
        return null;
      }
      return relative + ": cannot be formatted: " + e.getMessage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String formatOnce(Formatter formatter, String source, boolean removeUnusedImports)
      throws FormatterException {
    String formatted = ImportOrderer.reorderImports(source, JavaFormatterOptions.Style.GOOGLE);
    if (removeUnusedImports) {
      formatted = RemoveUnusedImports.removeUnusedImports(formatted);
    }
    return StringWrapper.wrap(formatter.formatSource(formatted), formatter);
  }

  private static boolean isPuzzleSource(Path relative) {
    String path = relative.toString().replace('\\', '/');
    return path.contains("/src/main/resources/") || path.contains("/src/test/resources/");
  }

  private static int firstDifferentLine(String a, String b) {
    List<String> left = a.lines().toList();
    List<String> right = b.lines().toList();
    int i = 0;
    while (i < left.size() && i < right.size() && left.get(i).equals(right.get(i))) {
      i++;
    }
    return i + 1;
  }
}
