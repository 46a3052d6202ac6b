package dev.kata.testkit;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import java.util.List;

/**
 * A concurrency mutation operator: a bug pattern that can be written into correct code.
 *
 * <p>The mutator parses the reference once per mutant, asks the operator for its sites, and applies
 * exactly one of them; it then prints the unit with its formatting preserved. So {@link #sites}
 * must find the same sites, in the same order, every time it is given the same source. Built-in
 * operators are listed in {@link ConcurrencyOperators}; more can be registered as services of this
 * interface ({@code META-INF/services/dev.kata.testkit.MutationOperator}).
 *
 * @since 0.1
 */
public interface MutationOperator {

  /**
   * Get the operator's short, stable id, such as {@code RSB} or {@code PUT_OFFER}: declarations of
   * equivalent mutants refer to it.
   */
  String id();

  /** Get what the operator does, in one line, such as "remove a synchronized block". */
  String description();

  /**
   * Find every place this operator applies to in a unit, in a deterministic order.
   *
   * @param unit a freshly parsed unit, set up for lexical-preserving printing
   * @return the sites, each able to rewrite the unit in place
   */
  List<Site> sites(CompilationUnit unit);

  /**
   * One place an operator applies to.
   *
   * @param at the node whose first line is reported as the mutant's line
   * @param apply rewrites the unit in place
   */
  record Site(Node at, Runnable apply) {}
}
