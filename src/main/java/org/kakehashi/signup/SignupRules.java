package org.kakehashi.signup;

import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Principal;
import org.kakehashi.rounds.RoundAccess;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.sessions.SessionStatus;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The rules a sign-up by staff must meet, written once in Java ({@link #check}, which says which rule
 * failed) and once in SQL ({@link #ALLOWED}, the one-statement path's filter, for speed). They hold
 * the same answers: {@code SignupRulesTest} runs both over every combination of the inputs. Pure.
 *
 * <ol>
 *   <li>topics: one to three of the round's keys, each once (none when the round has none);</li>
 *   <li>the signer sees the session ({@link SessionAccess#canSee}; else 404, as for an id that does not
 *       exist) and may join it ({@link SessionAccess#mayJoin}; else 403 {@code not_eligible});</li>
 *   <li>the session takes sign-ups: scheduled, after {@code signup_opens_at}, before {@code signup_closes_at}.</li>
 * </ol>
 * A coordinator passes rules 2 and 3. A per-center quota always takes the slow path (its count must
 * see every committed sign-up), so the SQL requires there is none.
 */
public final class SignupRules {

  /** What the rules look at. */
  public record Facts(String status, OffsetDateTime opensAt, OffsetDateTime closesAt, boolean openToAll,
                      List<Long> centerIds, boolean signerCenterInRound, List<String> topicKeys) {
  }

  /**
   * The same rules in SQL for {@code $1} session, {@code $3} topics, {@code $5} the signer's center,
   * {@code $6} the signer is a coordinator. Only staff-visible sessions pass: an open-to-all session
   * or one of the signer's center (which is then in the round).
   */
  public static final String ALLOWED = "SELECT 1 FROM session s JOIN round r ON r.id = s.round_id WHERE s.id = $1 AND "
      + allowedWhere("$3::text[]", "$5", "$6");

  /**
   * The condition of {@link #ALLOWED} over session {@code s} and its round {@code r}, for the given SQL
   * expressions of the topics ({@code text[]}), the signer's center and whether the signer is a
   * coordinator: the one definition that the one-statement path and the batched path
   * ({@link RegistrationStore#registerAllIfAllowed}, one row per sign-up) both use.
   */
  static String allowedWhere(String topics, String center, String coordinator) {
    return """
        s.center_quota IS NULL
         AND (%3$s OR (s.status = 'scheduled'
                     AND (s.signup_opens_at IS NULL OR now() >= s.signup_opens_at)
                     AND (s.signup_closes_at IS NULL OR now() <= s.signup_closes_at)
                     AND (s.open_to_all OR EXISTS (SELECT 1 FROM pair_member m
                                                    WHERE m.pair_id = s.pair_id AND m.center_id = %2$s))))
         AND CASE WHEN jsonb_array_length(r.topics) = 0 THEN cardinality(%1$s) = 0
                  ELSE cardinality(%1$s) BETWEEN 1 AND 3
                       AND cardinality(%1$s) = (SELECT count(DISTINCT t) FROM unnest(%1$s) AS t)
                       AND %1$s <@ ARRAY(SELECT t->>'key' FROM jsonb_array_elements(r.topics) AS t) END""".formatted(topics, center, coordinator);
  }

  private SignupRules() {
  }

  /** Throws the answer for the first rule that fails. */
  public static void check(Principal me, Facts f, List<String> topics, OffsetDateTime now) {
    checkTopics(f.topicKeys(), topics);
    if (me.isCoordinator()) {
      return;
    }
    if (!SessionAccess.canSee(me, RoundAccess.canSee(me, f.signerCenterInRound()), f.openToAll())) {
      throw ApiError.notFound("Session");
    }
    if (!SessionAccess.mayJoin(me, f.centerIds(), f.openToAll())) {
      throw new ApiError(403, "not_eligible", "This session is for the staff of its two centers.");
    }
    if (SessionStatus.of(f.status()) == null || !SessionStatus.of(f.status()).takesSignUps()) {
      throw ApiError.conflict("signup_closed", "This session no longer takes sign-ups.");
    }
    if (f.opensAt() != null && now.isBefore(f.opensAt())) {
      throw ApiError.conflict("signup_not_open", "Sign-up opens at " + f.opensAt() + ".");
    }
    if (f.closesAt() != null && now.isAfter(f.closesAt())) {
      throw ApiError.conflict("signup_closed", "Sign-up closed at " + f.closesAt() + ".");
    }
  }

  /** Whether every rule holds (what {@link #ALLOWED} answers, quota aside). */
  public static boolean allowed(Principal me, Facts f, List<String> topics, OffsetDateTime now) {
    try {
      check(me, f, topics, now);
      return true;
    } catch (ApiError e) {
      return false;
    }
  }

  static void checkTopics(List<String> keys, List<String> topics) {
    if (!keys.isEmpty() && (topics.isEmpty() || topics.size() > 3)) {
      throw ApiError.invalid("topics", "Rank one to three topics of the round.");
    }
    if (topics.size() != topics.stream().distinct().count()) {
      throw ApiError.invalid("topics", "A topic is ranked twice.");
    }
    for (String t : topics) {
      if (!keys.contains(t)) {
        throw ApiError.invalid("topics", "Unknown topic " + t + ".");
      }
    }
  }
}
