/**
 * The check JVM's side of kata: the code that runs beside the learner's, in the separate JVM that
 * {@link dev.kata.core.IsolatedRunner} starts for each run.
 *
 * <p>{@link dev.kata.core.check.CheckMain} is that JVM's entry point, and it runs only there, never
 * in kata's own JVM: it replaces {@code System.out} and {@code System.err} to capture what the
 * learner's code prints, and ends the JVM with {@code Runtime.halt} whatever threads the learner's
 * code left behind. Its watchdogs, the warm-up checks and the signing of events run only there too.
 *
 * <p>The JUnit extensions here ({@code CheckTimeLimit}, {@code ThreadHygiene}, {@code
 * SocketHygiene}) and the reports they build (thread dumps, failure descriptions) run wherever
 * {@link dev.kata.core.CheckSettings} switches them on: in the check JVM, and where the authoring
 * kit runs a puzzle's checks in-process to hunt mutants. They neither halt the JVM nor replace its
 * output streams.
 *
 * <p>What crosses the process boundary, in both directions, is written down in one class, {@link
 * dev.kata.core.check.CheckProtocol}; the rest of this package is package-private.
 */
package dev.kata.core.check;
