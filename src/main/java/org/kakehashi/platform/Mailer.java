package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends one e-mail over SMTP, or, without an SMTP host configured, writes it to the log so that an
 * invitation link can still be copied from the console. Called only by the outbox worker.
 */
public final class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final Config.Mail config;
  private final MailClient client;

  public Mailer(Vertx vertx, Config.Mail config) {
    this.config = config;
    this.client = config.enabled() ? MailClient.create(vertx, mailConfig(config)) : null;
  }

  private static MailConfig mailConfig(Config.Mail c) {
    MailConfig mc = new MailConfig()
        .setHostname(c.host())
        .setPort(c.port())
        .setConnectTimeout(10_000)
        .setKeepAlive(true)
        .setStarttls(switch (c.starttls() == null ? "optional" : c.starttls().toLowerCase(Locale.ROOT)) {
          case "required" -> StartTLSOptions.REQUIRED;
          case "off", "disabled" -> StartTLSOptions.DISABLED;
          default -> StartTLSOptions.OPTIONAL;
        });
    if (c.user() != null && !c.user().isBlank()) {
      mc.setUsername(c.user()).setPassword(c.password()).setLogin(LoginOption.REQUIRED);
    } else {
      mc.setLogin(LoginOption.DISABLED);
    }
    return mc;
  }

  /** Sends the message; {@code messageId} makes a rare repeated delivery recognisable as the same message. */
  public Future<Void> send(Email email, String messageId) {
    if (client == null) {
      log.atInfo().addKeyValue("to", email.to()).addKeyValue("subject", email.subject())
          .log("e-mail (no SMTP host configured, so it is logged instead of sent):\n{}", email.text());
      return Future.succeededFuture();
    }
    MailMessage message = new MailMessage()
        .setFrom(config.from())
        .setTo(email.to())
        .setSubject(email.subject())
        .setText(email.text())
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", "<" + messageId + ">"));
    for (Email.Attachment a : email.attachments()) {
      message.setAttachment(MailAttachment.create()
          .setName(a.name())
          .setContentType(a.contentType())
          .setData(Buffer.buffer(a.content().getBytes(StandardCharsets.UTF_8))));
    }
    return client.sendMail(message).mapEmpty();
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
