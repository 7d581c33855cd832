package org.kakehashi.scheduling;

import org.kakehashi.sessions.Session;
import org.kakehashi.platform.Email;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The e-mail announcing (or cancelling) a session, in the participant's language, with its .ics. Pure. */
final class SessionMail {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private SessionMail() {
  }

  /** A reminder shortly before the session. */
  static Email reminder(SchedulingStore.Participant p, Session s, String roundTitle, String link) {
    String when = when(p, s);
    if ("en".equals(p.locale())) {
      return new Email(p.email(), "Reminder: " + roundTitle + " — " + when + " (Japan time)",
          "Dear " + p.name() + ",\n\nA reminder of your joint online session: " + when + " (Japan time).\n"
              + "Your Zoom link and breakout room: " + link + "\n");
    }
    return new Email(p.email(), "【リマインド】" + roundTitle + " " + when,
        p.name() + " 様\n\nオンライン合同研修のお知らせです：" + when + "（日本時間）\n"
            + "Zoom のリンクとブレイクアウトルームはこちら：" + link + "\n");
  }

  private static String when(SchedulingStore.Participant p, Session s) {
    return s.startsAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern(
        "en".equals(p.locale()) ? "EEE d MMM yyyy, HH:mm" : "yyyy年M月d日(E) H:mm", Locale.forLanguageTag(p.locale())))
        + "–" + s.endsAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern("HH:mm"));
  }

  static Email compose(SchedulingStore.Participant p, Session s, String roundTitle, String ics, String link) {
    boolean cancelled = s.isCancelled();
    String when = when(p, s);
    List<Email.Attachment> files = List.of(new Email.Attachment("kakehashi-session-" + s.id() + ".ics",
        "text/calendar; method=" + (cancelled ? "CANCEL" : "REQUEST") + "; charset=utf-8", ics));
    if ("en".equals(p.locale())) {
      return new Email(p.email(), (cancelled ? "Cancelled: " : "Session: ") + roundTitle + " — " + when + " (Japan time)",
          """
          Dear %s,

          %s
            %s (Japan time)

          The calendar file is attached. Sign up and find the Zoom link here: %s
          """.formatted(p.name(), cancelled ? "This session has been cancelled:" : "Your joint online session is scheduled:",
              when, link), files);
    }
    return new Email(p.email(), (cancelled ? "【中止】" : "【日程決定】") + roundTitle + " " + when,
        """
        %s 様

        %s
          %s（日本時間）

        カレンダー用ファイルを添付しています。参加申込と Zoom のリンクはこちら：%s
        """.formatted(p.name(), cancelled ? "次のオンライン合同研修は中止になりました。" : "オンライン合同研修の日程が決まりました。",
            when, link), files);
  }
}
