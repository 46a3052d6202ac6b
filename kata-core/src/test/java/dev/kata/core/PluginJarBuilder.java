package dev.kata.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Build a small third-party puzzle jar in a test, to prove what the catalog does with it. */
final class PluginJarBuilder {

  private final Path work;
  private final List<String> puzzles = new ArrayList<>();
  private final Map<String, String> resources = new LinkedHashMap<>();

  PluginJarBuilder(Path work) {
    this.work = work;
  }

  /** Add a puzzle; its sources are added too unless {@code withSources} is false. */
  PluginJarBuilder puzzle(
      String id,
      int difficulty,
      String solutionFile,
      boolean withSources,
      String... prerequisites) {
    String pkg = "gen.p" + Integer.toHexString(id.hashCode() & 0xfffffff) + puzzles.size();
    String quoted = String.join(", ", Stream.of(prerequisites).map(p -> "\"" + p + "\"").toList());
    String source =
        """
        package %s;
        @dev.kata.api.KataPuzzle(id = "%s", slug = "%s", title = "Generated %s", difficulty = %d,
            prerequisites = {%s}, objective = "Test the catalog.")
        public final class GeneratedPuzzle implements dev.kata.api.Puzzle {
          public GeneratedPuzzle() { %s }
          public Class<?> contract() { return Runnable.class; }
          public String solutionFile() { return "%s"; }
          public java.util.List<Class<?>> checks() { return java.util.List.of(Object.class); }
          public dev.kata.api.Hints hints() { return new dev.kata.api.Hints("a", "b", "c"); }
          public java.util.List<dev.kata.api.WrongSolution> wrongSolutions() { return java.util.List.of(%s); }
        }
        """
            .formatted(
                pkg,
                id,
                "gen-" + id.replace('.', '-').toLowerCase(Locale.ROOT),
                id,
                difficulty,
                quoted,
                constructorBody,
                solutionFile,
                String.join(
                    ", ",
                    wrongNames.stream()
                        .map(w -> "new dev.kata.api.WrongSolution(\"" + w + "\", \"a bug\")")
                        .toList()));
    puzzles.add(pkg + ".GeneratedPuzzle\n" + source);
    if (withSources) {
      String name = solutionFile.substring(solutionFile.lastIndexOf('/') + 1);
      resources.put(pkg.replace('.', '/') + "/starter/" + name, "// starter");
      resources.put(pkg.replace('.', '/') + "/reference/" + name, "// reference");
      for (String wrong : wrongNames) {
        resources.put(pkg.replace('.', '/') + "/wrong/" + wrong + "/" + name, "// wrong");
      }
    }
    lastPackage = pkg;
    lastFileName = solutionFile.substring(solutionFile.lastIndexOf('/') + 1);
    return this;
  }

  private String lastPackage;
  private String lastFileName;
  private List<String> wrongNames = List.of();

  /** List these wrong solutions, with their sources, in the puzzles added from now on. */
  PluginJarBuilder wrongSolutions(String... names) {
    this.wrongNames = List.of(names);
    return this;
  }

  /** Add a wrong solution's source to the last puzzle added, without listing it. */
  PluginJarBuilder unlistedWrongSource(String name) {
    resources.put(
        lastPackage.replace('.', '/') + "/wrong/" + name + "/" + lastFileName, "// wrong");
    return this;
  }

  /** Give the puzzles added from now on this constructor body, such as a hostile one. */
  PluginJarBuilder constructor(String body) {
    this.constructorBody = body;
    return this;
  }

  private String constructorBody = "";

  /** Record in the manifest that the jar was built against this kata-api version. */
  PluginJarBuilder builtAgainst(String version) {
    this.apiVersion = version;
    return this;
  }

  private String apiVersion;

  /**
   * Build the puzzles into a class folder instead of a jar: classes, services file and sources.
   *
   * @return the folder, to put on a class loader's path
   */
  Path buildFolder() throws IOException {
    Path classes = compile();
    Path services = classes.resolve("META-INF/services/dev.kata.api.Puzzle");
    Files.createDirectories(services.getParent());
    Files.writeString(services, String.join("\n", serviceNames()));
    for (var e : resources.entrySet()) {
      Path file = classes.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    return classes;
  }

  private Path compile() throws IOException {
    Path src = Files.createTempDirectory(work, "src");
    Path classes = Files.createTempDirectory(work, "classes");
    List<String> files = new ArrayList<>();
    for (String puzzle : puzzles) {
      String type = puzzle.substring(0, puzzle.indexOf('\n'));
      Path file = src.resolve(type.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, puzzle.substring(puzzle.indexOf('\n') + 1));
      files.add(file.toString());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none"));
    args.addAll(files);
    if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))
        != 0) {
      throw new IllegalStateException("generated puzzle did not compile");
    }
    return classes;
  }

  private List<String> serviceNames() {
    return puzzles.stream().map(p -> p.substring(0, p.indexOf('\n'))).toList();
  }

  Path build(String jarName) throws IOException {
    Path classes = compile();
    List<String> services = serviceNames();
    Path jar = work.resolve(jarName);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (apiVersion != null) {
      manifest.getMainAttributes().putValue(ApiVersion.MANIFEST_ATTRIBUTE, apiVersion);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      try (Stream<Path> walk = Files.walk(classes)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(p));
        }
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.kata.api.Puzzle"));
      out.write(String.join("\n", services).getBytes(StandardCharsets.UTF_8));
      for (var e : resources.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }
}
