package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.api.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void sleepingAdvancesTheClockAtOnceAndIsRecorded() throws InterruptedException {
    FakeClock clock = new FakeClock(100);
    Sleeper sleeper = clock;
    LongSupplier nanoClock = clock;
    long before = System.nanoTime();

    sleeper.sleep(Duration.ofHours(1));
    sleeper.sleep(Duration.ofMillis(5));

    assertThat(System.nanoTime() - before).isLessThan(Duration.ofSeconds(30).toNanos());
    assertThat(nanoClock.getAsLong()).isEqualTo(100 + Duration.ofHours(1).plusMillis(5).toNanos());
    assertThat(clock.delays()).containsExactly(Duration.ofHours(1), Duration.ofMillis(5));
    assertThat(clock.sleeps())
        .allSatisfy(s -> assertThat(s.thread()).isSameAs(Thread.currentThread()));
    assertThat(clock.sleeps().get(1).startNanos()).isEqualTo(100 + Duration.ofHours(1).toNanos());
    assertThat(clock.sleeps().get(1).endNanos()).isEqualTo(clock.getAsLong());
    assertThat(clock.sleepCount()).isEqualTo(2);
  }

  @Test
  void advancingMovesTheClockWithoutASleep() {
    FakeClock clock = new FakeClock(0);

    clock.advance(Duration.ofMillis(7));

    assertThat(clock.getAsLong()).isEqualTo(7_000_000);
    assertThat(clock.sleeps()).isEmpty();
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot go back");
  }

  @Test
  void aNegativeDelayIsRecordedButDoesNotMoveTheClock() throws InterruptedException {
    FakeClock clock = new FakeClock(0);

    clock.sleep(Duration.ofMillis(-3));

    assertThat(clock.getAsLong()).isZero();
    assertThat(clock.delays()).containsExactly(Duration.ofMillis(-3));
  }

  @Test
  void anInterruptedThreadDoesNotSleepAndLosesItsFlag() {
    FakeClock clock = new FakeClock(0);
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(clock.getAsLong()).isZero();
    assertThat(clock.sleeps()).singleElement().satisfies(s -> assertThat(s.interrupted()).isTrue());
  }

  @Test
  void theNthSleepCanBeInterrupted() throws InterruptedException {
    FakeClock clock = new FakeClock(0).interruptAt(2);

    clock.sleep(Duration.ofSeconds(1));

    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(2)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(clock.getAsLong()).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(clock.sleeps())
        .extracting(FakeClock.Sleep::interrupted)
        .containsExactly(false, true);
  }

  @Test
  void theNthSleepCanBlockUntilItsThreadIsInterrupted() throws InterruptedException {
    FakeClock clock = new FakeClock(0).blockAt(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread sleeper =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    clock.sleep(Duration.ofSeconds(1));
                  } catch (InterruptedException e) {
                    thrown.set(e);
                  }
                });

    assertThat(clock.awaitBlocked(Duration.ofSeconds(10))).isTrue();
    assertThat(Threads.awaitWaiting(sleeper, 10_000)).isEqualTo(Threads.Seen.WAITING);
    sleeper.interrupt();
    sleeper.join();

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(clock.getAsLong()).isZero();
    assertThat(clock.sleeps())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.interrupted()).isTrue();
              assertThat(s.thread()).isSameAs(sleeper);
            });
  }

  @Test
  void aBlockedSleepGoesOnWhenReleased() throws InterruptedException {
    FakeClock clock = new FakeClock(0).blockAt(1);
    Thread sleeper =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    clock.sleep(Duration.ofSeconds(1));
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });

    assertThat(clock.awaitBlocked(Duration.ofSeconds(10))).isTrue();
    clock.release();
    sleeper.join();

    assertThat(clock.getAsLong()).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(clock.sleeps())
        .singleElement()
        .satisfies(s -> assertThat(s.interrupted()).isFalse());
  }

  @Test
  void aSleepCountsFromOne() {
    assertThatThrownBy(() -> new FakeClock().blockAt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counted from 1");
  }

  @Test
  void theSystemSleeperReallySleepsAndHonoursInterrupts() throws InterruptedException {
    long before = System.nanoTime();
    Sleeper.system().sleep(Duration.ofMillis(20));
    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Sleeper.system().sleep(Duration.ofSeconds(30)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
