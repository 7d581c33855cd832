package org.kakehashi.support;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.validate.ValidationEntry;
import net.fortuna.ical4j.validate.ValidationResult;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks an .ics the app produced against the standards, with parsers written by others: ical4j's
 * parser and its validator (RFC 5545, and the iTIP rules of RFC 5546 for the file's METHOD), line
 * folding at the octet level, and, where Debian's python3-vobject and python3-icalendar are
 * installed, those two parsers as well.
 */
public final class Ics {

  private Ics() {
  }

  /** Parses and validates; fails the test with every finding. */
  public static Calendar valid(String ics) {
    octets(ics);
    Calendar calendar;
    try {
      calendar = new CalendarBuilder().build(new StringReader(ics));
    } catch (Exception e) {
      throw new AssertionError("ical4j cannot parse:\n" + ics, e);
    }
    List<String> errors = new ArrayList<>();
    try {
      collect(errors, calendar.validate(true));
      Method method = calendar.getProperty("METHOD").map(p -> (Method) p).orElse(null);
      assertThat(method).as("METHOD").isNotNull();
      for (CalendarComponent c : calendar.getComponents()) {
        if (Component.VEVENT.equals(c.getName())) {
          collect(errors, c.validate(method));
          assertThat(c.getProperties("DTSTAMP")).as("one DTSTAMP").hasSize(1);
          assertThat(c.getProperties("ORGANIZER")).as("one ORGANIZER").hasSize(1);
          int attendees = c.getProperties("ATTENDEE").size();
          if ("PUBLISH".equals(method.getValue())) {
            assertThat(attendees).as("no ATTENDEE in a PUBLISH").isZero();
          } else {
            assertThat(attendees).as("exactly one ATTENDEE, the recipient").isEqualTo(1);
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError("ical4j's validator refuses:\n" + ics, e);
    }
    assertThat(errors).as("ical4j's validator on\n" + ics).isEmpty();
    return calendar;
  }

  private static void collect(List<String> errors, ValidationResult result) {
    for (ValidationEntry e : result.getEntries()) {
      if (e.getSeverity() == ValidationEntry.Severity.ERROR) {
        errors.add(e.getContext() + ": " + e.getMessage());
      }
    }
  }

  /** Every physical line at most 75 octets plus CRLF, each a whole UTF-8 sequence (nothing split). */
  public static void octets(String ics) {
    byte[] all;
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(ics));
      all = java.util.Arrays.copyOf(b.array(), b.limit());
    } catch (CharacterCodingException e) {
      throw new AssertionError("not encodable as UTF-8 (a lone surrogate?):\n" + ics, e);
    }
    int start = 0;
    for (int i = 0; i + 1 < all.length; i++) {
      if (all[i] == '\r' && all[i + 1] == '\n') {
        int length = i - start;
        assertThat(length).as("octets in line " + new String(all, start, length, StandardCharsets.UTF_8)).isLessThanOrEqualTo(75);
        try {
          StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(all, start, length));
        } catch (CharacterCodingException e) {
          throw new AssertionError("a UTF-8 sequence is split by folding at octet " + start, e);
        }
        start = i + 2;
        i++;
      }
    }
    assertThat(start).as("the file ends with CRLF").isEqualTo(all.length);
  }

  /** Debian's python3 (where its python3-vobject and python3-icalendar live), or any python3 that has them. */
  static final String PYTHON = python3();

  private static String python3() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import vobject, icalendar").redirectErrorStream(true).start();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (Exception e) {
        // try the next one
      }
    }
    return null;
  }

  /** True when python3 with vobject and icalendar is here. */
  public static boolean pythonAvailable() {
    return PYTHON != null;
  }

  /**
   * Reads the files with vobject and python-icalendar and returns what they saw, one line per file:
   * METHOD, the events' UID, SEQUENCE, ORGANIZER, ATTENDEEs and SUMMARY (its spaces as {@code _}; both
   * parsers must read the same). Fails on any complaint.
   */
  public static List<String> python(List<String> files) throws Exception {
    Path dir = Files.createTempDirectory("ics");
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      written.add(Files.writeString(dir.resolve(i + ".ics"), files.get(i), StandardCharsets.UTF_8));
    }
    return runPython(SCRIPT, written, "vobject / python-icalendar");
  }

  /** Runs a Python script of others' parsers over the files; it must exit 0. Returns what it printed. */
  static List<String> runPython(String script, List<Path> files, String what) throws Exception {
    List<String> args = new ArrayList<>(List.of(PYTHON, "-c", script));
    files.forEach(f -> args.add(f.toString()));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(what + ":\n" + out).isZero();
    return out.lines().toList();
  }

  private static final String SCRIPT = """
      import sys, vobject, icalendar
      for name in sys.argv[1:]:
          data = open(name, 'rb').read()
          text = data.decode('utf-8')
          v = vobject.readOne(text, validate=True)
          cal = icalendar.Calendar.from_ical(data)
          errors = [e for c in cal.walk() for e in getattr(c, 'errors', [])]
          if errors:
              raise SystemExit(name + ': python-icalendar: ' + repr(errors))
          for ev in cal.walk('VEVENT'):
              vev = [e for e in v.vevent_list if e.uid.value == str(ev['UID'])][0]
              assert len(vev.contents.get('dtstamp', [])) == 1, 'DTSTAMP'
              assert vev.summary.value == str(ev['SUMMARY']), 'SUMMARY: vobject ' + vev.summary.value + ', icalendar ' + str(ev['SUMMARY'])
              att = ev.get('ATTENDEE', [])
              att = att if isinstance(att, list) else [att]
              print(str(cal['METHOD']), str(ev['UID']), int(ev['SEQUENCE']), str(ev['ORGANIZER']),
                    ','.join(str(a) for a in att), str(ev['SUMMARY']).replace(' ', '_'))
          if not cal.walk('VEVENT'):
              print(str(cal['METHOD']), 'empty')
      """;
}
