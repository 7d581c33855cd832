package org.kakehashi.directory;

import org.kakehashi.platform.Email;

/** The e-mail of signing in, in the person's language: the notice of many wrong passwords. Pure. */
final class SignInMail {

  private SignInMail() {
  }

  /** Told once per window when password guesses for the account went over the limit (README, "Security"). */
  static Email notice(String to, String name, String locale, String publicUrl) {
    if ("en".equals(locale)) {
      return new Email(to, "Kakehashi: many wrong passwords for your account", """
          Dear %s,

          Someone has entered a wrong password for your Kakehashi account several times. For up to
          15 minutes, sign-in with a password is paused for your account. Your password has not been changed.

          If it was you, wait a little and sign in again at %s. If it was not, consider choosing a new,
          longer password after signing in, and tell your coordinator.
          """.formatted(name, publicUrl));
    }
    return new Email(to, "かけはし：パスワードの入力ミスが続きました", """
        %s 様

        あなたのかけはしアカウントで、間違ったパスワードが何度か入力されました。最長15分間、
        パスワードでのログインを止めています。パスワードは変更されていません。

        ご自身の操作でしたら、少し待ってから %s で再度ログインしてください。心当たりがない場合は、
        ログイン後により長いパスワードへの変更をご検討のうえ、コーディネーターにお知らせください。
        """.formatted(name, publicUrl));
  }

  /** A one-time sign-in link (README, "Security"): valid {@code minutes}, once; asked for on the sign-in page. */
  static Email link(String to, String name, String locale, String url, long minutes) {
    if ("en".equals(locale)) {
      return new Email(to, "Kakehashi: your sign-in link", """
          Dear %s,

          Open this link to sign in to Kakehashi. It works once, within %d minutes:

          %s

          If you did not ask for it, you can ignore this e-mail: nobody can sign in without opening the link.
          """.formatted(name, minutes, url));
    }
    return new Email(to, "かけはし：ログイン用リンク", """
        %s 様

        次のリンクを開くと、かけはしにログインできます。%d分以内に1回だけ使えます。

        %s

        お心当たりがない場合は、このメールを無視してください。リンクを開かない限り、誰もログインできません。
        """.formatted(name, minutes, url));
  }
}
