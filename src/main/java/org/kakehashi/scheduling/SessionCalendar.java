package org.kakehashi.scheduling;

import org.kakehashi.sessions.Session;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.component.Standard;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.CuType;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.TzId;
import net.fortuna.ical4j.model.property.TzName;
import net.fortuna.ical4j.model.property.TzOffsetFrom;
import net.fortuna.ical4j.model.property.TzOffsetTo;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import org.kakehashi.platform.Email;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Sessions as iCalendar (RFC 5545) in the iTIP forms of RFC 5546, written with ical4j (README,
 * "Calendar invitations"): one DTSTAMP per event; ORGANIZER the configured sender; on a REQUEST or
 * CANCEL exactly one ATTENDEE, the person the message goes to (so one message per person); a UID
 * under the public address's domain that stays the same for the session, and its SEQUENCE, raised
 * on every change, so calendar programs update or remove the event instead of adding one; the Zoom
 * join link as LOCATION and URL only in a file made for someone allowed to join; lines folded at 75
 * octets, never inside a UTF-8 sequence; a feed with no sessions is still a valid calendar (it holds
 * the Japan time zone); SUMMARY the round's title and the session's cities ({@link #title}), so two
 * sessions of one round in one person's calendar read differently. Pure.
 */
public final class SessionCalendar {

  static final String PRODID = "-//Kakehashi//Joint training sessions//JA";
  private static final int FOLD_OCTETS = 75;

  private SessionCalendar() {
  }

  /** Who sends the invitations (the configured mail sender) and the domain every UID lives under. */
  public record Identity(String domain, Email.Address organizer) {

    public static Identity of(String publicUrl, String mailFrom) {
      return new Identity(Email.domain(publicUrl), Email.Address.parse(mailFrom));
    }
  }

  /**
   * One session as one person's calendar shows it. {@code summary} is its {@link #title}; {@code
   * joinUrl} only for someone allowed to join or run it (null otherwise); {@code details} is free text
   * added to the description after the title and before the session page (the place for a programme), or null. {@code sequence}
   * is the event's SEQUENCE in this person's files: the session's, plus how often their own place
   * changed (so their CANCEL after their REQUEST is always newer).
   */
  public record Entry(Session session, String summary, String details, String pageUrl, String joinUrl, int sequence) {

    /** With the session's own SEQUENCE (a file for nobody in particular). */
    public Entry(Session session, String summary, String details, String pageUrl, String joinUrl) {
      this(session, summary, details, pageUrl, joinUrl, session.sequence());
    }

    /** The event's description: title, details, Zoom link (for those allowed), the session page. */
    String description() {
      StringBuilder d = new StringBuilder(summary);
      if (details != null && !details.isBlank()) {
        d.append("\n\n").append(details.strip());
      }
      if (joinUrl != null) {
        d.append("\n\nZoom: ").append(joinUrl);
      }
      return d.append("\n").append(pageUrl).toString();
    }
  }

  /**
   * A session's title as calendars and e-mail subjects show it: the round's title, then its pair's (or
   * trio's) cities in center order, as the web page joins a session's centers ({@code " × "}), within
   * full-width parentheses: {@code 2026年度 冬の地域間合同研修（名取市 × 松江市）}. A city named twice is
   * named once; with no city known, the round's title alone (README, "Calendar invitations").
   */
  public static String title(String roundTitle, List<String> cities) {
    List<String> named = cities == null ? List.of()
        : cities.stream().filter(c -> c != null && !c.isBlank()).map(String::strip).distinct().toList();
    String round = roundTitle == null ? "" : roundTitle;
    return named.isEmpty() ? round : round + "（" + String.join(" × ", named) + "）";
  }

  /** The UID of a session's event, stable for the session's life and unique to this installation's domain. */
  public static String uid(long sessionId, String domain) {
    return "session-" + sessionId + "@" + domain;
  }

  /** A METHOD:REQUEST (new or changed) or METHOD:CANCEL invitation for one attendee. */
  public static String invitation(Identity id, Entry entry, Email.Address attendee, String method) {
    if (!"REQUEST".equals(method) && !"CANCEL".equals(method)) {
      throw new IllegalArgumentException("an invitation is a REQUEST or a CANCEL, not " + method);
    }
    VEvent event = event(id, entry, "CANCEL".equals(method));
    Attendee a = new Attendee(mailto(attendee.address()));
    if (attendee.name() != null && !attendee.name().isBlank()) {
      a.add(new Cn(attendee.name()));
    }
    a.add(CuType.INDIVIDUAL);
    a.add(Role.REQ_PARTICIPANT);
    a.add(PartStat.NEEDS_ACTION);
    a.add(Rsvp.FALSE);
    event.add(a);
    return write(calendar(method).withComponent(event).getFluentTarget());
  }

  /** A METHOD:PUBLISH calendar of any number of sessions (a download, a person's private feed); never empty. */
  public static String publish(Identity id, List<Entry> entries) {
    var calendar = calendar("PUBLISH");
    for (Entry e : entries) {
      calendar = calendar.withComponent(event(id, e, e.session().isCancelled()));
    }
    return write(calendar.getFluentTarget());
  }

  private static net.fortuna.ical4j.model.FluentCalendar calendar(String method) {
    return new Calendar()
        .withProdId(PRODID)
        .withDefaults()
        .withProperty(new Method(method))
        .withComponent(japanTime());
  }

  /** Japan time (no daylight saving since 1951), written out so that no time-zone data is fetched. */
  private static VTimeZone japanTime() {
    Standard standard = new Standard();
    standard.add(new DtStart<>(LocalDateTime.of(1970, 1, 1, 0, 0)));
    standard.add(new TzOffsetFrom(ZoneOffset.ofHours(9)));
    standard.add(new TzOffsetTo(ZoneOffset.ofHours(9)));
    standard.add(new TzName("JST"));
    VTimeZone zone = new VTimeZone(new ComponentList<>(List.of(standard)));
    zone.add(new TzId("Asia/Tokyo"));
    return zone;
  }

  private static VEvent event(Identity id, Entry e, boolean cancelled) {
    Session s = e.session();
    VEvent event = new VEvent(false);
    event.add(new DtStamp(Instant.now()));
    event.add(new Uid(uid(s.id(), id.domain())));
    event.add(new Sequence(e.sequence()));
    event.add(new DtStart<>(s.startsAt().toInstant()));
    event.add(new DtEnd<>(s.endsAt().toInstant()));
    event.add(new Summary(e.summary()));
    event.add(new Description(e.description()));
    Organizer organizer = new Organizer(mailto(id.organizer().address()));
    if (id.organizer().name() != null && !id.organizer().name().isBlank()) {
      organizer.add(new Cn(id.organizer().name()));
    }
    event.add(organizer);
    if (e.joinUrl() != null) {
      event.add(new Location(e.joinUrl()));
      event.add(new Url(URI.create(e.joinUrl())));
    } else {
      event.add(new Url(URI.create(e.pageUrl())));
    }
    event.add(new Status(cancelled ? Status.VALUE_CANCELLED : Status.VALUE_CONFIRMED));
    return event;
  }

  private static URI mailto(String address) {
    return URI.create("mailto:" + address);
  }

  private static String write(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // ical4j folds by characters (and may split a surrogate pair): unfold, then fold by octets.
    return fold(out.toString().replace("\r\n ", "").replace("\r\n\t", ""));
  }

  /**
   * Folds every content line to at most 75 octets (RFC 5545 §3.1), breaking only between code
   * points, so no UTF-8 sequence (an emoji, 𠮷) is ever split across two lines.
   */
  static String fold(String unfolded) {
    StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 50);
    for (String line : unfolded.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int octets = 0;
      int i = 0;
      while (i < line.length()) {
        int cp = line.codePointAt(i);
        int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (octets + len > FOLD_OCTETS) {
          out.append("\r\n ");
          octets = 1;
        }
        out.appendCodePoint(cp);
        octets += len;
        i += Character.charCount(cp);
      }
      out.append("\r\n");
    }
    return out.toString();
  }
}
