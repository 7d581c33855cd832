package org.kakehashi.platform;

/** A delivery that failed for now and names when to try again (an HTTP 429 with Retry-After, say). */
public final class RetryLater extends RuntimeException {

  private final long seconds;

  public RetryLater(String message, long seconds) {
    super(message, null, false, false);
    this.seconds = seconds;
  }

  public long seconds() {
    return seconds;
  }
}
