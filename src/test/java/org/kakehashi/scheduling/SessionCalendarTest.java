package org.kakehashi.scheduling;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.Email;
import org.kakehashi.sessions.Session;
import org.kakehashi.support.Ics;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class SessionCalendarTest {

  static final SessionCalendar.Identity ID = SessionCalendar.Identity.of("https://kakehashi.example.jp:8443",
      "かけはし事務局 <no-reply@kakehashi.example.jp>");
  static final String TITLE = SessionCalendar.title("冬の合同研修 🎉🌸 𠮷野家の𠮷 👨‍👩‍👧‍👦 ".repeat(3), List.of("名取市", "松江市"));

  static Session session(int sequence, String status, String joinUrl) {
    return new Session(7, 1, 1, List.of(1L, 2L), OffsetDateTime.parse("2027-01-20T19:00:00+09:00"),
        OffsetDateTime.parse("2027-01-20T20:30:00+09:00"), null, null, 30, 0, 0, null, null, joinUrl, status, sequence,
        true, null);
  }

  static SessionCalendar.Entry entry(Session s, String joinUrl) {
    return new SessionCalendar.Entry(s, TITLE, "13:00 開会\n13:10 事例 A（名取）", "https://kakehashi.example.jp/#/sessions/7", joinUrl);
  }

  /** A REQUEST for one recipient (other tests send it). */
  public static String requestFor(String email) {
    return SessionCalendar.invitation(ID, entry(session(1, "scheduled", null), null), new Email.Address("山田 花子", email), "REQUEST");
  }

  @Test
  @DisplayName("a REQUEST: one DTSTAMP, the sender as ORGANIZER, the recipient as the one ATTENDEE, a UID under the public domain")
  void request() {
    String ics = SessionCalendar.invitation(ID, entry(session(3, "scheduled", "https://zoom.us/j/1"), "https://zoom.us/j/1"),
        new Email.Address("山田 花子", "hanako@example.jp"), "REQUEST");
    Calendar c = Ics.valid(ics);
    VEvent e = (VEvent) c.getComponent("VEVENT").orElseThrow();
    assertThat(e.getUid().orElseThrow().getValue()).isEqualTo("session-7@kakehashi.example.jp");
    assertThat(e.getSequence().getSequenceNo()).isEqualTo(3);
    assertThat(e.getProperty("ORGANIZER").orElseThrow().getValue()).isEqualTo("mailto:no-reply@kakehashi.example.jp");
    assertThat(e.getProperty("ORGANIZER").orElseThrow().getParameter("CN").orElseThrow().getValue()).isEqualTo("かけはし事務局");
    assertThat(e.getProperty("ATTENDEE").orElseThrow().getValue()).isEqualTo("mailto:hanako@example.jp");
    assertThat(e.getProperty("ATTENDEE").orElseThrow().getParameter("CN").orElseThrow().getValue()).isEqualTo("山田 花子");
    assertThat(e.getSummary().getValue()).isEqualTo(TITLE);
    assertThat(e.getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("https://zoom.us/j/1");
    assertThat(e.getProperty("URL").orElseThrow().getValue()).isEqualTo("https://zoom.us/j/1");
    assertThat(e.getDescription().getValue()).contains("13:10 事例 A（名取）").contains("Zoom: https://zoom.us/j/1");
  }

  @Test
  @DisplayName("a session's title: the round's, then its pair's or trio's cities joined as the web page joins them")
  void title() {
    assertThat(SessionCalendar.title("2026年度 冬の地域間合同研修", List.of("名取市", "松江市")))
        .isEqualTo("2026年度 冬の地域間合同研修（名取市 × 松江市）");
    assertThat(SessionCalendar.title("2026年度 冬の地域間合同研修", List.of("那覇市", "裾野市", "札幌市")))
        .as("a trio names three cities").isEqualTo("2026年度 冬の地域間合同研修（那覇市 × 裾野市 × 札幌市）");
    assertThat(SessionCalendar.title("冬", List.of("名取市", " 名取市 ", "松江市"))).as("a city once").isEqualTo("冬（名取市 × 松江市）");
    assertThat(SessionCalendar.title("冬", List.of())).as("no city known: the round's title").isEqualTo("冬");
    assertThat(TITLE).endsWith("👨‍👩‍👧‍👦 （名取市 × 松江市）");
  }

  @Test
  @DisplayName("two sessions of one person (her pair's, a trio's open to all) have different SUMMARY values in her feed")
  void twoSessionsDiffer() {
    Session own = session(1, "scheduled", null);
    Session open = new Session(8, 1, 2, List.of(3L, 4L, 5L), OffsetDateTime.parse("2027-01-27T19:00:00+09:00"),
        OffsetDateTime.parse("2027-01-27T20:30:00+09:00"), null, null, 30, 0, 0, null, null, null, "scheduled", 0, true, null);
    String round = "2026年度 冬の地域間合同研修";
    Calendar c = Ics.valid(SessionCalendar.publish(ID, List.of(
        new SessionCalendar.Entry(own, SessionCalendar.title(round, List.of("名取市", "松江市")), null, "https://k/#/sessions/7", null),
        new SessionCalendar.Entry(open, SessionCalendar.title(round, List.of("那覇市", "裾野市", "札幌市")), null,
            "https://k/#/sessions/8", null))));
    assertThat(c.getComponents("VEVENT").stream().map(e -> e.getProperty("SUMMARY").orElseThrow().getValue()).toList())
        .containsExactly(round + "（名取市 × 松江市）", round + "（那覇市 × 裾野市 × 札幌市）");
  }

  @Test
  @DisplayName("folding at 75 octets never splits an emoji or 𠮷, and unfolds back to the same text")
  void foldingByOctets() {
    String ics = SessionCalendar.invitation(ID, entry(session(0, "scheduled", null), null),
        new Email.Address("𠮷田 🎉", "yoshida@example.jp"), "REQUEST");
    Ics.octets(ics);
    assertThat(ics).contains("\r\n ");
    // Every line of a folded title is full to within one character of 75 octets.
    String unfolded = ics.replace("\r\n ", "");
    assertThat(unfolded).contains("SUMMARY:" + TITLE.replace(",", "\\,") + "\r\n");
    assertThat(Ics.valid(ics).getComponent("VEVENT").map(c -> ((VEvent) c).getSummary().getValue()).orElseThrow())
        .isEqualTo(TITLE);
  }

  @Test
  @DisplayName("a CANCEL carries ORGANIZER, ATTENDEE and STATUS:CANCELLED; nobody not allowed gets the join link")
  void cancel() {
    String ics = SessionCalendar.invitation(ID, entry(session(5, "cancelled", "https://zoom.us/j/1"), null),
        new Email.Address(null, "guest@example.jp"), "CANCEL");
    Calendar c = Ics.valid(ics);
    assertThat(c.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("CANCEL");
    VEvent e = (VEvent) c.getComponent("VEVENT").orElseThrow();
    assertThat(e.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
    assertThat(e.getProperty("LOCATION")).isEmpty();
    assertThat(ics).doesNotContain("zoom.us");
  }

  @Test
  @DisplayName("an empty feed is still a valid calendar; a feed of sessions is a valid PUBLISH")
  void feeds() {
    Ics.valid(SessionCalendar.publish(ID, List.of()));
    Calendar c = Ics.valid(SessionCalendar.publish(ID, List.of(entry(session(1, "scheduled", null), null),
        entry(session(2, "cancelled", null), null))));
    assertThat(c.getComponents("VEVENT")).hasSize(2);
  }

  @Test
  @DisplayName("vobject and python-icalendar read every kind of file (run where python3 has them)")
  void python() throws Exception {
    assumeTrue(Ics.pythonAvailable(), "python3-vobject / python3-icalendar not installed");
    List<String> seen = Ics.python(List.of(
        SessionCalendar.invitation(ID, entry(session(3, "scheduled", "https://zoom.us/j/1"), "https://zoom.us/j/1"),
            new Email.Address("𠮷田 🎉", "yoshida@example.jp"), "REQUEST"),
        SessionCalendar.invitation(ID, entry(session(4, "cancelled", null), null),
            new Email.Address("𠮷田 🎉", "yoshida@example.jp"), "CANCEL"),
        SessionCalendar.publish(ID, List.of()),
        SessionCalendar.publish(ID, List.of(entry(session(1, "scheduled", null), null)))));
    assertThat(seen).hasSize(4);
    assertThat(seen.get(0)).startsWith("REQUEST session-7@kakehashi.example.jp 3 mailto:no-reply@kakehashi.example.jp mailto:yoshida@example.jp");
    assertThat(seen.get(1)).startsWith("CANCEL session-7@kakehashi.example.jp 4 mailto:no-reply@kakehashi.example.jp");
    assertThat(seen.get(2)).isEqualTo("PUBLISH empty");
    assertThat(seen.get(0)).endsWith(TITLE.replace(" ", "_"));
  }
}
