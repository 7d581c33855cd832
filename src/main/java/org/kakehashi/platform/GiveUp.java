package org.kakehashi.platform;

/**
 * A delivery that cannot succeed by trying again as it is (a request the other side refuses for
 * good, such as Zoom's 404 "user does not exist"): the outbox marks the message failed at once, with
 * this message as its error, instead of retrying it until {@code outbox.maxAttempts}. Someone fixes
 * the cause and asks again (a new message).
 */
public class GiveUp extends RuntimeException {

  public GiveUp(String message) {
    super(message, null, false, false);
  }
}
