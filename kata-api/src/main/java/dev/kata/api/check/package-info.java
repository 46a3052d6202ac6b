/**
 * Support for writing a puzzle's checks: the learner's solution as a test parameter, in-flight
 * counters, timelines, invariant failures, property checks and one time scale for every wait.
 *
 * <p>Checks prove concurrency with barriers, latches and counters, never by sleeping and then
 * asserting. Every wait is bounded by {@link dev.kata.api.check.TimeScale}, so a wrong solution
 * fails by a timeout while a correct one never waits for a timer.
 *
 * @since 0.1
 */
package dev.kata.api.check;
