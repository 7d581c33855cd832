package org.kakehashi.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.Consumer;

/** A real SMTP server (GreenMail) on a fixed free port, so it can be stopped and started again. */
public final class Smtp {

  private final int port;
  private GreenMail greenMail;

  public Smtp() {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Smtp start() {
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    return this;
  }

  public void stop() {
    if (greenMail != null) {
      greenMail.stop();
      greenMail = null;
    }
  }

  public int port() {
    return port;
  }

  /** A config override pointing the app's mailer here. */
  public Consumer<JsonObject> config() {
    return json -> json.getJsonObject("mail").put("smtpHost", "127.0.0.1").put("smtpPort", port).put("starttls", "off");
  }

  public MimeMessage[] received() {
    return greenMail == null ? new MimeMessage[0] : greenMail.getReceivedMessages();
  }

  /** Waits up to {@code millis} for at least {@code count} messages in all. */
  public boolean await(long millis, int count) {
    return greenMail.waitForIncomingEmail(millis, count);
  }

  public static String body(MimeMessage m) {
    return GreenMailUtil.getBody(m);
  }

  /** The decoded text/plain part of a message, as a mail program shows it (walks multipart, undoes base64/QP). */
  public static String text(jakarta.mail.Part p) {
    try {
      if (p.isMimeType("text/plain")) {
        return (String) p.getContent();
      }
      if (p.getContent() instanceof jakarta.mail.Multipart mp) {
        for (int i = 0; i < mp.getCount(); i++) {
          String t = text(mp.getBodyPart(i));
          if (t != null) {
            return t;
          }
        }
      }
      return null;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the message", e);
    }
  }
}
