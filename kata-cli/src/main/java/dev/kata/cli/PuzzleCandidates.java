package dev.kata.cli;

import dev.kata.core.CatalogEntry;
import dev.kata.core.PuzzleCatalog;
import dev.kata.core.Workspace;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@code --puzzle} accepts, for shell completion: every puzzle's id, number and slug. The
 * completion script is generated once, so these are the puzzles known when it is: the built-ins and
 * the jars in the workspace's {@code plugins/} folder. The catalog is loaded only when the
 * candidates are asked for (picocli creates this object with every command line).
 */
final class PuzzleCandidates implements Iterable<String> {

  /** Loaded once per JVM: a completion script asks for the candidates of every --puzzle option. */
  private static volatile Set<String> names;

  @Override
  public Iterator<String> iterator() {
    Set<String> known = names;
    if (known == null) {
      known = load();
      names = known;
    }
    return known.iterator();
  }

  private static Set<String> load() {
    Set<String> found = new LinkedHashSet<>();
    String root = System.getenv().getOrDefault(Workspace.ENVIRONMENT, "workspace");
    PuzzleCatalog catalog = PuzzleCatalog.load(pluginJars(root));
    for (CatalogEntry entry : catalog.ordered()) {
      found.add(entry.id());
      number(entry.id()).ifPresent(found::add);
      found.add(entry.info().slug());
    }
    return java.util.Collections.unmodifiableSet(found);
  }

  private static java.util.List<Path> pluginJars(String root) {
    try {
      return Workspace.at(Path.of(root)).pluginJars();
    } catch (RuntimeException e) {
      return java.util.List.of(); // completion must never fail: the built-ins are enough
    }
  }

  /** The id without its leading zeros ("1" for "01"), when it is a number. */
  private static java.util.Optional<String> number(String id) {
    if (!id.chars().allMatch(Character::isDigit) || id.isEmpty() || id.length() > 9) {
      return java.util.Optional.empty();
    }
    String number = String.valueOf(Integer.parseInt(id));
    return number.equals(id) ? java.util.Optional.empty() : java.util.Optional.of(number);
  }
}
