package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * A job run every so often on the event loop, one run at a time: a tick while a run is under way
 * does nothing (answers 0), and {@link #stop} waits for the run under way. The job reports how
 * many things it did and handles its own failures (a failed run is retried by the next tick).
 */
public final class Ticker {

  private final Vertx vertx;
  private final long everyMillis;
  private final Supplier<Future<Integer>> job;
  private long timer = -1;
  private Future<Integer> current;

  public Ticker(Vertx vertx, long everyMillis, Supplier<Future<Integer>> job) {
    this.vertx = vertx;
    this.everyMillis = everyMillis;
    this.job = job;
  }

  public void start() {
    timer = vertx.setPeriodic(everyMillis, everyMillis, id -> tick());
  }

  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return current == null ? Future.succeededFuture() : current.<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** Runs the job now unless a run is under way; how many things it did (tests call it directly). */
  public Future<Integer> tick() {
    if (current != null && !current.isComplete()) {
      return Future.succeededFuture(0);
    }
    current = job.get();
    return current;
  }
}
