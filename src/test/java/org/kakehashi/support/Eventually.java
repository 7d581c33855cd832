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
    return value(within, probe, done, () -> null);
  }

  /**
   * A wait on progress rather than on time: asks {@code probe} until its answer satisfies {@code done}, and gives up
   * at once with the reason {@code failed} returns when that is not null (the awaited request answered without
   * passing the point waited for, the process waited on died). A slow machine only makes it wait longer;
   * {@code hangGuard} ends only a run that is stuck and should be far above any real wait.
   */
  public static <T> T value(Duration hangGuard, Callable<T> probe, Predicate<? super T> done, Callable<String> failed) {
    long deadline = System.nanoTime() + hangGuard.toNanos();
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
      String failure;
      try {
        failure = failed.call();
      } catch (Exception e) {
        failure = "the failure check threw " + e;
      }
      if (failure != null) {
        throw new AssertionError(failure + (last == null ? "; last answer: " + answer : "; last failure: " + last), last);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + hangGuard + (last == null ? "; last answer: " + answer
            : "; last failure: " + last), last);
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
