package dev.kata.puzzles.p07;

import com.google.auto.service.AutoService;
import dev.kata.api.Hints;
import dev.kata.api.KataPuzzle;
import dev.kata.api.Puzzle;
import dev.kata.api.WrongSolution;
import java.util.List;

/** Puzzle 07: a bounded buffer holds back the fast producer; FIFO, nothing lost. */
@AutoService(Puzzle.class)
@KataPuzzle(
    id = "07",
    slug = "bounded-queue",
    title = "Backpressure",
    difficulty = 2,
    prerequisites = "05",
    concepts = {"backpressure", "bounded buffer", "producer/consumer", "cancellable blocking"},
    apis = {"ArrayBlockingQueue", "BlockingQueue.put", "BlockingQueue.take"},
    objective =
        "Join a producer and a consumer through a bounded buffer: the producer waits while it is"
            + " full, nothing is lost or reordered, and an interrupted producer stops cleanly.")
public final class Backpressure implements Puzzle {

  @Override
  public Class<?> contract() {
    return Conveyor.class;
  }

  @Override
  public String solutionFile() {
    return "p07_bounded_queue/BoundedConveyor.java";
  }

  @Override
  public List<Class<?>> checks() {
    return List.of(BackpressureChecks.class, SlowSidesChecks.class);
  }

  @Override
  public Hints hints() {
    return new Hints(
        "If the producer is faster than the consumer, something has to give: an unbounded buffer"
            + " grows until memory runs out. A bounded one makes the producer wait: that is"
            + " backpressure. Both sides should wait by blocking, not by spinning.",
        "ArrayBlockingQueue(capacity) is a bounded FIFO buffer. put() waits while it is full,"
            + " take() while it is empty; both throw InterruptedException when the waiting thread"
            + " is interrupted.",
        "newBuffer: return new ArrayBlockingQueue<>(capacity). produce: int put = 0; try { for"
            + " (item : items) { buffer.put(item); put++; } } catch (InterruptedException e) {"
            + " Thread.currentThread().interrupt(); } return put. consume: for (i < count)"
            + " sink.accept(buffer.take()).");
  }

  @Override
  public List<WrongSolution> wrongSolutions() {
    return List.of(
        new WrongSolution(
            "unbounded-queue",
            "uses a LinkedBlockingQueue without a capacity, so the producer is never held back"),
        new WrongSolution(
            "lost-on-interrupt",
            "counts an item before putting it, so an interrupted put reports an item that never"
                + " arrived"),
        new WrongSolution(
            "swallowed-interrupt",
            "catches InterruptedException and returns without restoring the interrupt flag"),
        new WrongSolution(
            "consumer-stops-early",
            "polls until the buffer is empty and stops, though more items are still coming"),
        new WrongSolution(
            "busy-waiting",
            "spins on offer() while the buffer is full instead of blocking in put()"),
        new WrongSolution(
            "consumer-gives-up-on-poll-timeout",
            "stops consuming when poll(200 ms) times out, though a slow producer still has items"
                + " coming"),
        new WrongSolution(
            "consumer-gives-up-after-a-minute",
            "stops consuming when poll(1 minute) times out: a generous timeout is still a guess"
                + " that a slow producer proves wrong"),
        new WrongSolution(
            "producer-drops-on-offer-timeout",
            "skips an item whose offer(200 ms) timed out: backpressure turned into data loss"),
        new WrongSolution(
            "sink-failure-swallowed",
            "catches what the sink throws and carries on, so the caller never learns an item"
                + " failed"),
        new WrongSolution(
            "own-buffer-if-not-while",
            "its own buffer waits under an if, not a while: a woken consumer takes from an empty"
                + " buffer"),
        new WrongSolution(
            "own-buffer-notify-not-notifyall",
            "its own buffer wakes one waiter with notify(): it can wake the wrong side, and"
                + " everybody sleeps"),
        new WrongSolution(
            "own-buffer-check-then-act",
            "its own buffer checks the size and then adds, in two steps: two producers overfill"
                + " it"),
        new WrongSolution(
            "offer-trusts-a-thread-safe-queue",
            "its own buffer's offer() takes no lock because the queue inside is thread-safe: the"
                + " size check and the add are two steps, and two offers overfill it"),
        new WrongSolution(
            "own-buffer-waits-through-interrupts",
            "its own buffer's put() and take() catch InterruptedException and wait again, so an"
                + " interrupted producer or consumer cannot be cancelled"),
        new WrongSolution(
            "interrupted-check-clears-the-flag",
            "checks Thread.interrupted() between puts, which clears the flag: an interrupt that"
                + " comes while it is not waiting is lost"));
  }
}
