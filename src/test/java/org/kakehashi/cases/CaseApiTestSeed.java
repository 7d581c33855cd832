package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import org.kakehashi.support.TestServer;

/** Rows the case tests need, written straight into the database (centers, a round, a pair's session). */
final class CaseApiTestSeed {

  static final String TOPICS = "[{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster readiness\"},"
      + "{\"key\":\"youth\",\"ja\":\"若者の参加\",\"en\":\"Youth\"}]";

  private CaseApiTestSeed() {
  }

  static long center(TestServer server, String code, String name, String city, String prefecture) {
    return server.sql("INSERT INTO center (code, name, city, prefecture, region) VALUES ($1, $2, $3, $4, '東北') RETURNING id",
        code, name, city, prefecture).iterator().next().getLong("id");
  }

  static long round(TestServer server, String title, long... centers) {
    long id = server.sql("INSERT INTO round (title, starts_on, ends_on, status, topics) VALUES ($1, '2026-01-01',"
        + " '2027-12-31', 'running', $2) RETURNING id", title, new JsonArray(TOPICS)).iterator().next().getLong("id");
    for (long c : centers) {
      server.sql("INSERT INTO round_center (round_id, center_id) VALUES ($1, $2)", id, c);
    }
    return id;
  }

  /** A session of two centers {@code days} from now (negative: in the past). */
  static long session(TestServer server, long round, long facilitator, long a, long b, int days, String status) {
    long pair = server.sql("INSERT INTO pair (round_id, score) VALUES ($1, 0) RETURNING id", round).iterator().next().getLong("id");
    server.sql("INSERT INTO pair_member (pair_id, round_id, center_id) VALUES ($1, $2, $3), ($1, $2, $4)", pair, round, a, b);
    return server.sql("INSERT INTO session (round_id, pair_id, starts_at, ends_at, facilitator_id, status)"
            + " VALUES ($1, $2, now() + make_interval(days => $4), now() + make_interval(days => $4, hours => 2), $3, $5)"
            + " RETURNING id", round, pair, facilitator, days, status)
        .iterator().next().getLong("id");
  }
}
