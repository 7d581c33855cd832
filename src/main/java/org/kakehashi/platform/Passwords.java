package org.kakehashi.platform;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * Password hashing with Argon2id (19 MiB, 2 iterations, 1 lane: OWASP's minimum), always on a
 * worker thread because one hash takes tens of milliseconds.
 */
public final class Passwords {

  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
  /** Verified against when the e-mail is unknown, so that the answer takes as long either way. */
  private static final String DUMMY = Password.hash("not-a-password").addRandomSalt(16).with(ARGON2).getResult();

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 256;

  private final Vertx vertx;
  /** Every password check, counted ({@code kakehashi_password_checks_total} on /metrics): the throttle's test counts them. */
  private final Counter checks;

  public Passwords(Vertx vertx, MeterRegistry registry) {
    this.vertx = vertx;
    this.checks = Counter.builder("kakehashi.password.checks").description("password checks (Argon2 verifications)")
        .register(registry);
  }

  /** The encoded hash of a password. */
  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hashNow(password), false);
  }

  /** Whether {@code password} matches {@code hash}; a null hash (no password set) never matches. */
  public Future<Boolean> verify(String password, String hash) {
    checks.increment();
    return vertx.executeBlocking(() -> {
      if (hash == null) {
        Password.check(password, DUMMY).with(ARGON2);
        return false;
      }
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }, false);
  }

  /** Hashes on the calling thread; for start-up and tools, never on the event loop. */
  public static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** A 422 when a new password is too short or too long. */
  public static void checkStrength(String password, String field) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw ApiError.invalid(field, "The password must have at least " + MIN_LENGTH + " characters.");
    }
    if (password.length() > MAX_LENGTH) {
      throw ApiError.invalid(field, "The password must have at most " + MAX_LENGTH + " characters.");
    }
  }
}
