package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Sends one e-mail over SMTP, or, without an SMTP host configured, writes it to the log so that an
 * invitation link can still be copied from the console. Called only by the outbox worker.
 *
 * <p>Every message (README, "E-mail"): {@code From: 表示名 <addr>} with the display name as an RFC 2047
 * encoded-word; a Subject in any Unicode (emoji, 𠮷) encoded without splitting a character; a
 * Message-ID under the public address's domain; {@code Auto-Submitted: auto-generated} (RFC 3834) so
 * that out-of-office replies stay away; always a text/plain part. A calendar file goes the way
 * Google and Outlook send it: multipart/alternative of the text and an inline
 * {@code text/calendar; method=...} part, which phones show as a meeting card.
 */
public final class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final Vertx vertx;
  private final Config.Mail config;
  private final String domain;
  private final InternetAddress from;
  private final jakarta.mail.Session session;

  public Mailer(Vertx vertx, Config.Mail config, String publicUrl) {
    this.vertx = vertx;
    this.config = config;
    this.domain = Email.domain(publicUrl);
    this.from = from(config.from());
    this.session = jakarta.mail.Session.getInstance(properties(config));
  }

  static InternetAddress from(String configured) {
    Email.Address a = Email.Address.parse(configured);
    try {
      return a.name() == null ? new InternetAddress(a.address()) : new InternetAddress(a.address(), a.name(), "UTF-8");
    } catch (UnsupportedEncodingException | jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("mail.from: " + configured, e);
    }
  }

  private static Properties properties(Config.Mail c) {
    Properties p = new Properties();
    if (c.enabled()) {
      p.put("mail.smtp.host", c.host());
      p.put("mail.smtp.port", String.valueOf(c.port()));
    }
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "30000");
    p.put("mail.smtp.writetimeout", "30000");
    String starttls = c.starttls() == null ? "optional" : c.starttls().toLowerCase(Locale.ROOT);
    p.put("mail.smtp.starttls.enable", String.valueOf(!starttls.equals("off") && !starttls.equals("disabled")));
    p.put("mail.smtp.starttls.required", String.valueOf(starttls.equals("required")));
    boolean auth = c.user() != null && !c.user().isBlank();
    p.put("mail.smtp.auth", String.valueOf(auth));
    return p;
  }

  /** The full Message-ID (without angle brackets) of an outbox message. */
  public String messageId(String local) {
    return local + "@" + domain;
  }

  /** Sends the message; {@code localId} (the outbox id) makes a rare repeated delivery recognisable as the same message. */
  public Future<Void> send(Email email, String localId) {
    if (!config.enabled()) {
      log.atInfo().addKeyValue("to", email.to()).addKeyValue("subject", email.subject())
          .log("e-mail (no SMTP host configured, so it is logged instead of sent):\n{}", email.text());
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      MimeMessage message = mime(session, from, email, messageId(localId));
      boolean auth = config.user() != null && !config.user().isBlank();
      if (auth) {
        Transport.send(message, config.user(), config.password());
      } else {
        Transport.send(message);
      }
      return null;
    }, false);
  }

  /** The message as it goes out (tests read it with standard parsers). */
  public static MimeMessage mime(jakarta.mail.Session session, InternetAddress from, Email email, String messageId)
      throws MessagingException {
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + messageId + ">");
      }
    };
    m.setFrom(from);
    m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(email.to(), true));
    m.setSubject(email.subject(), "UTF-8");
    m.setSentDate(new Date());
    m.setHeader("Auto-Submitted", "auto-generated");
    // Exchange and Outlook: no automatic replies (out of office, read receipts) to a no-reply sender.
    m.setHeader("X-Auto-Response-Suppress", "All");
    List<Email.Attachment> calendars = email.attachments().stream()
        .filter(a -> a.contentType().toLowerCase(Locale.ROOT).startsWith("text/calendar")).toList();
    List<Email.Attachment> files = email.attachments().stream().filter(a -> !calendars.contains(a)).toList();
    if (calendars.isEmpty() && files.isEmpty()) {
      m.setText(email.text(), "UTF-8", "plain");
    } else {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), "UTF-8", "plain");
      alternative.addBodyPart(text);
      for (Email.Attachment c : calendars) {
        MimeBodyPart calendar = new MimeBodyPart();
        calendar.setDataHandler(data(c));
        calendar.setHeader("Content-Type", withCharset(c.contentType()));
        calendar.setHeader("Content-Transfer-Encoding", "base64");
        calendar.setDisposition(Part.INLINE);
        alternative.addBodyPart(calendar);
      }
      if (files.isEmpty()) {
        m.setContent(alternative);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        for (Email.Attachment f : files) {
          MimeBodyPart file = new MimeBodyPart();
          file.setDataHandler(data(f));
          file.setHeader("Content-Type", withCharset(f.contentType()));
          file.setFileName(f.name());
          file.setDisposition(Part.ATTACHMENT);
          mixed.addBodyPart(file);
        }
        m.setContent(mixed);
      }
    }
    m.saveChanges();
    return m;
  }

  private static jakarta.activation.DataHandler data(Email.Attachment a) {
    return new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(
        a.content().getBytes(java.nio.charset.StandardCharsets.UTF_8), withCharset(a.contentType())));
  }

  private static String withCharset(String contentType) {
    return contentType.toLowerCase(Locale.ROOT).contains("charset=") ? contentType : contentType + "; charset=UTF-8";
  }

  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
