package org.kakehashi.scheduling;

import org.kakehashi.sessions.Session;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A session as an iCalendar file (ical4j): a stable UID per session and a SEQUENCE raised on every
 * change, so calendar programs update the event instead of adding a second one; a cancelled
 * session is sent with METHOD:CANCEL. Pure.
 */
public final class SessionCalendar {

  private SessionCalendar() {
  }

  public static String ics(Session s, String summary, String description, String url, String method) {
    return write(new Calendar()
        .withProdId("-//Kakehashi//Joint training sessions//JA")
        .withDefaults()
        .withProperty(new Method(method))
        .withComponent(event(s, summary, description, url, method))
        .getFluentTarget());
  }

  /** One entry of a feed: a session with its texts. */
  public record Entry(Session session, String summary, String description, String url) {
  }

  /** A subscribable calendar of many sessions (a person's private feed). */
  public static String feed(List<Entry> entries) {
    var calendar = new Calendar()
        .withProdId("-//Kakehashi//Joint training sessions//JA")
        .withDefaults()
        .withProperty(new Method("PUBLISH"));
    for (Entry e : entries) {
      calendar = calendar.withComponent(event(e.session(), e.summary(), e.description(), e.url(), "PUBLISH"));
    }
    return write(calendar.getFluentTarget());
  }

  private static VEvent event(Session s, String summary, String description, String url, String method) {
    VEvent event = new VEvent(s.startsAt().toInstant(), s.endsAt().toInstant(), summary);
    event.add(new Uid("session-" + s.id() + "@kakehashi"));
    event.add(new Sequence(s.sequence()));
    event.add(new DtStamp(Instant.now()));
    event.add(new Description(description));
    if (url != null) {
      event.add(new Url(URI.create(url)));
    }
    if (s.isCancelled() || "CANCEL".equals(method)) {
      event.add(new Status(Status.VALUE_CANCELLED));
    }
    return event;
  }

  private static String write(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
