package dev.kata.api.check;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mark a JUnit Jupiter class as the checks of a puzzle.
 *
 * <p>Test methods of the class may declare a parameter of the puzzle's contract type; each
 * invocation receives a new instance of the solution under check. Which solution that is comes from
 * the configuration parameters in {@link CheckConfiguration}, set by the kata runner or by a test
 * that runs the checks with the JUnit Platform test kit.
 *
 * <p>Checks run in the order of their {@link org.junit.jupiter.api.Order @Order} values: put the
 * basic invariants first, so a learner meets them first.
 *
 * @since 0.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SolutionResolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public @interface PuzzleChecks {

  /**
   * Get the time limit of one check in seconds, before {@link TimeScale} is applied. A check that
   * runs longer is stopped and reported as hung, with the stuck threads.
   */
  int timeLimitSeconds() default 10;

  /**
   * Get the time limit of the whole run of these checks in seconds, before {@link TimeScale} is
   * applied: kata stops the check JVM when it is reached, whatever it is doing. Raise it above the
   * default only for checks that must wait for slow real things, such as child JVMs to start on a
   * loaded machine.
   */
  int runLimitSeconds() default 60;

  /**
   * Get how many times shorter every timeout the solution passes to a JDK timed wait is made (see
   * {@link ShortenedTimeouts}); 1, the default, changes nothing. For contracts that say a wait has
   * no time limit: with 1000, a solution that gives up after 10 s gives up after 10 ms, within a
   * check's short hold, while an untimed wait, or a timed one in a loop, is still correct.
   *
   * @since 0.1
   */
  int timeoutsShortenedBy() default 1;
}
