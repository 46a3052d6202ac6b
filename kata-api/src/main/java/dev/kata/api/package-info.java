/**
 * The puzzle SPI: what a puzzle plugin implements so that kata can list it, hand its starter to a
 * learner, compile the learner's file against its contract and run its checks.
 *
 * <p>A puzzle is a class that implements {@link dev.kata.api.Puzzle}, carries {@link
 * dev.kata.api.KataPuzzle} metadata and is registered as a {@code java.util.ServiceLoader} service
 * (built-in puzzles use {@code @AutoService(Puzzle.class)}). Its source files (starter, reference
 * and known-wrong solutions) are resources beside the class; see {@link dev.kata.api.Puzzle} for
 * the layout.
 *
 * @since 0.1
 */
package dev.kata.api;
