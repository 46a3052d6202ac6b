package dev.kata.cli;

import dev.kata.core.ApiVersion;
import dev.kata.core.BuildPluginVersions;
import dev.kata.core.DisplayPath;
import dev.kata.core.KataException;
import dev.kata.core.PuzzleRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kata new DIR}: scaffold a third-party puzzle project that builds, and passes its own
 * contract test, as generated. It holds a small working puzzle (fan out, join in order) for the
 * author to replace, and a Maven wrapper, so it needs nothing but the installed kata artifacts.
 */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Create a third-party puzzle project: a Maven build against kata-api, a working example"
          + " puzzle with checks, starter, reference and three wrong solutions, and kata-testkit's"
          + " contract test.",
      "Build it with ./mvnw package in the new folder (run ./mvnw install once in a kata clone"
          + " first)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:created", "2:bad option, or the folder exists and is not empty"})
final class NewCommand implements Callable<Integer> {

  private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
  private static final String SCAFFOLD = "scaffold/";

  /** The templates of Java files that name the puzzle class or sit in its package. */
  private static final List<String> TEMPLATES =
      List.of(
          "Puzzle.java.template",
          "FanOut.java.template",
          "Checks.java.template",
          "ContractTest.java.template");

  private static final Pattern DECLARED_OR_IMPORTED =
      Pattern.compile(
          "(?m)^import (?:static )?[\\w.]*\\.(\\w+);|\\b(?:class|interface|record|enum) (\\w+)");

  @Mixin GlobalOptions global;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The project folder to create (must not exist, or be empty).")
  Path dir;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "The puzzle id, namespaced so it cannot collide with a built-in one (default:"
              + " my.<slug>).")
  String id;

  @Option(
      names = "--slug",
      paramLabel = "SLUG",
      description = "Lowercase words joined by '-' (default: from DIR).")
  String slug;

  @Option(
      names = "--title",
      paramLabel = "TEXT",
      description = "The title learners see (default: from the slug).")
  String title;

  @Option(
      names = "--package",
      paramLabel = "NAME",
      description = "The Java package (default: com.example.kata.<slug>).")
  String javaPackage;

  @Option(
      names = "--prerequisite",
      paramLabel = "ID",
      description = "A puzzle that comes first; repeat for more.")
  List<String> prerequisites = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    if (Files.exists(root) && (!Files.isDirectory(root) || !isEmpty(root))) {
      throw new KataException(
          DisplayPath.of(root) + " already exists and is not an empty folder; choose a new one");
    }
    String folder = root.getFileName() == null ? "puzzle" : root.getFileName().toString();
    String theSlug =
        slug != null
            ? slug
            : folder
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "")
                .replaceAll("-puzzle$", "");
    if (!PuzzleRules.isValidSlug(theSlug)) {
      throw new KataException(
          "slug '" + theSlug + "' must be lowercase words joined by '-' (give --slug)");
    }
    String theId = id != null ? id : "my." + theSlug;
    if (!PuzzleRules.isValidId(theId)) {
      throw new KataException("id '" + theId + "' must use only letters, digits, '.', '_' and '-'");
    }
    var catalog = global.catalog();
    if (catalog.find(theId).filter(e -> e.id().equalsIgnoreCase(theId)).isPresent()) {
      throw new KataException(
          "id '"
              + theId
              + "' is already used by "
              + catalog.find(theId).get().origin()
              + " puzzle '"
              + catalog.find(theId).get().info().title()
              + "'; choose another --id");
    }
    for (String prerequisite : prerequisites) {
      if (catalog.find(prerequisite).isEmpty()) {
        throw new KataException(
            "prerequisite '" + prerequisite + "' is not a known puzzle (see 'kata list')");
      }
    }
    String words = theSlug.replaceAll("[^a-z0-9]", "");
    String thePackage =
        javaPackage != null
            ? javaPackage
            : "com.example.kata." + (Character.isDigit(words.charAt(0)) ? "p" : "") + words;
    if (!PACKAGE.matcher(thePackage).matches()) {
      throw new KataException(
          "package '" + thePackage + "' is not a lowercase Java package name (give --package)");
    }
    String className =
        Stream.of(theSlug.split("-"))
            .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
            .collect(Collectors.joining());
    if (Character.isDigit(className.charAt(0))) {
      className = "P" + className;
    }
    // The puzzle class is named for the puzzle, with no suffix, like the built-in ones
    // (LockOrdering): a name the generated files already use would not compile.
    Set<String> inUse = namesInUse();
    if (inUse.contains(className)
        || inUse.contains(className + "Checks")
        || inJavaLang(className)) {
      throw new KataException(
          "slug '"
              + theSlug
              + "' would name the puzzle class "
              + className
              + ", a name the generated project already uses; choose another --slug");
    }
    String theTitle =
        title != null
            ? title
            : Stream.of(theSlug.split("-"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining(" "));
    String solutionPackage = theId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (!Character.isLetter(solutionPackage.charAt(0))) {
      solutionPackage = "p" + solutionPackage;
    }
    String packagePath = thePackage.replace('.', '/');

    Map<String, String> values = new LinkedHashMap<>();
    values.put("__PACKAGE_PATH__", packagePath);
    values.put("__SOLUTION_PACKAGE__", solutionPackage);
    values.put("__PACKAGE__", thePackage);
    values.put("__ID__", theId);
    values.put("__SLUG__", theSlug);
    values.put("__TITLE__", theTitle.replace("\\", "\\\\").replace("\"", "\\\""));
    values.put("__CLASS__", className);
    values.put(
        "__PREREQUISITES__",
        "{"
            + prerequisites.stream()
                .map(p -> "\"" + catalog.find(p).get().id() + "\"")
                .collect(Collectors.joining(", "))
            + "}");
    values.put("__GROUP_ID__", thePackage);
    values.put("__ARTIFACT_ID__", theSlug + "-puzzle");
    values.put("__KATA_VERSION__", ApiVersion.current());
    for (var plugin : BuildPluginVersions.all().entrySet()) {
      // maven-compiler-plugin -> __MAVEN_COMPILER_PLUGIN_VERSION__
      values.put(
          "__" + plugin.getKey().toUpperCase(Locale.ROOT).replace('-', '_') + "_VERSION__",
          plugin.getValue());
    }

    String main = "src/main/java/" + packagePath + "/";
    String resources = "src/main/resources/" + packagePath + "/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "pom.xml.template");
    files.put("README.md", "README.md.template");
    files.put(".gitignore", "gitignore.template");
    files.put(main + className + ".java", "Puzzle.java.template");
    files.put(main + "FanOut.java", "FanOut.java.template");
    files.put(main + className + "Checks.java", "Checks.java.template");
    files.put(resources + "starter/ConcurrentFanOut.java", "starter.java.template");
    files.put(resources + "reference/ConcurrentFanOut.java", "reference.java.template");
    for (String wrong : List.of("sequential", "completion-order", "failure-swallowed")) {
      files.put(
          resources + "wrong/" + wrong + "/ConcurrentFanOut.java",
          "wrong-" + wrong + ".java.template");
    }
    files.put("src/test/java/" + packagePath + "/ContractTest.java", "ContractTest.java.template");

    Files.createDirectories(root);
    for (var file : files.entrySet()) {
      String text = resource(file.getValue());
      for (var value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      write(root.resolve(file.getKey()), text.getBytes(StandardCharsets.UTF_8));
    }
    write(
        root.resolve(".mvn/wrapper/maven-wrapper.properties"),
        resourceBytes("wrapper/.mvn/wrapper/maven-wrapper.properties"));
    Path mvnw = root.resolve("mvnw");
    write(mvnw, resourceBytes("wrapper/mvnw"));
    mvnw.toFile().setExecutable(true, false);

    var out = global.out();
    out.println(
        Style.pass()
            + " created puzzle "
            + theId
            + " ("
            + theTitle
            + ") in "
            + DisplayPath.of(root));
    out.println("  next:  cd " + DisplayPath.of(root) + " && ./mvnw package");
    out.println("         kata check-plugin target/" + theSlug + "-puzzle-1.0.0-SNAPSHOT.jar");
    out.println(
        Style.faint(
            "  The build needs the kata artifacts "
                + ApiVersion.current()
                + " in your local Maven repository: run ./mvnw install once in a kata clone."));
    out.flush();
    return 0;
  }

  /**
   * The simple names the generated Java files import or declare: a puzzle or checks class of the
   * same name would clash with one of them.
   */
  private static Set<String> namesInUse() throws IOException {
    Set<String> names = new HashSet<>();
    for (String template : TEMPLATES) {
      Matcher matcher = DECLARED_OR_IMPORTED.matcher(resource(template));
      while (matcher.find()) {
        names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
      }
    }
    names.removeIf(name -> name.contains("__"));
    return names;
  }

  /** Whether a same-named class in the project would hide java.lang's, which every file uses. */
  private static boolean inJavaLang(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (Stream<Path> children = Files.list(folder)) {
      return children.findAny().isEmpty();
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content, StandardOpenOption.CREATE_NEW);
  }

  private static String resource(String name) throws IOException {
    return new String(resourceBytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] resourceBytes(String name) throws IOException {
    try (InputStream in = NewCommand.class.getResourceAsStream(SCAFFOLD + name)) {
      if (in == null) {
        throw new IllegalStateException("kata is missing its scaffold resource " + SCAFFOLD + name);
      }
      return in.readAllBytes();
    }
  }
}
