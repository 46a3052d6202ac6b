package dev.kata.testkit;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.printer.lexicalpreservation.LexicalPreservingPrinter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Write concurrency bugs into a correct solution, one per mutant, keeping its formatting so that a
 * mutant reads like a learner's file and differs from the original in a line or two.
 *
 * @since 0.1
 */
public final class Mutator {

  private static final int MAX_DIFF = 160;

  private final List<MutationOperator> operators;

  /** Create a mutator with every operator: {@link ConcurrencyOperators#all()}. */
  public Mutator() {
    this(ConcurrencyOperators.all());
  }

  /**
   * Create a mutator with the given operators.
   *
   * @param operators the operators to apply, in order
   */
  public Mutator(List<MutationOperator> operators) {
    this.operators = List.copyOf(operators);
  }

  /** Get the operators this mutator applies. */
  public List<MutationOperator> operators() {
    return operators;
  }

  /**
   * Make every mutant of a source: each operator applied at each of its sites. Mutants whose text
   * equals the original or an earlier mutant are left out; so are sites the printer cannot print.
   *
   * @param source a Java source that parses
   * @return the mutants, by operator then site
   * @throws IllegalArgumentException if the source does not parse
   */
  public List<Mutant> mutate(String source) {
    String original = normalise(source);
    List<String> originalLines = original.lines().toList();
    List<Mutant> mutants = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    seen.add(original);
    for (MutationOperator operator : operators) {
      int count = operator.sites(parse(original)).size();
      for (int i = 0; i < count; i++) {
        CompilationUnit unit = parse(original);
        LexicalPreservingPrinter.setup(unit);
        List<MutationOperator.Site> sites = operator.sites(unit);
        if (i >= sites.size()) {
          throw new IllegalStateException(
              "operator "
                  + operator.id()
                  + " found "
                  + count
                  + " sites, then "
                  + sites.size()
                  + " in the same source: its sites must be deterministic");
        }
        MutationOperator.Site site = sites.get(i);
        int line = site.at().getBegin().map(p -> p.line).orElse(1);
        String mutated;
        try {
          site.apply().run();
          mutated = normalise(LexicalPreservingPrinter.print(unit));
        } catch (RuntimeException e) {
          continue; // a rewrite the printer cannot render: not a mutant anyone can read
        }
        if (!seen.add(mutated)) {
          continue;
        }
        String code = line <= originalLines.size() ? originalLines.get(line - 1).strip() : "";
        mutants.add(
            new Mutant(
                operator.id(), line, code, diff(originalLines, mutated.lines().toList()), mutated));
      }
    }
    return mutants;
  }

  private static CompilationUnit parse(String source) {
    ParserConfiguration configuration =
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE);
    ParseResult<CompilationUnit> result = new JavaParser(configuration).parse(source);
    if (!result.isSuccessful() || result.getResult().isEmpty()) {
      throw new IllegalArgumentException("the source does not parse: " + result.getProblems());
    }
    return result.getResult().get();
  }

  private static String normalise(String source) {
    return source.replace("\r\n", "\n");
  }

  /** The change on one line: the lines removed, then the lines added, each squeezed. */
  static String diff(List<String> before, List<String> after) {
    int start = 0;
    while (start < before.size()
        && start < after.size()
        && before.get(start).equals(after.get(start))) {
      start++;
    }
    int endBefore = before.size();
    int endAfter = after.size();
    while (endBefore > start
        && endAfter > start
        && before.get(endBefore - 1).equals(after.get(endAfter - 1))) {
      endBefore--;
      endAfter--;
    }
    List<String> removed = words(before.subList(start, endBefore));
    List<String> added = words(after.subList(start, endAfter));
    // Trim the words both sides share, so a reformatted neighbour does not hide the change.
    int head = 0;
    while (head < removed.size()
        && head < added.size()
        && removed.get(head).equals(added.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < removed.size() - head
        && tail < added.size() - head
        && removed.get(removed.size() - 1 - tail).equals(added.get(added.size() - 1 - tail))) {
      tail++;
    }
    String was = String.join(" ", removed.subList(head, removed.size() - tail));
    String now = String.join(" ", added.subList(head, added.size() - tail));
    String text =
        (was.isEmpty() ? "(nothing)" : was) + " -> " + (now.isEmpty() ? "(removed)" : now);
    return text.length() <= MAX_DIFF ? text : text.substring(0, MAX_DIFF - 3) + "...";
  }

  /** The words of some lines, comment lines left out. */
  private static List<String> words(List<String> lines) {
    List<String> words = new ArrayList<>();
    for (String line : lines) {
      String code = line.strip();
      if (code.startsWith("//") || code.startsWith("/*") || code.startsWith("*")) {
        continue;
      }
      for (String word : code.split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    return words;
  }
}
