package org.kakehashi.scheduling;

import org.kakehashi.sessions.Session;
import org.kakehashi.platform.Email;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The e-mail announcing (or cancelling) a session, in the participant's language, with its .ics and (not in a
 * cancellation) its programme; each Subject names the session by its title ({@link SessionCalendar#title}: the
 * round's and its cities), as the file's SUMMARY does. Pure.
 */
final class SessionMail {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private SessionMail() {
  }

  /** A reminder shortly before the session. */
  static Email reminder(SchedulingStore.Participant p, Session s, String title, String link) {
    String when = when(p, s);
    if ("en".equals(p.locale())) {
      return new Email(p.email(), "Reminder: " + title + " — " + when + " (Japan time)",
          "Dear " + p.name() + ",\n\nA reminder of your joint online session: " + when + " (Japan time).\n"
              + "Your Zoom link and breakout room: " + link + "\n");
    }
    return new Email(p.email(), "【リマインド】" + title + " " + when,
        p.name() + " 様\n\nオンライン合同研修のお知らせです：" + when + "（日本時間）\n"
            + "Zoom のリンクとブレイクアウトルームはこちら：" + link + "\n");
  }

  private static String when(SchedulingStore.Participant p, Session s) {
    return s.startsAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern(
        "en".equals(p.locale()) ? "EEE d MMM yyyy, HH:mm" : "yyyy年M月d日(E) H:mm", Locale.forLanguageTag(p.locale())))
        + "–" + s.endsAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ofPattern("HH:mm"));
  }

  /**
   * The e-mail to one person whose own place changed, with the .ics made for them: their seat is
   * confirmed (signed up, added by a coordinator, moved up from the waitlist) or gone (cancelled by
   * them, removed by a coordinator).
   */
  static Email seat(SchedulingStore.Participant p, Session s, String title, String ics, String link,
                    org.kakehashi.signup.SeatInvitations.Reason reason, String programme) {
    String method = reason.method;
    String when = when(p, s);
    List<Email.Attachment> files = calendarFile(s, method, ics);
    boolean en = "en".equals(p.locale());
    String subject;
    String lead;
    switch (reason) {
      case SIGNED_UP -> {
        subject = en ? "Signed up: " : "【参加登録】";
        lead = en ? "You are signed up for this joint online session:" : "次のオンライン合同研修への参加を受け付けました。";
      }
      case ADDED -> {
        subject = en ? "Signed up: " : "【参加登録】";
        lead = en ? "A coordinator has signed you up for this joint online session:"
            : "コーディネーターが次のオンライン合同研修にあなたを参加登録しました。";
      }
      case PROMOTED -> {
        subject = en ? "A seat is now yours: " : "【参加確定】キャンセル待ちから参加が確定しました ";
        lead = en ? "A seat in your session has become free and is now yours:" : "席が空いたため、次のオンライン合同研修への参加が確定しました。";
      }
      case CANCELLED -> {
        subject = en ? "Cancelled: your place in " : "【参加取消】";
        lead = en ? "You have cancelled your place in this joint online session:" : "次のオンライン合同研修への参加を取り消しました。";
      }
      default -> {
        subject = en ? "Removed: your place in " : "【参加取消】";
        lead = en ? "A coordinator has removed you from this joint online session:"
            : "コーディネーターにより、次のオンライン合同研修への参加が取り消されました。";
      }
    }
    boolean request = "REQUEST".equals(method);
    if (en) {
      return new Email(p.email(), subject + title + " — " + when + " (Japan time)",
          """
          Dear %s,

          %s
            %s (Japan time)

          %s %s
          """.formatted(p.name(), lead, when, request ? "The calendar invitation is attached; the Zoom link and your room:"
              : "The calendar file attached removes it from your calendar. The session:", link)
          + (request ? programme(programme) : ""), files);
    }
    return new Email(p.email(), subject + title + " " + when,
        """
        %s 様

        %s
          %s（日本時間）

        %s%s
        """.formatted(p.name(), lead, when, request ? "カレンダー用の招待を添付しています。Zoom のリンクとブレイクアウトルームはこちら："
            : "添付のカレンダー用ファイルで予定が取り消されます。研修のページ：", link)
        + (request ? programme(programme) : ""), files);
  }

  /** The session's calendar file for an e-mail, its METHOD in the Content-Type (README, "Calendar invitations"). */
  private static List<Email.Attachment> calendarFile(Session s, String method, String ics) {
    return List.of(new Email.Attachment("kakehashi-session-" + s.id() + ".ics",
        "text/calendar; method=" + method + "; charset=utf-8", ics));
  }

  /** The programme after a blank line, or nothing. */
  private static String programme(String programme) {
    return programme == null || programme.isBlank() ? "" : "\n" + programme.strip() + "\n";
  }

  /**
   * The e-mail to someone whose calendar holds the join link, when the link changed (the meeting was
   * re-created on another host licence): the updated invitation (REQUEST, higher SEQUENCE) with the new link.
   */
  static Email joinLinkChanged(SchedulingStore.Participant p, Session s, String title, String ics, String link,
                               String programme) {
    String when = when(p, s);
    List<Email.Attachment> files = calendarFile(s, "REQUEST", ics);
    if ("en".equals(p.locale())) {
      return new Email(p.email(), "New Zoom link: " + title + " — " + when + " (Japan time)",
          """
          Dear %s,

          The Zoom meeting of your joint online session has moved to another Zoom account, so its join link
          has changed. The old link no longer works.
            %s (Japan time)
            New Zoom link: %s

          The updated calendar invitation is attached. The session's page: %s
          """.formatted(p.name(), when, s.joinUrl(), link) + programme(programme), files);
    }
    return new Email(p.email(), "【Zoom リンク変更】" + title + " " + when,
        """
        %s 様

        オンライン合同研修の Zoom ミーティングを別の Zoom アカウントに移したため、参加用のリンクが変わりました。
        以前のリンクは使えません。
          %s（日本時間）
          新しい Zoom のリンク：%s

        更新したカレンダー用の招待を添付しています。研修のページ：%s
        """.formatted(p.name(), when, s.joinUrl(), link) + programme(programme), files);
  }

  /**
   * The e-mail to someone who may join, when the session's Zoom meeting has just been created: the
   * invitation again (REQUEST, higher SEQUENCE), now with the join link.
   */
  static Email joinLinkReady(SchedulingStore.Participant p, Session s, String title, String ics, String link,
                             String programme) {
    String when = when(p, s);
    List<Email.Attachment> files = calendarFile(s, "REQUEST", ics);
    if ("en".equals(p.locale())) {
      return new Email(p.email(), "Zoom link: " + title + " — " + when + " (Japan time)",
          """
          Dear %s,

          The Zoom meeting of your joint online session is ready.
            %s (Japan time)
            Zoom link: %s

          The calendar invitation attached now holds the link. The session's page: %s
          """.formatted(p.name(), when, s.joinUrl(), link) + programme(programme), files);
    }
    return new Email(p.email(), "【Zoom リンク】" + title + " " + when,
        """
        %s 様

        オンライン合同研修の Zoom ミーティングが用意できました。
          %s（日本時間）
          Zoom のリンク：%s

        添付のカレンダー用の招待に、このリンクが入っています。研修のページ：%s
        """.formatted(p.name(), when, s.joinUrl(), link) + programme(programme), files);
  }

  static Email compose(SchedulingStore.Participant p, Session s, String title, String ics, String link, String programme) {
    boolean cancelled = s.isCancelled();
    String when = when(p, s);
    List<Email.Attachment> files = calendarFile(s, (cancelled ? "CANCEL" : "REQUEST"), ics);
    if ("en".equals(p.locale())) {
      return new Email(p.email(), (cancelled ? "Cancelled: " : "Session: ") + title + " — " + when + " (Japan time)",
          """
          Dear %s,

          %s
            %s (Japan time)

          The calendar file is attached. Sign up and find the Zoom link here: %s
          """.formatted(p.name(), cancelled ? "This session has been cancelled:" : "Your joint online session is scheduled:",
              when, link) + (cancelled ? "" : programme(programme)), files);
    }
    return new Email(p.email(), (cancelled ? "【中止】" : "【日程決定】") + title + " " + when,
        """
        %s 様

        %s
          %s（日本時間）

        カレンダー用ファイルを添付しています。参加申込と Zoom のリンクはこちら：%s
        """.formatted(p.name(), cancelled ? "次のオンライン合同研修は中止になりました。" : "オンライン合同研修の日程が決まりました。",
            when, link) + (cancelled ? "" : programme(programme)), files);
  }
}
