package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * A session's programme (進行表) as plain text in a language ({@code ja}, or {@code en}), or null when there
 * is none, for the invitation e-mail, the .ics DESCRIPTION and the Zoom meeting's agenda (README, "The
 * programme"). The cases capability knows it, but it comes after scheduling in the dependency order, so
 * the app hands the function in. {@code client} is the caller's transaction when there is one.
 */
@FunctionalInterface
public interface SessionAgenda {

  /** No programme anywhere (a test or a tool that does not wire cases). */
  SessionAgenda NONE = (client, sessionId) -> Future.succeededFuture(new String[] {null, null});

  /** The programme in Japanese and in English, as {@code [ja, en]} (either null), from one read. */
  Future<String[]> texts(SqlClient client, long sessionId);

  /** As {@link #texts}; a programme that cannot be read never holds an invitation or a meeting back. */
  default Future<String[]> both(SqlClient client, long sessionId) {
    return texts(client, sessionId).otherwise(err -> new String[] {null, null});
  }

  /** The programme in one language ({@code ja}, or {@code en}), or null. */
  default Future<String> text(SqlClient client, long sessionId, String locale) {
    return both(client, sessionId).map(both -> in(both, locale));
  }

  /** The one of {@code both} for a person's locale. */
  static String in(String[] both, String locale) {
    return both == null ? null : "en".equals(locale) ? both[1] : both[0];
  }
}
