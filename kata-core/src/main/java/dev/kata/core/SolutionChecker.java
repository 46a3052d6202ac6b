package dev.kata.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Compile a solution and run its puzzle's checks in isolation: the life of {@code kata run}. */
public final class SolutionChecker {

  private final IsolatedRunner runner;
  private SolutionCompiler compiler;
  private IsolatedRunner.Prepared spare;
  private CatalogEntry spareEntry;
  private Path spareDir;

  /**
   * Create a checker.
   *
   * @param runner runs the checks in a separate JVM
   */
  public SolutionChecker(IsolatedRunner runner) {
    this(runner, null);
  }

  /**
   * Create a checker that keeps the classes of what it compiled, so an unchanged file is not
   * compiled again.
   *
   * @param runner runs the checks in a separate JVM
   * @param compileCache a folder of kata's own for compiled classes, or null for none
   */
  public SolutionChecker(IsolatedRunner runner, Path compileCache) {
    this.runner = runner;
    this.cache = compileCache == null ? null : new CompileCache(compileCache);
  }

  private final CompileCache cache;

  /**
   * Check a solution file.
   *
   * @param entry the puzzle
   * @param source the learner's (or a grader's) file
   * @param workDir a folder of kata's own for classes and run files
   */
  public RunResult check(CatalogEntry entry, Path source, Path workDir) {
    return check(entry, source, workDir, null);
  }

  /**
   * Check a solution file, telling the caller of each check as soon as it has finished.
   *
   * @param entry the puzzle
   * @param source the learner's (or a grader's) file
   * @param workDir a folder of kata's own for classes and run files
   * @param onFinished given each check as it finishes (see {@link IsolatedRunner#run(
   *     IsolatedRunner.Prepared, Compilation.Compiled, Consumer)}), or null
   */
  public RunResult check(
      CatalogEntry entry, Path source, Path workDir, Consumer<CheckResult> onFinished) {
    // Each check gets a folder of its own below workDir: an IDE's on-save hook and a terminal may
    // check the same puzzle of the same workspace at once, and neither may read the other's files.
    Path runDir = newRunDir(workDir);
    IsolatedRunner.Prepared[] used = new IsolatedRunner.Prepared[1];
    try {
      return check(entry, source, runDir, workDir, used, onFinished);
    } finally {
      // A crash report is named in the verdict: it must outlive the run.
      Path jvmDir = used[0] == null ? runDir.resolve("jvm") : used[0].workDir();
      if (!Files.exists(jvmDir.resolve(IsolatedRunner.CRASH_REPORT))) {
        FileTrees.deleteQuietly(runDir);
        if (!jvmDir.startsWith(runDir)) {
          FileTrees.deleteQuietly(jvmDir.getParent()); // a spare's own run folder
        }
      }
    }
  }

  private static Path newRunDir(Path workDir) {
    try {
      Files.createDirectories(workDir);
      return Files.createTempDirectory(workDir, "run-");
    } catch (IOException e) {
      throw new KataException(
          "cannot create a folder for the run in "
              + DisplayPath.of(workDir)
              + ": "
              + KataException.reason(e),
          e);
    }
  }

  private RunResult check(
      CatalogEntry entry,
      Path source,
      Path runDir,
      Path workDir,
      IsolatedRunner.Prepared[] used,
      Consumer<CheckResult> onFinished) {
    long started = System.nanoTime();
    if (compiler == null) {
      compiler = new SolutionCompiler();
    }
    Path toCompile = source;
    String expectedName = Path.of(entry.puzzle().solutionFile()).getFileName().toString();
    if (source.getFileName() == null || !source.getFileName().toString().equals(expectedName)) {
      // javac wants a public class in a file of the same name; a grader's file may be named
      // anything, so compile a copy under the expected name and report errors against the original.
      toCompile = runDir.resolve("src").resolve(entry.puzzle().solutionFile());
      try {
        Files.createDirectories(toCompile.getParent());
        Files.copy(source, toCompile, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        throw new KataException("no such file: " + source);
      } catch (IOException e) {
        throw new KataException("cannot read " + source + ": " + KataException.reason(e), e);
      }
    }
    // The check JVM starts now and warms up while javac works: most of its start-up does not
    // depend on the solution. In watch mode one may already be waiting (see prewarm).
    IsolatedRunner.Prepared prepared = takeSpare(entry, workDir);
    if (prepared == null) {
      prepared = runner.prepare(entry, runDir.resolve("jvm"));
    }
    used[0] = prepared;
    long compileStart = System.nanoTime();
    Compilation compilation;
    try {
      compilation = compile(entry, toCompile, runDir);
    } catch (RuntimeException e) {
      prepared.cancel();
      throw e;
    }
    Timing.phase("compile", compileStart);
    if (compilation instanceof Compilation.Failed) {
      prepared.cancel();
    }
    return switch (compilation) {
      case Compilation.Failed failed ->
          new RunResult(
              entry.id(),
              Verdict.ERROR,
              "your file does not compile:"
                  + System.lineSeparator()
                  + new Compilation.Failed(
                          failed.errors().stream()
                              .map(
                                  e ->
                                      new CompileError(
                                          source,
                                          e.line(),
                                          e.column(),
                                          e.message(),
                                          e.sourceLine()))
                              .toList())
                      .render(),
              List.of(),
              Duration.ofNanos(System.nanoTime() - started));
      case Compilation.Compiled compiled -> {
        RunResult run = runner.run(prepared, compiled, onFinished);
        yield new RunResult(
            run.puzzleId(),
            run.verdict(),
            run.message(),
            run.checks(),
            Duration.ofNanos(System.nanoTime() - started));
      }
    };
  }

  private Compilation compile(CatalogEntry entry, Path source, Path workDir) {
    String className = entry.puzzle().solutionClassName();
    Optional<String> key =
        cache == null || !Files.isRegularFile(source)
            ? Optional.empty()
            : cache.key(source, className, entry.extraClassPath());
    Optional<Path> cached = key.flatMap(k -> cache.find(k)); // not cache::find: cache may be null
    if (cached.isPresent()) {
      return new Compilation.Compiled(cached.get(), className);
    }
    Compilation compilation =
        compiler.compile(source, className, entry.extraClassPath(), workDir.resolve("classes"));
    if (compilation instanceof Compilation.Compiled compiled && key.isPresent()) {
      cache.store(key.get(), compiled.classes());
    }
    return compilation;
  }

  /**
   * Start the check JVM for the next check of this puzzle now, so that it is warm and waiting when
   * the learner saves: watch mode calls this after each verdict. A later check of another puzzle or
   * folder cancels it.
   *
   * @param entry the puzzle
   * @param workDir the folder the next {@link #check} will be given
   */
  public void prewarm(CatalogEntry entry, Path workDir) {
    cancelSpare();
    spare = runner.prepare(entry, newRunDir(workDir).resolve("jvm"), true);
    spareEntry = entry;
    spareDir = workDir;
  }

  /** Stop a check JVM started by {@link #prewarm} and not used. */
  public void cancelSpare() {
    if (spare != null) {
      spare.cancel();
      FileTrees.deleteQuietly(spare.workDir().getParent());
      spare = null;
    }
  }

  private IsolatedRunner.Prepared takeSpare(CatalogEntry entry, Path workDir) {
    if (spare != null && spareEntry == entry && spareDir.equals(workDir) && spare.isAlive()) {
      IsolatedRunner.Prepared taken = spare;
      spare = null;
      return taken;
    }
    cancelSpare();
    return null;
  }

  /**
   * Check a solution given as source text, such as the puzzle's reference.
   *
   * @param entry the puzzle
   * @param source the source text
   * @param workDir a folder of kata's own; the source is written below it
   */
  public RunResult checkSource(CatalogEntry entry, String source, Path workDir) {
    return checkSource(entry, source, workDir, null);
  }

  /**
   * Check a solution given as source text, telling the caller of each check as it finishes.
   *
   * @param entry the puzzle
   * @param source the source text
   * @param workDir a folder of kata's own; the source is written below it
   * @param onFinished given each check as it finishes, or null
   */
  public RunResult checkSource(
      CatalogEntry entry, String source, Path workDir, Consumer<CheckResult> onFinished) {
    return check(entry, SolutionCompiler.writeSource(entry, source, workDir), workDir, onFinished);
  }
}
