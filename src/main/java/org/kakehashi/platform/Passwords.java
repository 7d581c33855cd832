package org.kakehashi.platform;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Password hashing with Argon2id (19 MiB, 2 iterations, 1 lane: OWASP's minimum), always on a
 * worker thread because one hash takes tens of milliseconds; new passwords are held to a length and a
 * guessability rule (nbvcxz) first.
 */
public final class Passwords {

  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
  /**
   * Verified against when the e-mail is unknown, so that the answer takes as long either way. In a holder
   * class so that it is hashed on the first worker thread that needs it, never on the event loop at start
   * (under load that hash held the event loop for seconds and the first database connection timed out).
   */
  private static final class Dummy {
    static final String HASH = Password.hash("not-a-password").addRandomSalt(16).with(ARGON2).getResult();
  }

  public static final int MIN_LENGTH = 12;
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
        Password.check(password, Dummy.HASH).with(ARGON2);
        return false;
      }
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }, false);
  }

  /** Hashes on the calling thread; for start-up and tools, never on the event loop. */
  public static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** Checks a new password (see {@link #checkStrength}) on a worker thread, then hashes it there. */
  public Future<String> hashIfStrong(String password, String field, String... personal) {
    checkLength(password, field);
    return vertx.executeBlocking(() -> {
      checkStrength(password, field, personal);
      return hashNow(password);
    }, false);
  }

  /**
   * A 422 when a new password is too short (under {@link #MIN_LENGTH} characters), too long, or easy to
   * guess: nbvcxz estimates how many guesses it would take (common and breached passwords, words, names,
   * keyboard rows, sequences, repeats, dates, and the person's own name and e-mail in {@code personal}) and
   * anything under 35 bits of entropy is refused (README, "Security"). A few milliseconds of CPU: call it off
   * the event loop, as {@link #hashIfStrong} does.
   */
  public static void checkStrength(String password, String field, String... personal) {
    checkLength(password, field);
    Result result = Strength.estimate(password, personal);
    if (!result.isMinimumEntropyMet()) {
      String why = result.getFeedback().getWarning();
      String message = "The password is too easy to guess." + (why == null ? "" : " " + why);
      throw new ApiError(422, "invalid", message, field, new JsonObject().put("problems", new JsonArray()
          .add(new JsonObject().put("field", field).put("code", "weak_password").put("message", message))));
    }
  }

  private static void checkLength(String password, String field) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw ApiError.invalid(field, "The password must have at least " + MIN_LENGTH + " characters.");
    }
    if (password.length() > MAX_LENGTH) {
      throw ApiError.invalid(field, "The password must have at most " + MAX_LENGTH + " characters.");
    }
  }

  /** The estimator, with its dictionaries loaded once (on first use, on a worker thread). */
  private static final class Strength {
    static final List<Dictionary> DICTIONARIES = List.copyOf(ConfigurationBuilder.getDefaultDictionaries());
    static final Nbvcxz PLAIN = new Nbvcxz(new ConfigurationBuilder().setLocale(Locale.ENGLISH)
        .setDictionaries(withApp(List.of())).createConfiguration());

    static Result estimate(String password, String... personal) {
      List<String> words = new ArrayList<>();
      for (String p : personal) {
        if (p != null) {
          for (String w : p.toLowerCase(Locale.ROOT).split("[\\s@._+-]+")) {
            if (w.length() >= 3) {
              words.add(w);
            }
          }
        }
      }
      if (words.isEmpty()) {
        return PLAIN.estimate(password);
      }
      return new Nbvcxz(new ConfigurationBuilder().setLocale(Locale.ENGLISH).setDictionaries(withApp(words))
          .createConfiguration()).estimate(password);
    }

    /** The default dictionaries, plus the app's own name and the person's words, as the first guesses tried. */
    private static List<Dictionary> withApp(List<String> words) {
      List<Dictionary> all = new ArrayList<>(DICTIONARIES);
      List<String> own = new ArrayList<>(List.of("kakehashi", "かけはし", "架け橋", "kominkan", "公民館"));
      own.addAll(words);
      all.add(new DictionaryBuilder().setDictionaryName("kakehashi").setExclusion(false).addWords(own, 1).createDictionary());
      return all;
    }
  }
}
