package dev.kata.puzzles.p18;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store and the notifier the checks hand to a saver: each entry's three steps are {@link
 * HeldStep}s the check scripted and steers. An entry the check did not script fails the check.
 */
final class ScriptedStore implements Store, Notifier {

  /** The three steps of one entry's save. */
  record Steps(Entry entry, HeldStep prepare, HeldStep commit, HeldStep announce) {

    static Steps of(
        Entry entry,
        HeldStep.Outcome prepare,
        boolean holdPrepare,
        HeldStep.Outcome commit,
        boolean holdCommit,
        HeldStep.Outcome notify,
        boolean holdNotify) {
      String name = "\"" + entry.key() + "\"";
      return new Steps(
          entry,
          new HeldStep("prepare of " + name, prepare, holdPrepare),
          new HeldStep("commit of " + name, commit, holdCommit),
          new HeldStep("notify of " + name, notify, holdNotify));
    }

    void releaseAll() {
      prepare.release();
      commit.release();
      announce.release();
    }
  }

  private final Map<Entry, Steps> steps = new ConcurrentHashMap<>();
  private final Map<Entry, String> misuse = new ConcurrentHashMap<>();

  Steps script(Steps entrySteps) {
    steps.put(entrySteps.entry(), entrySteps);
    return entrySteps;
  }

  @Override
  public void prepare(Entry entry) throws InterruptedException {
    Steps s = of(entry, "prepare");
    s.prepare().run();
  }

  @Override
  public void commit(Entry entry) throws InterruptedException {
    Steps s = of(entry, "commit");
    if (s.prepare().completions() == 0) {
      misuse.putIfAbsent(
          entry,
          "commit of \""
              + entry.key()
              + "\" started though its prepare had not ended"
              + " normally");
    }
    s.commit().run();
  }

  @Override
  public void saved(Entry entry) throws InterruptedException {
    Steps s = of(entry, "notify");
    if (s.commit().completions() == 0) {
      misuse.putIfAbsent(
          entry, "notify of \"" + entry.key() + "\" started before its commit had completed");
    }
    s.announce().run();
  }

  /** The first step the saver ran out of order, or null. */
  String misuse() {
    return misuse.values().stream().findFirst().orElse(null);
  }

  private Steps of(Entry entry, String step) {
    Steps s = entry == null ? null : steps.get(entry);
    if (s == null) {
      misuse.putIfAbsent(
          new Entry("?", "?"), step + " called with " + entry + ", an entry no save was given");
      throw new IllegalArgumentException("no such entry: " + entry);
    }
    return s;
  }
}
