package org.kakehashi.scheduling;

import org.kakehashi.sessions.Session;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to send when sessions are planned, moved or cancelled: an e-mail with the .ics to every
 * participant (the staff of its centers, everyone with a confirmed seat whatever their center, its
 * facilitator), each with a file naming them (REQUEST, or CANCEL) and the session's programme, and reminders before each
 * session that still happens; and the updated invitation when only the join link changed. Every file's SUMMARY
 * and every Subject carry the session's title ({@link SessionCalendar#title}: the round's and its cities). Pure.
 */
record Announcements(List<Email> mails, List<Outbox.Timed> reminders) {

  /** The outbox reference of a session's reminders. */
  static String ref(long sessionId) {
    return "reminders:session:" + sessionId;
  }

  /** {@code titles}: each session's {@link SessionCalendar#title}, by id ({@link SchedulingStore#titles}). */
  static Announcements of(Map<Long, String> titles, List<Session> sessions, List<SchedulingStore.Participant> people,
                          SessionCalendar.Identity identity, String publicUrl, List<Duration> remindersBefore,
                          OffsetDateTime now, Map<Long, String[]> programmes) {
    Map<Long, Session> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    List<Email> mails = new ArrayList<>();
    List<Outbox.Timed> reminders = new ArrayList<>();
    for (SchedulingStore.Participant p : people) {
      Session s = byId.get(p.sessionId());
      boolean cancelled = s.isCancelled();
      String title = titles.get(s.id());
      String link = publicUrl + "/#/sessions/" + s.id();
      String programme = cancelled ? null : SessionAgenda.in(programmes.get(s.id()), p.locale());
      // One file per person, naming them as the ATTENDEE; the join link only for those who may join.
      String ics = SessionCalendar.invitation(identity,
          new SessionCalendar.Entry(s, title, programme, link, p.mayJoin() ? s.joinUrl() : null, p.sequence()),
          new Email.Address(p.name(), p.email()), cancelled ? "CANCEL" : "REQUEST");
      mails.add(SessionMail.compose(p, s, title, ics, link, programme));
      if (!cancelled) {
        for (Duration before : remindersBefore) {
          OffsetDateTime at = s.startsAt().minus(before);
          if (at.isAfter(now)) {
            reminders.add(new Outbox.Timed(ref(s.id()), SessionMail.reminder(p, s, title, link), at));
          }
        }
      }
    }
    return new Announcements(mails, reminders);
  }

  /**
   * The updated invitation when the session's join link is new (its Zoom meeting was just created, after
   * files without a link went out) or changed (the meeting was re-created on another host licence): a
   * REQUEST with the link and the person's raised SEQUENCE to each of {@code people} who may join (the
   * others' files carry no link, so nothing changed for them). {@code title}: the session's {@link SessionCalendar#title}.
   */
  static List<Email> joinLink(String title, Session s, List<SchedulingStore.Participant> people,
                              SessionCalendar.Identity identity, String publicUrl, String[] programme, boolean changed) {
    List<Email> mails = new ArrayList<>();
    String link = publicUrl + "/#/sessions/" + s.id();
    for (SchedulingStore.Participant p : people) {
      if (!p.mayJoin() || s.joinUrl() == null || s.isCancelled()) {
        continue;
      }
      String text = SessionAgenda.in(programme, p.locale());
      String ics = SessionCalendar.invitation(identity,
          new SessionCalendar.Entry(s, title, text, link, s.joinUrl(), p.sequence()),
          new Email.Address(p.name(), p.email()), "REQUEST");
      mails.add(changed ? SessionMail.joinLinkChanged(p, s, title, ics, link, text)
          : SessionMail.joinLinkReady(p, s, title, ics, link, text));
    }
    return mails;
  }
}
