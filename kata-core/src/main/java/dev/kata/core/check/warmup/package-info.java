/**
 * The checks a check JVM runs while it waits for its job, to warm JUnit up. They hold nothing of
 * kata's: this is the one package of the {@code dev.kata.core} module that JUnit may reach into by
 * reflection (it must, to run checks), so the run's secret is never here.
 */
package dev.kata.core.check.warmup;
