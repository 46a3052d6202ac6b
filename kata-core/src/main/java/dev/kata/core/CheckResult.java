package dev.kata.core;

/**
 * The outcome of one check.
 *
 * @param name the check's name, a sentence stating the invariant
 * @param verdict pass, fail or error
 * @param message why it failed; empty when it passed
 * @param output what the solution printed during the check; may be empty
 */
public record CheckResult(String name, Verdict verdict, String message, String output) {}
