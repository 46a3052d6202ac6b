package dev.kata.core;

import java.util.Locale;

/** The outcome of one check or one run, named as in Exercism's results.json. */
public enum Verdict {
  /** Every invariant held. */
  PASS,
  /** An invariant broke: the solution is wrong. */
  FAIL,
  /** The check could not judge: the code threw, did not compile, or was not run. */
  ERROR;

  /** Get the lowercase name used in JSON: pass, fail or error. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
