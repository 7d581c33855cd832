package org.kakehashi.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads an e-mail as it left the app with standards parsers: Jakarta Mail's strict RFC 5322 address
 * parser for From, and (where python3 is here) Python's {@code email.policy.default}.
 */
public final class MailCheck {

  private MailCheck() {
  }

  /** What a message holds once checked: its calendar parts (the .ics texts), in order. */
  public record Checked(String fromName, String fromAddress, String subject, String text, List<String> calendars,
                        List<String> calendarContentTypes) {
  }

  public static Checked check(MimeMessage m, String domain) throws Exception {
    String[] from = m.getHeader("From");
    assertThat(from).hasSize(1);
    String raw = MimeUtility.unfold(from[0]);
    assertThat(raw).as("From in RFC 5322 name-addr form, no legacy comment").matches(".*<[^>]+>\\s*$").doesNotContain("(=?");
    InternetAddress[] parsed = InternetAddress.parseHeader(raw, true);
    assertThat(parsed).hasSize(1);
    parsed[0].validate();
    assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(m.getHeader("Message-ID")[0]).matches("<[^@>]+@" + java.util.regex.Pattern.quote(domain) + ">");
    List<String> texts = new ArrayList<>();
    List<String> calendars = new ArrayList<>();
    List<String> types = new ArrayList<>();
    walk(m, texts, calendars, types);
    assertThat(texts).as("a text/plain part always").isNotEmpty();
    if (!calendars.isEmpty()) {
      assertThat(m.getContentType()).startsWith("multipart/alternative");
      for (String t : types) {
        assertThat(t.replace(" ", "").toLowerCase()).matches(".*method=(request|cancel|publish).*");
      }
      for (String ics : calendars) {
        Ics.valid(ics);
      }
    }
    return new Checked(parsed[0].getPersonal(), parsed[0].getAddress(), m.getSubject(), texts.get(0), calendars, types);
  }

  private static void walk(Part p, List<String> texts, List<String> calendars, List<String> types) throws Exception {
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart b = mp.getBodyPart(i);
        walk(b, texts, calendars, types);
      }
    } else if (p.isMimeType("text/plain")) {
      texts.add((String) p.getContent());
    } else if (p.isMimeType("text/calendar")) {
      calendars.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      types.add(p.getContentType());
    }
  }

  /**
   * Parses the raw messages with Python's {@code email.policy.default} (where python3 is) and returns,
   * per message: the From display name, the address, the Subject, the content types of its parts.
   */
  public static List<String> python(List<MimeMessage> messages) throws Exception {
    Path dir = Files.createTempDirectory("eml");
    List<String> args = new ArrayList<>(List.of(Ics.PYTHON, "-c", SCRIPT));
    for (int i = 0; i < messages.size(); i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      messages.get(i).writeTo(out);
      Path f = dir.resolve(i + ".eml");
      Files.write(f, out.toByteArray());
      args.add(f.toString());
    }
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("Python email:\n" + out).isZero();
    return out.lines().toList();
  }

  private static final String SCRIPT = """
      import sys, email, email.policy
      for name in sys.argv[1:]:
          m = email.message_from_binary_file(open(name, 'rb'), policy=email.policy.default)
          defects = list(m.defects) + [d for part in m.walk() for d in part.defects]
          frm = m['From']
          defects += list(frm.defects) + list(m['Subject'].defects)
          if defects:
              raise SystemExit(name + ': ' + repr(defects))
          a = frm.addresses[0]
          types = [p.get_content_type() + ('/' + p.get_param('method') if p.get_param('method') else '') for p in m.walk()]
          print(a.display_name + '|' + a.addr_spec + '|' + str(m['Subject']) + '|' + ','.join(types))
      """;
}
