package dev.kata.puzzles.p05;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One upload the checks script: how many records, what happens at which point (a cancellation or a
 * failure), and whether {@code close()} fails.
 *
 * @param records how many records to upload
 * @param event what happens, and where
 * @param at for events at a send: the index of that send, 0 to records - 1
 * @param failure for {@code OPEN_FAILS} and {@code SEND_FAILS}: what kind of failure
 * @param closeFailure what {@code close()} throws, {@link Failure#NONE} for nothing
 */
record Scenario(int records, Event event, int at, Failure failure, Failure closeFailure) {

  /** What happens during the upload, and where. */
  enum Event {
    /** Nothing: the upload runs to the end. */
    NONE("no cancellation, no failure"),
    /** {@code open()} throws. */
    OPEN_FAILS("open() fails"),
    /** The send of record {@code at} throws. */
    SEND_FAILS("a send() fails"),
    /**
     * {@code cancel(true)} before {@code upload} reaches {@code open()}: the thread starts
     * cancelled.
     */
    CANCEL_BEFORE_OPEN("cancel(true) before open()"),
    /** {@code cancel(true)} while {@code open()} is blocked. */
    CANCEL_IN_OPEN("cancel(true) while open() is blocked"),
    /** {@code cancel(true)} while the send of record {@code at} is blocked. */
    CANCEL_IN_SEND("cancel(true) while a send() is blocked"),
    /**
     * {@code cancel(true)} just after the send of record {@code at} returned (after open() if there
     * are no records): the interrupt lands between two of the learner's statements, where no
     * blocking call notices it; after the last record, it lands between the work and close().
     */
    CANCEL_AFTER_SEND("cancel(true) just after a send() returned"),
    /** {@code cancel(true)} while {@code close()} runs. */
    CANCEL_IN_CLOSE("cancel(true) during close()");

    private final String text;

    Event(String text) {
      this.text = text;
    }

    boolean cancels() {
      return name().startsWith("CANCEL");
    }

    /** Whether the connection opens successfully in this scenario. */
    boolean opens() {
      return this != CANCEL_BEFORE_OPEN && this != CANCEL_IN_OPEN && this != OPEN_FAILS;
    }

    /** Whether the event happens at one of the sends, so needs a record to happen at. */
    boolean atSend() {
      return this == CANCEL_IN_SEND || this == SEND_FAILS;
    }

    /** How many places the event can happen at, with this many records. */
    int positions(int records) {
      return atSend() ? records : this == CANCEL_AFTER_SEND ? Math.max(1, records) : 1;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A kind of failure the connection can throw: one of each kind a method can meet. */
  enum Failure {
    NONE,
    CHECKED,
    RUNTIME,
    ERROR;

    /** Create a fresh failure of this kind; the checks compare exceptions by identity. */
    Throwable create(String where) {
      return switch (this) {
        case NONE -> throw new IllegalStateException("no failure to create");
        case CHECKED -> new IOException(where + " failed");
        case RUNTIME -> new IllegalStateException(where + " failed");
        case ERROR -> new InjectedError(where + " failed");
      };
    }

    String kind() {
      return switch (this) {
        case NONE -> "nothing";
        case CHECKED -> "a checked IOException";
        case RUNTIME -> "a RuntimeException";
        case ERROR -> "an Error";
      };
    }
  }

  /**
   * An {@link Error} the connection throws: not an Exception, so {@code catch (Exception e)} misses
   * it.
   */
  static final class InjectedError extends Error {
    private static final long serialVersionUID = 1L;

    InjectedError(String message) {
      super(message);
    }
  }

  Scenario {
    if ((event.atSend() || event == Event.CANCEL_AFTER_SEND)
        && (at < 0 || at >= event.positions(records))) {
      throw new IllegalArgumentException(
          "event " + event + " needs a record index below " + records + " but was " + at);
    }
  }

  /** A scenario with nothing happening. */
  static Scenario plain(int records) {
    return new Scenario(records, Event.NONE, 0, Failure.NONE, Failure.NONE);
  }

  /**
   * Every scenario with this many records: every event, at every record, of every kind, with every
   * close.
   */
  static List<Scenario> all(int records, List<Failure> closeFailures) {
    List<Scenario> all = new ArrayList<>();
    for (Failure close : closeFailures) {
      for (Event event : Event.values()) {
        boolean fails = event == Event.OPEN_FAILS || event == Event.SEND_FAILS;
        List<Failure> kinds =
            fails
                ? List.of(Failure.CHECKED, Failure.RUNTIME, Failure.ERROR)
                : List.of(Failure.NONE);
        int positions = event.positions(records);
        for (int at = 0; at < positions; at++) {
          for (Failure kind : kinds) {
            all.add(new Scenario(records, event, at, kind, close));
          }
        }
      }
    }
    return all;
  }

  List<String> recordList() {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      list.add("r" + i);
    }
    return list;
  }

  @Override
  public String toString() {
    String what =
        switch (event) {
          case OPEN_FAILS -> "open() throws " + failure.kind();
          case SEND_FAILS -> "send(r" + at + ") throws " + failure.kind();
          case CANCEL_IN_SEND -> "cancel(true) while send(r" + at + ") is blocked";
          case CANCEL_AFTER_SEND ->
              records == 0
                  ? "cancel(true) just after open() returned, with no record to send"
                  : "cancel(true) just after send(r"
                      + at
                      + ") returned"
                      + (at == records - 1 ? ", the last one, before close()" : "");
          default -> event.toString();
        };
    String close = closeFailure == Failure.NONE ? "" : ", close() throws " + closeFailure.kind();
    return records + (records == 1 ? " record; " : " records; ") + what + close;
  }
}
