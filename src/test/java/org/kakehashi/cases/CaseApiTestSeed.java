package org.kakehashi.cases;

import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.time.OffsetDateTime;

/** Rows the case tests need (centers, a round, a pair's session), written through their owners' stores ({@link Fixtures}). */
final class CaseApiTestSeed {

  static final String TOPICS = "[{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster readiness\"},"
      + "{\"key\":\"youth\",\"ja\":\"若者の参加\",\"en\":\"Youth\"}]";

  private CaseApiTestSeed() {
  }

  /** A center through the directory (its region follows from the prefecture: 宮城県 東北, 島根県 中国, 兵庫県 近畿 …). */
  static long center(TestServer server, String code, String name, String city, String prefecture) {
    return new Fixtures(server).center(code, name, city, prefecture);
  }

  /** A running round of 2026–2027 with the two {@link #TOPICS}. */
  static long round(TestServer server, String title, long... centers) {
    Long[] ids = java.util.Arrays.stream(centers).boxed().toArray(Long[]::new);
    return new Fixtures(server).round(title).dates("2026-01-01", "2027-12-31").status("running").topics(TOPICS)
        .centers(ids).create();
  }

  /** A two-hour session of two centers {@code days} from now (negative: in the past), {@code "held"} or {@code "scheduled"}. */
  static long session(TestServer server, long round, long facilitator, long a, long b, int days, String status) {
    Fixtures fx = new Fixtures(server);
    OffsetDateTime start = OffsetDateTime.now().plusDays(days);
    Fixtures.SessionBuilder session = fx.session(round, fx.pair(round, a, b)).at(start, start.plusHours(2)).facilitator(facilitator);
    switch (status) {
      case "held" -> session.held();
      case "scheduled" -> { }
      default -> throw new IllegalArgumentException("a seeded session is held or scheduled, not " + status);
    }
    return session.create();
  }
}
