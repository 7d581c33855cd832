package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Outbox;

import java.util.List;

/**
 * The calendar invitation of a person whose own place changed (README, "Calendar invitations"): a
 * METHOD:REQUEST when their seat is confirmed (they signed up, moved up from the waitlist, or a
 * coordinator added them), a METHOD:CANCEL when they give it up or are removed. Queued in the
 * outbox ({@value #KIND}) in the transaction — for a sign-up, in the very statement — that changed
 * the seat; scheduling writes the .ics and the e-mail when it is delivered (signup must not depend on
 * scheduling). Each change raises the person's count in {@code calendar_sequence}, so the event's
 * SEQUENCE in their files (the session's sequence plus that count) only ever goes up.
 */
public final class SeatInvitations {

  /** The outbox kind; payload {@code {sessionId, personId, method, reason, sequence, to}}. */
  public static final String KIND = "session_invitation";

  /** Why the person is told: their seat was confirmed (REQUEST) or taken back (CANCEL). */
  public enum Reason {
    SIGNED_UP("REQUEST"), ADDED("REQUEST"), PROMOTED("REQUEST"), CANCELLED("CANCEL"), REMOVED("CANCEL");

    public final String method;

    Reason(String method) {
      this.method = method;
    }

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Reason of(String key) {
      return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private SeatInvitations() {
  }

  /**
   * CTEs to append to a statement that has a CTE {@code ins} returning {@code status} for person
   * {@code $2} in session {@code $1}: when the seat is confirmed, the person's count goes up and the
   * REQUEST is queued, in the same statement (the one-round-trip sign-up stays one round trip).
   */
  static String afterRegistration(Reason reason) {
    return """
        ,
        bumped AS (
          INSERT INTO calendar_sequence (session_id, person_id, bumps)
          SELECT $1, $2, 1 FROM ins WHERE ins.status = 'confirmed'
          ON CONFLICT (session_id, person_id) DO UPDATE SET bumps = calendar_sequence.bumps + 1
          RETURNING bumps),
        queued AS (""" + Outbox.QUEUE + """
          SELECT '%s', jsonb_build_object('sessionId', $1::bigint, 'personId', $2::bigint, 'method', '%s', 'reason', '%s',
                 'sequence', (SELECT sequence FROM session WHERE id = $1) + b.bumps,
                 'to', (SELECT email::text FROM person WHERE id = $2))
            FROM bumped b)
        """.formatted(KIND, reason.method, reason.key());
  }

  /** Queues the invitation (REQUEST or CANCEL, by {@code reason}) of each person, raising their count; inside the caller's transaction. */
  public static Future<Void> tell(SqlClient tx, long sessionId, List<Long> people, Reason reason) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            WITH bumped AS (
              INSERT INTO calendar_sequence (session_id, person_id, bumps)
              SELECT $1, u.p, 1 FROM unnest($2::bigint[]) AS u(p)
              ON CONFLICT (session_id, person_id) DO UPDATE SET bumps = calendar_sequence.bumps + 1
              RETURNING person_id, bumps)
            """ + Outbox.QUEUE + """
            SELECT $3, jsonb_build_object('sessionId', $1::bigint, 'personId', b.person_id, 'method', $4::text, 'reason', $5::text,
                   'sequence', s.sequence + b.bumps, 'to', p.email::text)
              FROM bumped b JOIN session s ON s.id = $1 JOIN person p ON p.id = b.person_id
             ORDER BY b.person_id""")
        .execute(Tuple.of(sessionId, people.toArray(Long[]::new), KIND, reason.method, reason.key()))
        .mapEmpty();
  }

  /** SQL for the SEQUENCE of session {@code s}'s event in files for person {@code personExpr}. */
  public static String sequenceSql(String personExpr) {
    return "(s.sequence + coalesce((SELECT q.bumps FROM calendar_sequence q WHERE q.session_id = s.id AND q.person_id = "
        + personExpr + "), 0))";
  }
}
