package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PuzzleCatalogTest {

  @TempDir Path work;

  @Test
  void findsPuzzlesOnTheClassPathThroughServiceLoader() {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of());

    assertThat(messages(catalog)).isEmpty();
    assertThat(catalog.ordered()).extracting(CatalogEntry::id).containsExactly("fixture");
    assertThat(catalog.ordered().get(0).origin()).isEqualTo("built-in");
  }

  @Test
  void ordersByPrerequisitesAndBreaksTiesById() throws Exception {
    Path jar =
        new PluginJarBuilder(work)
            .puzzle("z.first", 1, "zf/A.java", true)
            .puzzle("a.second", 2, "as/B.java", true, "z.first")
            .puzzle("b.third", 2, "bt/C.java", true, "fixture")
            .build("course.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(messages(catalog)).isEmpty();
    assertThat(catalog.ordered())
        .extracting(CatalogEntry::id)
        .containsExactly("fixture", "b.third", "z.first", "a.second")
        .doesNotContainNull();
    assertThat(catalog.find("a.second").orElseThrow().origin()).isEqualTo("course.jar");
  }

  @Test
  void findsAPuzzleByIdNumberOrSlug() throws Exception {
    Path jar = new PluginJarBuilder(work).puzzle("07", 1, "p7/X.java", true).build("numbered.jar");
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(catalog.find("07")).isPresent();
    assertThat(catalog.find("7")).map(CatalogEntry::id).contains("07");
    assertThat(catalog.find("gen-07")).map(CatalogEntry::id).contains("07");
    assertThat(catalog.find("fixture")).isPresent();
    assertThatThrownBy(() -> catalog.require("99"))
        .isInstanceOf(KataException.class)
        .hasMessage("unknown puzzle '99': give an id, number or slug from 'kata list'");
  }

  @Test
  void idCollidingWithABuiltInIsRejectedAndNamesTheJar() throws Exception {
    Path jar =
        new PluginJarBuilder(work).puzzle("fixture", 1, "dup/X.java", true).build("collides.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(messages(catalog))
        .containsExactly(
            "puzzle fixture (collides.jar): id 'fixture' is already used by puzzle fixture"
                + " (built-in)");
    assertThat(catalog.ordered()).extracting(CatalogEntry::origin).containsExactly("built-in");
  }

  @Test
  void unknownPrerequisiteAndDifficultyOutOfRangeAreReported() throws Exception {
    Path jar =
        new PluginJarBuilder(work)
            .puzzle("x.orphan", 3, "xo/A.java", true, "nope")
            .puzzle("x.hard", 7, "xh/B.java", true)
            .build("bad.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(messages(catalog))
        .containsExactlyInAnyOrder(
            "puzzle x.hard (bad.jar): difficulty must be 1 to 5 but was 7",
            "puzzle x.orphan (bad.jar): prerequisite 'nope' is not a known puzzle");
    assertThat(catalog.ordered())
        .extracting(CatalogEntry::id)
        .contains("x.orphan")
        .doesNotContain("x.hard");
  }

  @Test
  void prerequisiteCycleAcrossJarsIsReported() throws Exception {
    Path one =
        new PluginJarBuilder(work).puzzle("c.one", 1, "c1/A.java", true, "c.two").build("one.jar");
    Path two =
        new PluginJarBuilder(work).puzzle("c.two", 1, "c2/B.java", true, "c.one").build("two.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(one, two));

    assertThat(messages(catalog))
        .singleElement()
        .asString()
        .startsWith(
            "prerequisite cycle among puzzles puzzle c.one (one.jar), puzzle c.two (two.jar)");
  }

  @Test
  void missingStarterAndEscapingFileNameAreReported() throws Exception {
    Path jar =
        new PluginJarBuilder(work)
            .puzzle("m.nosource", 1, "ms/A.java", false)
            .puzzle("m.escape", 1, "../outside/B.java", true)
            .build("broken.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(messages(catalog)).hasSize(2);
    assertThat(messages(catalog))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("puzzle m.nosource (broken.jar): missing source resource gen/")
                    .contains("/starter/A.java"));
    assertThat(messages(catalog))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "puzzle m.escape (broken.jar): solution file '../outside/B.java' must be a"
                            + " relative path like 'p01_name/ClassName.java' that stays inside the"
                            + " workspace"));
    assertThat(catalog.ordered()).extracting(CatalogEntry::id).containsExactly("fixture");
  }

  @Test
  void eachProblemSaysWhichJarAndPuzzleItIsAbout() throws Exception {
    Path bad = new PluginJarBuilder(work).puzzle("x.hard", 7, "xh/B.java", true).build("hard.jar");
    Path missing = work.resolve("gone.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(bad, missing, work));

    assertThat(catalog.problems())
        .extracting(CatalogProblem::origin, CatalogProblem::puzzleId)
        .containsExactly(
            tuple("gone.jar", Optional.empty()),
            tuple(work.getFileName().toString(), Optional.empty()),
            tuple("hard.jar", Optional.of("x.hard")));
  }

  @Test
  void unreadableOrMissingJarIsAProblemNotACrash() throws Exception {
    Path corrupt = work.resolve("corrupt.jar");
    Files.write(corrupt, new byte[] {1, 2, 3, 4, 5});

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(corrupt, work.resolve("absent.jar")));

    assertThat(messages(catalog)).hasSize(2);
    assertThat(messages(catalog).get(0)).startsWith("plugin corrupt.jar: not a readable jar (");
    assertThat(messages(catalog).get(1)).startsWith("plugin ").endsWith("absent.jar: no such file");
    assertThat(catalog.ordered()).extracting(CatalogEntry::id).containsExactly("fixture");
  }

  @Test
  void aJarBuiltAgainstAnIncompatibleApiIsRefusedByName() throws Exception {
    Path future =
        new PluginJarBuilder(work)
            .puzzle("v.future", 1, "vf/A.java", true)
            .builtAgainst("99.0.0")
            .build("future.jar");
    Path same =
        new PluginJarBuilder(work)
            .puzzle("v.same", 1, "vs/A.java", true)
            .builtAgainst(ApiVersion.current())
            .build("same.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(future, same));

    assertThat(messages(catalog))
        .containsExactly(
            "plugin future.jar: built against kata-api 99.0.0, which this kata"
                + " (kata-api "
                + ApiVersion.current()
                + ") cannot run; rebuild the plugin against kata-api "
                + ApiVersion.current().replaceAll("^(\\d+\\.\\d+).*", "$1"));
    assertThat(catalog.ordered()).extracting(CatalogEntry::id).containsExactly("fixture", "v.same");
  }

  @Test
  void aPluginThatNeverFinishesLoadingIsLeftOutAndTheOthersStillLoad() throws Exception {
    Path hangs =
        new PluginJarBuilder(work)
            .constructor("while (true) { Thread.onSpinWait(); }")
            .puzzle("h.hangs", 1, "hh/A.java", true)
            .build("hangs.jar");
    Path fine = new PluginJarBuilder(work).puzzle("h.fine", 1, "hf/A.java", true).build("fine.jar");

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(hangs, fine));

    assertThat(messages(catalog))
        .containsExactly(
            "plugin hangs.jar: did not finish loading within 5 s (a puzzle's"
                + " constructor, static initializer or metadata method does not return); left out");
    assertThat(catalog.ordered()).extracting(CatalogEntry::id).containsExactly("fixture", "h.fine");
  }

  @Test
  void aFolderOrADeviceGivenAsAPluginIsNamedForWhatItIs() {
    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(work, Path.of("/dev/zero")));

    assertThat(messages(catalog)).hasSize(Files.exists(Path.of("/dev/zero")) ? 2 : 1);
    assertThat(messages(catalog).get(0)).endsWith(": is a folder, not a jar");
    if (Files.exists(Path.of("/dev/zero"))) {
      assertThat(messages(catalog).get(1))
          .isEqualTo("plugin /dev/zero: is not a regular file (a device or a pipe?), not a jar");
    }
  }

  @Test
  void aServicesFileNamingAMissingClassIsOneProblemNotASecondFalseOne() throws Exception {
    // Before: a right line ("cannot load a puzzle class"), then a false one ("declares no puzzle").
    Path jar = work.resolve("names-missing.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.kata.api.Puzzle"));
      out.write("gen.missing.NoSuchPuzzle\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    PuzzleCatalog catalog = PuzzleCatalog.load(List.of(jar));

    assertThat(messages(catalog))
        .singleElement()
        .asString()
        .startsWith("plugin names-missing.jar: cannot load a puzzle class")
        .contains("gen.missing.NoSuchPuzzle");
  }

  @Test
  void aPluginCallingSystemExitWhileLoadingIsLeftOutAndTheCommandGoesOn() throws Exception {
    // Before: kata ended, with the plugin named, and every command failed while the jar was there.
    Path exits =
        new PluginJarBuilder(work)
            .constructor("System.exit(5);")
            .puzzle("x.exits", 1, "xe/A.java", true)
            .build("exits.jar");
    Path fine = new PluginJarBuilder(work).puzzle("x.fine", 1, "xf/A.java", true).build("fine.jar");
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(
                    java.io.File.pathSeparator,
                    ClassPath.current().stream().map(Path::toString).toList()),
                CatalogProbe.class.getName(),
                exits.toString(),
                fine.toString())
            .redirectErrorStream(true)
            .start();
    String output =
        new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(probe.waitFor()).as(output).isZero();
    assertThat(output)
        .contains(
            "kata: plugin exits.jar called System.exit while loading; left out",
            "problem: plugin exits.jar: called System.exit while loading; left out",
            "puzzle: fixture",
            "puzzle: x.fine")
        .doesNotContain("puzzle: x.exits");
  }

  @Test
  void ctrlCWhileAPluginLoadsIsNotBlamedOnThePlugin() throws Exception {
    // Before: Ctrl-C (or any signal) while a plugin's constructor ran printed "plugin X called
    // System.exit while loading". The JVM's exit on a signal is the user's doing.
    Path slow =
        new PluginJarBuilder(work)
            .constructor(
                "System.out.println(\"constructing\"); System.out.flush();"
                    + " while (true) { java.util.concurrent.locks.LockSupport.park(); }")
            .puzzle("s.slow", 1, "ss/A.java", true)
            .build("slow.jar");
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(
                    java.io.File.pathSeparator,
                    ClassPath.current().stream().map(Path::toString).toList()),
                CatalogProbe.class.getName(),
                slow.toString())
            .redirectErrorStream(true)
            .start();
    var output =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                probe.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null && !line.equals("constructing")) {
      // the probe's output before the plugin's constructor runs
    }
    assertThat(line).as("the plugin's constructor ran").isEqualTo("constructing");
    // SIGTERM, which the JVM handles as it does Ctrl-C's SIGINT: the shutdown hooks run. Through
    // the
    // handle, since Process.destroy also closes the streams the rest of the output comes on.
    probe.toHandle().destroy();
    String rest = output.lines().collect(java.util.stream.Collectors.joining("\n"));

    assertThat(probe.waitFor()).as(rest).isNotZero();
    assertThat(rest).doesNotContain("System.exit");
  }

  private static List<String> messages(PuzzleCatalog catalog) {
    return catalog.problems().stream().map(CatalogProblem::message).toList();
  }
}
