package dev.kata.puzzles.p12;

/**
 * What a graceful shutdown did with the tasks a {@link WorkService} had accepted.
 *
 * @param completed the accepted tasks that ended (returned or threw) before the grace period was
 *     over, those that ended before shutdown began included
 * @param interrupted the accepted tasks still running at the end of the grace period, which were
 *     then interrupted
 */
public record ShutdownReport(int completed, int interrupted) {}
