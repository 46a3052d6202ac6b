package dev.kata.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.api.KataPuzzle;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CourseOrderTest {

  @Test
  void prerequisitesComeFirst() {
    CourseOrder course = CourseOrder.of(List.of(entry("03", "02"), entry("02", "01"), entry("01")));

    assertThat(ids(course)).containsExactly("01", "02", "03");
    assertThat(course.problems()).isEmpty();
  }

  @Test
  void tiesAreBrokenByIdAsTextNotByLoadOrder() {
    CourseOrder course =
        CourseOrder.of(List.of(entry("b"), entry("a"), entry("10"), entry("9"), entry("c", "a")));

    // "10" sorts before "9" as text; "c" waits for "a" only, so it may pass "b".
    assertThat(ids(course)).containsExactly("10", "9", "a", "b", "c");
  }

  @Test
  void aPluginPuzzleIsNotPutAfterTheBuiltInsButOrderedByIdLikeThem() {
    CourseOrder course =
        CourseOrder.of(
            List.of(entry("01"), entry("02", "01"), plugin("00.acme", "acme.jar"), entry("03")));

    assertThat(ids(course)).containsExactly("00.acme", "01", "02", "03");
  }

  @Test
  void aPuzzleWaitsForAllOfItsPrerequisites() {
    CourseOrder course =
        CourseOrder.of(List.of(entry("a"), entry("z"), entry("m", "z", "a"), entry("b")));

    assertThat(ids(course)).containsExactly("a", "b", "z", "m");
  }

  @Test
  void anUnknownPrerequisiteIsReportedAndIgnored() {
    CatalogEntry orphan = plugin("x.orphan", "bad.jar", "nope", "01");

    CourseOrder course = CourseOrder.of(List.of(entry("01"), orphan));

    assertThat(ids(course)).containsExactly("01", "x.orphan");
    assertThat(course.problems())
        .containsExactly(
            new CatalogProblem(
                "bad.jar",
                Optional.of("x.orphan"),
                "puzzle x.orphan (bad.jar): prerequisite 'nope' is not a known puzzle"));
  }

  @Test
  void aPuzzleListingItselfIsReportedAndIgnored() {
    CourseOrder course = CourseOrder.of(List.of(entry("b", "b", "a"), entry("a")));

    assertThat(ids(course)).containsExactly("a", "b");
    assertThat(course.problems())
        .extracting(CatalogProblem::message)
        .containsExactly("puzzle b (built-in): lists itself as a prerequisite");
  }

  @Test
  void aCycleAndWhatWaitsOnItAreListedLastByIdAndBlamedOnThePuzzleLoadedLast() {
    CourseOrder course =
        CourseOrder.of(
            List.of(
                entry("01"),
                plugin("d.after", "three.jar", "c.two"),
                plugin("c.two", "two.jar", "c.one"),
                plugin("c.one", "one.jar", "c.two"),
                entry("02", "01")));

    assertThat(ids(course)).containsExactly("01", "02", "c.one", "c.two", "d.after");
    assertThat(course.problems())
        .containsExactly(
            new CatalogProblem(
                "one.jar",
                Optional.of("c.one"),
                "prerequisite cycle among puzzles puzzle c.one (one.jar), puzzle c.two (two.jar),"
                    + " puzzle d.after (three.jar): they are listed last, by id"));
  }

  @Test
  void noEntriesMakeAnEmptyCourse() {
    CourseOrder course = CourseOrder.of(List.of());

    assertThat(course.ordered()).isEmpty();
    assertThat(course.problems()).isEmpty();
  }

  private static List<String> ids(CourseOrder course) {
    return course.ordered().stream().map(CatalogEntry::id).toList();
  }

  private static CatalogEntry entry(String id, String... prerequisites) {
    return new CatalogEntry(info(id, prerequisites), null, Optional.empty());
  }

  private static CatalogEntry plugin(String id, String jar, String... prerequisites) {
    return new CatalogEntry(info(id, prerequisites), null, Optional.of(Path.of("plugins", jar)));
  }

  /** The metadata course order reads: an id and prerequisites. */
  private static KataPuzzle info(String id, String... prerequisites) {
    return (KataPuzzle)
        Proxy.newProxyInstance(
            KataPuzzle.class.getClassLoader(),
            new Class<?>[] {KataPuzzle.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "id" -> id;
                  case "prerequisites" -> prerequisites.clone();
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "@KataPuzzle(id=" + id + ")";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
