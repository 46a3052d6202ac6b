package dev.kata.api;

import java.util.List;

/**
 * Flag one known concurrency mistake in a learner's source file, before or beside the checks.
 *
 * <p>kata's analyser runs its built-in rules and a puzzle's own ({@link MistakeAnalysis#rules()})
 * over the learner's file and shows each finding with the rule's id, the line and {@link #why()}.
 * Findings never change a verdict: the checks decide. A wrong finding misleads a learner more than
 * a missing one, so flag only what is wrong in every context the puzzle allows; the authoring kit
 * runs every rule over the puzzle's reference, which must come out clean, and over {@link
 * #flaggedExamples()} and {@link #cleanExamples()}.
 *
 * <p>An implementation reads plain source text, so it is free to match it any way it likes; it must
 * not throw on source that does not compile, and must be safe to call from several threads.
 *
 * @since 0.1
 */
public interface MistakeRule {

  /**
   * Get the rule's id: kebab-case, unique among the rules a puzzle runs, such as {@code
   * "pool-leak"}.
   */
  String id();

  /** Get why the flagged code is wrong, in one sentence a learner understands. */
  String why();

  /**
   * Find the mistake in a source file.
   *
   * @param source the whole text of the learner's file, never null
   * @return the 1-based line numbers where the mistake is, in any order; empty when there is none
   */
  List<Integer> find(String source);

  /** Get sources (whole files or fragments the rule understands) that {@link #find} must flag. */
  List<String> flaggedExamples();

  /** Get sources that look like the mistake but are correct, which {@link #find} must not flag. */
  List<String> cleanExamples();
}
