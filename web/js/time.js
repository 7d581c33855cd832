// Instants of the scheduling API in the viewer's own time zone. The server sends ISO-8601 UTC
// instants; they are shown in the browser's zone, and the zone is named whenever it is not
// Japan's (everyone in Japan reads "19:00" as Japan time; anyone else must see which clock).
// Times typed into a form are read in the same zone and sent with their offset.

import { t, intlLocale, formatDateTime } from './i18n.js';

export const HOME_ZONE = 'Asia/Tokyo';

/** The browser's IANA time zone ("Asia/Tokyo", "Europe/Berlin"). */
export function viewerZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The zone to name next to times, or null in Japan. */
function namedZone() {
  const zone = viewerZone();
  return zone === HOME_ZONE ? null : zone;
}

function toDate(iso) {
  const date = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** One instant: "2027年1月20日(水) 19:00", "Wed, 20 January 2027 at 11:00 CET". */
export function formatInstant(iso) {
  return formatDateTime(iso, namedZone() || undefined);
}

/** The viewer's calendar day of an instant, to tell whether two instants fall on the same day. */
function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** The short name of the viewer's zone at an instant: "CET", "GMT+1". */
function zoneLabel(date) {
  const part = new Intl.DateTimeFormat(intlLocale(), { timeZoneName: 'short' }).formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part ? part.value : viewerZone();
}

/**
 * A start and an end: "2027年1月20日(水) 19:00～20:30", "Wed, 20 January 2027 at 11:00 – 12:30 CET".
 * The end shows only its time when it falls on the same day (in the viewer's zone).
 */
export function formatSpan(startIso, endIso) {
  const start = toDate(startIso);
  const end = toDate(endIso);
  if (!start || !end) return [startIso, endIso].filter(Boolean).map(String).join(' – ');
  const full = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' };
  const timeOnly = { hour: 'numeric', minute: '2-digit' };
  const from = new Intl.DateTimeFormat(intlLocale(), full).format(start);
  const to = new Intl.DateTimeFormat(intlLocale(), dayKey(start) === dayKey(end) ? timeOnly : full).format(end);
  const span = t('time.span', { from, to });
  return namedZone() ? t('time.withZone', { time: span, zone: zoneLabel(start) }) : span;
}

/**
 * A slot as a short column heading: {day: "3月27日(土)", time: "19:00～20:30"} in the viewer's zone,
 * the zone named after the time unless in Japan ("10:00 – 11:30 GMT").
 */
export function shortSpan(startIso, endIso) {
  const start = toDate(startIso);
  const end = toDate(endIso);
  if (!start) return { day: String(startIso ?? ''), time: '' };
  const day = new Intl.DateTimeFormat(intlLocale(), { month: 'short', day: 'numeric', weekday: 'short' }).format(start);
  const clock = new Intl.DateTimeFormat(intlLocale(), { hour: 'numeric', minute: '2-digit' });
  let time = clock.format(start);
  if (end) {
    const to = dayKey(start) === dayKey(end) ? clock.format(end)
      : new Intl.DateTimeFormat(intlLocale(), { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(end);
    time = t('time.span', { from: time, to });
  }
  return { day, time: namedZone() ? t('time.withZone', { time, zone: zoneLabel(start) }) : time };
}

/**
 * An instant on another place's clock, short: "3月27日(土) 10:00 GMT". zone: that place's IANA zone;
 * localIso: the server's wall time there ("2027-04-03T11:00+01:00"), shown as sent if zone is unknown.
 */
export function formatInZone(localIso, zone) {
  const date = toDate(localIso);
  if (!date) return String(localIso ?? '');
  try {
    return new Intl.DateTimeFormat(intlLocale(), {
      month: 'short', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short',
    }).format(date);
  } catch {
    return String(localIso).replace('T', ' ');
  }
}

/** Minutes between two instants (a slot's or a session's length). */
export function minutesBetween(startIso, endIso) {
  const start = toDate(startIso);
  const end = toDate(endIso);
  return start && end ? Math.round((end - start) / 60000) : null;
}

const pad = (n) => String(n).padStart(2, '0');

/**
 * "2027-01-20" and "19:00" typed in the viewer's zone as an ISO-8601 time with that zone's offset
 * on that day ("2027-01-20T19:00:00+09:00"); null when either is not a real date or time.
 */
export function localIso(day, time) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  const tm = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time || '');
  if (!d || !tm) return null;
  const [y, m, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hh, mm] = [Number(tm[1]), Number(tm[2])];
  if (m < 1 || m > 12 || dd < 1 || dd > 31 || hh > 23 || mm > 59) return null;
  const date = new Date(y, m - 1, dd, hh, mm, 0, 0);
  // 2027-02-30 rolls over to March: not a real date.
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== dd) return null;
  // The local fields of the Date itself: a time skipped by a clock change is sent as the clock shows it.
  return toLocalIso(date);
}

/** An instant as the viewer's local {day: "2027-01-20", time: "19:00"}, to fill date and time fields. */
export function localParts(iso) {
  const date = toDate(iso);
  if (!date) return { day: '', time: '' };
  return {
    day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}

/** A local day moved by n days ("2027-01-31", 1 → "2027-02-01"). */
export function addDays(day, n) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!d) return '';
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + n, 12);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A hint naming the zone the fields are read in: "あなたのタイムゾーン（Europe/Berlin）の時刻で…". */
export function zoneHint() {
  return namedZone() ? t('time.zoneHintOther', { zone: viewerZone() }) : t('time.zoneHintJapan');
}

/** An instant as ISO-8601 in the viewer's zone with its offset ("2027-01-20T19:00:00+09:00"). */
export function toLocalIso(when) {
  const date = toDate(when);
  if (!date) return null;
  const { day, time } = localParts(date);
  return `${day}T${time}:00${offsetOf(date)}`;
}

function offsetOf(date) {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `${offset >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Where an instant falls from the viewer's today: 0 today, 1 tomorrow, -1 yesterday (calendar days in
 * the viewer's zone), for "today" and "tomorrow" next to a session's time.
 */
export function daysFromToday(iso, now = new Date()) {
  const date = toDate(iso);
  if (!date) return null;
  const midnight = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((midnight(date) - midnight(now)) / 86400000);
}

/** The time of day of an instant in the viewer's zone: "19:00", "7:00 PM". */
export function formatTimeOfDay(iso) {
  const date = toDate(iso);
  if (!date) return String(iso ?? '');
  return new Intl.DateTimeFormat(intlLocale(), { hour: 'numeric', minute: '2-digit' }).format(date);
}
