package dev.kata.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Build a project outside kata's reactor the way an author or a learner would, against kata's
 * artifacts "installed" in a private local repository.
 *
 * <p>The artifacts this build just packaged are laid out in a temporary repository (never the
 * user's own one, which another build may be using), and Maven is chained to the user's repository
 * ({@code maven.repo.local.tail}, Maven 3.9) for everything else, so nothing is downloaded twice.
 */
final class MavenHarness {

  /** What one Maven run did. */
  record Result(int exitCode, String output) {}

  private static final List<String> STAGED =
      List.of("kata-api", "kata-core", "kata-puzzles", "kata-testkit");

  private final Path root;
  private final Path repository;

  private MavenHarness(Path root, Path repository) {
    this.root = root;
    this.repository = repository;
  }

  /** Stage the packaged kata artifacts into {@code work}/repository. */
  static MavenHarness stage(Path work) throws IOException {
    Path root = Path.of(System.getProperty("kata.root", "..")).toAbsolutePath().normalize();
    Path repository = work.resolve("repository");
    String version = System.getProperty("kata.version", dev.kata.core.ApiVersion.current());
    install(repository, "kata-parent", version, root.resolve("pom.xml"), null);
    for (String module : STAGED) {
      Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar
                + " is missing: run this test with './mvnw verify', which packages the"
                + " modules first");
      }
      install(repository, module, version, root.resolve(module).resolve("pom.xml"), jar);
    }
    return new MavenHarness(root, repository);
  }

  private static void install(Path repository, String artifact, String version, Path pom, Path jar)
      throws IOException {
    Path dir = repository.resolve("dev/kata").resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Files.copy(
        pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(
          jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Get kata's source tree. */
  Path root() {
    return root;
  }

  /**
   * Run {@code mvnw -B args} in {@code project}, with kata's own wrapper unless the project has
   * one.
   */
  Result run(Path project, String... args) {
    Path wrapper =
        Files.isRegularFile(project.resolve("mvnw"))
            ? project.resolve("mvnw")
            : root.resolve("mvnw");
    List<String> command =
        new ArrayList<>(
            List.of(
                "sh",
                wrapper.toString(),
                "-B",
                "-ntp",
                "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail="
                    + System.getProperty(
                        "kata.localRepository",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString())));
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile(repository.getParent(), "maven", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Result(-1, "Maven did not finish in 10 minutes\n" + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Copy a project's sources (not its build output) to {@code target}. */
  static Path copyProject(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.filter(p -> !source.relativize(p).startsWith("target")).toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }
}
