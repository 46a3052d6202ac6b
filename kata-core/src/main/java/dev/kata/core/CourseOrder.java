package dev.kata.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The course order of some puzzles: prerequisites first, ties broken by id, a pure function of the
 * entries.
 *
 * <p>Ties are broken by comparing ids as text, wherever a puzzle came from: a plugin puzzle with no
 * prerequisites whose id sorts before {@code "01"} comes first. A prerequisite that is not among
 * the entries, or a puzzle listed as its own prerequisite, is reported and otherwise ignored. The
 * puzzles of a prerequisite cycle, and every puzzle that waits on one, are reported and listed
 * last, by id.
 *
 * @param ordered every entry, once, in course order
 * @param problems what stood in the way of a clean order, in the order of the entries; a cycle last
 */
record CourseOrder(List<CatalogEntry> ordered, List<CatalogProblem> problems) {

  CourseOrder {
    ordered = List.copyOf(ordered);
    problems = List.copyOf(problems);
  }

  /**
   * Order puzzles whose ids are unique.
   *
   * @param entries the puzzles, in the order they were loaded (built-ins first)
   */
  static CourseOrder of(List<CatalogEntry> entries) {
    List<CatalogProblem> problems = new ArrayList<>();
    Map<String, CatalogEntry> byId = new LinkedHashMap<>();
    entries.forEach(e -> byId.put(e.id(), e));
    Map<String, Integer> waitingOn = new HashMap<>();
    Map<String, List<String>> unlocks = new HashMap<>();
    for (CatalogEntry entry : entries) {
      int count = 0;
      for (String prerequisite : entry.prerequisites()) {
        if (!byId.containsKey(prerequisite)) {
          problems.add(
              CatalogProblem.of(
                  entry, "prerequisite '" + prerequisite + "' is not a known puzzle"));
        } else if (!prerequisite.equals(entry.id())) {
          count++;
          unlocks.computeIfAbsent(prerequisite, k -> new ArrayList<>()).add(entry.id());
        } else {
          problems.add(CatalogProblem.of(entry, "lists itself as a prerequisite"));
        }
      }
      waitingOn.put(entry.id(), count);
    }
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.naturalOrder());
    waitingOn.forEach(
        (id, count) -> {
          if (count == 0) {
            ready.add(id);
          }
        });
    List<CatalogEntry> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      ordered.add(byId.get(id));
      for (String next : unlocks.getOrDefault(id, List.of())) {
        if (waitingOn.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (ordered.size() < entries.size()) {
      List<CatalogEntry> stuck =
          entries.stream()
              .filter(e -> waitingOn.get(e.id()) > 0)
              .sorted(Comparator.comparing(CatalogEntry::id))
              .toList();
      // The puzzle loaded last among them closed the cycle: the one a newcomer's jar brought.
      CatalogEntry blamed =
          entries.stream().filter(e -> waitingOn.get(e.id()) > 0).reduce((a, b) -> b).orElseThrow();
      problems.add(
          new CatalogProblem(
              blamed.origin(),
              Optional.of(blamed.id()),
              "prerequisite cycle among puzzles "
                  + String.join(", ", stuck.stream().map(CatalogProblem::describe).toList())
                  + ": they are listed last, by id"));
      ordered.addAll(stuck);
    }
    return new CourseOrder(ordered, problems);
  }
}
