package dev.kata.core;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compile one solution file in-process with javac, against kata's class path and the puzzle's
 * contract.
 */
public final class SolutionCompiler {

  private final JavaCompiler javac;
  // One file manager for the life of this compiler: it keeps the class path's jars open and
  // indexed, so a second compile (watch mode) does not read them again.
  private StandardJavaFileManager files;
  private List<Path> lastClassPath;

  /**
   * Create a compiler.
   *
   * @throws KataException when running on a JRE without javac
   */
  public SolutionCompiler() {
    javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new KataException(
          "no Java compiler in "
              + System.getProperty("java.home")
              + ": kata needs a JDK 25 or newer, not a JRE");
    }
  }

  /**
   * Compile a puzzle's source held in memory (a starter, reference or wrong solution): it is
   * written under {@code dir/src} with the puzzle's file name and compiled to {@code dir/classes}.
   *
   * @param entry the puzzle
   * @param source the Java source
   * @param dir a scratch folder of the caller's
   */
  public Compilation compileSource(CatalogEntry entry, String source, Path dir) {
    Path file = writeSource(entry, source, dir);
    return compile(
        file, entry.puzzle().solutionClassName(), entry.extraClassPath(), dir.resolve("classes"));
  }

  /** Write a puzzle's source under {@code dir/src} with the puzzle's file name; return the file. */
  static Path writeSource(CatalogEntry entry, String source, Path dir) {
    Path file = dir.resolve("src").resolve(entry.puzzle().solutionFile());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KataException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * Compile a file that must declare {@code expectedClass}.
   *
   * @param source the .java file
   * @param expectedClass the class the puzzle expects, such as {@code p01_x.Ticker}
   * @param extraClassPath entries beyond this JVM's class path, such as a plugin jar
   * @param output the folder for the classes; emptied first
   */
  public Compilation compile(
      Path source, String expectedClass, List<Path> extraClassPath, Path output) {
    if (!Files.isRegularFile(source)) {
      throw new KataException("no such file: " + DisplayPath.of(source));
    }
    if (!Files.isReadable(source)) {
      throw new KataException("cannot read " + DisplayPath.of(source) + ": check its permissions");
    }
    List<String> lines;
    Path toCompile = source;
    try {
      byte[] bytes = Files.readAllBytes(source);
      Optional<CompileError> notUtf8 = notUtf8(source, bytes);
      if (notUtf8.isPresent()) {
        return new Compilation.Failed(List.of(notUtf8.get()));
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      FileTrees.delete(output);
      Files.createDirectories(output);
      if (text.startsWith("\uFEFF")) {
        // A byte order mark, as some Windows editors write: javac calls it an illegal character.
        // Compile a copy without it; errors still name the learner's file, and the lines match.
        text = text.substring(1);
        toCompile =
            output.resolveSibling(output.getFileName() + "-src").resolve(source.getFileName());
        FileTrees.delete(toCompile.getParent());
        Files.createDirectories(toCompile.getParent());
        Files.writeString(toCompile, text, StandardCharsets.UTF_8);
      }
      lines = text.lines().toList();
    } catch (IOException e) {
      throw new KataException(
          "cannot prepare to compile " + DisplayPath.of(source) + ": " + KataException.reason(e),
          e);
    }
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    List<Path> classPath = new ArrayList<>(ClassPath.current());
    classPath.addAll(extraClassPath);
    try {
      StandardJavaFileManager files = fileManager();
      if (!classPath.equals(lastClassPath)) {
        files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
        lastClassPath = classPath;
      }
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
      List<String> options =
          List.of("-proc:none", "-g", "-encoding", "UTF-8", "-implicit:none", "-Xlint:none");
      var task =
          javac.getTask(
              new StringWriter(),
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjects(toCompile));
      boolean ok = task.call();
      List<CompileError> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          long line = Math.max(0, d.getLineNumber());
          String text = line > 0 && line <= lines.size() ? lines.get((int) line - 1) : "";
          errors.add(
              new CompileError(
                  source, line, Math.max(0, d.getColumnNumber()), d.getMessage(Locale.ROOT), text));
        }
      }
      if (!ok || !errors.isEmpty()) {
        return new Compilation.Failed(
            errors.isEmpty()
                ? List.of(new CompileError(source, 0, 0, "javac failed without a message", ""))
                : errors);
      }
    } catch (IOException e) {
      throw new KataException(
          "cannot compile " + DisplayPath.of(source) + ": " + e.getMessage(), e);
    }
    Path expected = output.resolve(expectedClass.replace('.', File.separatorChar) + ".class");
    if (!Files.isRegularFile(expected)) {
      int dot = expectedClass.lastIndexOf('.');
      String pkg = dot < 0 ? "" : expectedClass.substring(0, dot);
      String simple = expectedClass.substring(dot + 1);
      return new Compilation.Failed(
          List.of(
              new CompileError(
                  source,
                  0,
                  0,
                  "the file must declare 'public class " + simple + "' in 'package " + pkg + ";'",
                  "")));
    }
    return new Compilation.Compiled(output, expectedClass);
  }

  /**
   * Find the first byte that is not UTF-8 and say where it is and how to fix it: javac would only
   * say "Input length = 1".
   */
  static Optional<CompileError> notUtf8(Path source, byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      return Optional.empty();
    }
    int at = in.position();
    long line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int end = lineStart;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    String shown =
        new String(bytes, lineStart, end - lineStart, StandardCharsets.UTF_8).stripTrailing();
    return Optional.of(
        new CompileError(
            source,
            line,
            at - lineStart + 1,
            String.format(
                java.util.Locale.ROOT,
                "byte 0x%02X (byte %d of the file) is not UTF-8: the file was saved in another"
                    + " encoding (Latin-1 or Windows-1252?) or holds binary data; save it as UTF-8"
                    + " (in most editors: Save with Encoding, UTF-8)",
                bytes[at] & 0xff,
                at + 1),
            shown));
  }

  private StandardJavaFileManager fileManager() {
    if (files == null) {
      files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }
    return files;
  }
}
