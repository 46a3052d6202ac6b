package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.Progress;
import java.util.List;
import java.util.Optional;

/**
 * Where a learner stands on each puzzle: passed, available (every prerequisite passed) or locked.
 */
final class CourseState {

  enum Status {
    PASSED,
    AVAILABLE,
    LOCKED
  }

  private final List<CatalogEntry> ordered;
  private final Progress progress;

  CourseState(List<CatalogEntry> ordered, Progress progress) {
    this.ordered = ordered;
    this.progress = progress;
  }

  Status status(CatalogEntry entry) {
    if (progress.passed(entry.id())) {
      return Status.PASSED;
    }
    return entry.prerequisites().stream().allMatch(progress::passed)
        ? Status.AVAILABLE
        : Status.LOCKED;
  }

  /** Get the first puzzle in course order that is available and not passed. */
  Optional<CatalogEntry> next() {
    return ordered.stream().filter(e -> status(e) == Status.AVAILABLE).findFirst();
  }

  /**
   * Say what to do after the learner's file for a puzzle passed: the next puzzle to run (or that
   * the course is done), and where the reference is to compare with.
   */
  String afterPass(CatalogEntry passed) {
    String next =
        next()
            .map(e -> "Next: kata run --puzzle " + e.id() + " (" + e.info().title() + ")")
            .orElse(
                passed() == total()
                    ? "Every puzzle passed: well done!"
                    : "Nothing else is available yet: see kata map");
    return next
        + Style.faint("   Compare with the reference: kata solution --puzzle " + passed.id());
  }

  /** Get the status as the learner reads it: passed, available or locked. */
  String statusWord(CatalogEntry entry) {
    return status(entry).name().toLowerCase(java.util.Locale.ROOT);
  }

  long passed() {
    return ordered.stream().filter(e -> progress.passed(e.id())).count();
  }

  int total() {
    return ordered.size();
  }

  /** Draw "[#####-----] 3/10 passed" (blocks on a UTF-8 terminal). */
  String progressBar() {
    int width = 20;
    int filled = total() == 0 ? 0 : (int) (passed() * width / total());
    String full = Style.unicode() ? "\u2588" : "#";
    String empty = Style.unicode() ? "\u2591" : "-";
    return "["
        + full.repeat(filled)
        + empty.repeat(width - filled)
        + "] "
        + passed()
        + "/"
        + total()
        + " passed";
  }
}
