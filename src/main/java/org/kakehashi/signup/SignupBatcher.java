package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Groups the usual sign-ups (the one-statement path) that arrive while an earlier group is in the
 * database into one transaction ({@link RegistrationStore#registerAllIfAllowed}): under a rush each
 * sign-up then costs a row of a statement instead of a statement, a commit and a second read of its
 * position (README, "Seats"). Nothing waits for a timer: a sign-up arriving when no group is running
 * goes at once, alone. Each caller gets exactly what {@link RegistrationStore#registerIfAllowed} would
 * answer (its registration, or null for the slow path); if a group fails as a whole, each of its
 * sign-ups is tried again on its own, so one request's failure is only ever its own.
 */
final class SignupBatcher {

  private static final Logger log = LoggerFactory.getLogger(SignupBatcher.class);

  /** Most sign-ups in one group. */
  static final int MAX_BATCH = 256;
  /** Groups in the database at once (per batcher; there is one per HTTP event loop). */
  static final int MAX_IN_FLIGHT = 1;

  private record Waiting(RegistrationStore.Request request, Promise<Registration> answer) {
  }

  private final Pool pool;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;

  SignupBatcher(Pool pool) {
    this.pool = pool;
  }

  /** The sign-up, in the next group; null when it does not pass the rules of the one-statement path. */
  Future<Registration> register(RegistrationStore.Request request) {
    Promise<Registration> answer = Promise.promise();
    synchronized (this) {
      queue.add(new Waiting(request, answer));
    }
    send();
    return answer.future();
  }

  private void send() {
    List<Waiting> batch;
    synchronized (this) {
      if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
        return;
      }
      inFlight++;
      batch = take();
    }
    List<RegistrationStore.Request> requests = new ArrayList<>(batch.size());
    batch.forEach(w -> requests.add(w.request()));
    Future<List<Registration>> done = batch.size() == 1
        ? alone(batch.get(0).request()).map(r -> java.util.Collections.singletonList(r))
        : RegistrationStore.registerAllIfAllowed(pool, requests);
    done.onComplete(ar -> {
      synchronized (this) {
        inFlight--;
      }
      if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(ar.result().get(i));
        }
      } else if (batch.size() == 1) {
        batch.get(0).answer().fail(ar.cause());
      } else {
        // The group failed as a whole (a database error of one of its rows, an outage): each on its own.
        log.atWarn().addKeyValue("signups", batch.size()).setCause(ar.cause()).log("sign-up group failed, each tried alone");
        for (Waiting w : batch) {
          alone(w.request()).onComplete(w.answer());
        }
      }
      send();
    });
  }

  private Future<Registration> alone(RegistrationStore.Request r) {
    return RegistrationStore.registerIfAllowed(pool, r.sessionId(), r.personId(), r.topics(), null, r.signerCenterId(),
        r.bypass(), r.reason());
  }

  /** The next group: up to {@link #MAX_BATCH} in arrival order, a person's second sign-up for a session left for the next. */
  private List<Waiting> take() {
    List<Waiting> batch = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Iterator<Waiting> it = queue.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Waiting w = it.next();
      if (seen.add(w.request().sessionId() + "/" + w.request().personId())) {
        batch.add(w);
        it.remove();
      }
    }
    return batch;
  }
}
