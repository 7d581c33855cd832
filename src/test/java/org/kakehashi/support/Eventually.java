package org.kakehashi.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for something to become true by asking again and again, never by sleeping a fixed time
 * that is "long enough" on a quiet machine: a slow machine only makes the test wait longer, a
 * condition that never holds fails at the deadline with the last answer.
 */
public final class Eventually {

  /** How long a condition may take by default: generous, since passing tests never wait for it. */
  public static final Duration WITHIN = Duration.ofSeconds(30);

  private Eventually() {
  }

  /** A check that may throw (an AssertJ assertion, a query). */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** Runs {@code check} until it passes; at the deadline its last failure is thrown. */
  public static void holds(Check check) {
    holds(WITHIN, check);
  }

  public static void holds(Duration within, Check check) {
    value(within, () -> {
      check.run();
      return Boolean.TRUE;
    }, v -> true);
  }

  /** Asks {@code probe} until its answer satisfies {@code done}, and returns that answer. */
  public static <T> T value(Callable<T> probe, Predicate<? super T> done) {
    return value(WITHIN, probe, done);
  }

  public static <T> T value(Duration within, Callable<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 5;
    Throwable last = null;
    T answer = null;
    while (true) {
      try {
        answer = probe.call();
        if (done.test(answer)) {
          return answer;
        }
        last = null;
      } catch (AssertionError | Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError timeout = new AssertionError("Not within " + within + (last == null ? "; last answer: " + answer
            : "; last failure: " + last), last);
        throw timeout;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
      pause = Math.min(pause * 2, 100);
    }
  }

  /** Waits until {@code done} is true. */
  public static void until(Callable<Boolean> done) {
    value(WITHIN, done, Boolean.TRUE::equals);
  }
}
