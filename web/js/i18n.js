// UI strings and locale-aware formatting. Japanese is the default; every string lives in
// /i18n/{lang}.json so that a translator never has to touch code.

export const LANGS = ['ja', 'en'];
const STORE_KEY = 'kakehashi.lang';

let lang = 'ja';
let dict = {};

function remembered() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null; // storage can be disabled (private mode, policies): fall back to the default
  }
}

/** Loads the language chosen earlier on this device, or Japanese. */
export function initI18n() {
  const saved = remembered();
  return setLang(LANGS.includes(saved) ? saved : 'ja', { remember: false });
}

/** Switches language: loads its strings, sets <html lang>, and remembers the choice on this device. */
export async function setLang(next, { remember = true } = {}) {
  const wanted = LANGS.includes(next) ? next : 'ja';
  // Absolute URL: the page is also served at /invite/{token}.
  const response = await fetch(`/i18n/${wanted}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`strings for ${wanted} not available`);
  dict = await response.json();
  lang = wanted;
  document.documentElement.lang = wanted;
  if (remember) {
    try {
      localStorage.setItem(STORE_KEY, wanted);
    } catch {
      // not remembered on this device; the account's locale still is
    }
  }
  return wanted;
}

export function getLang() {
  return lang;
}

/** The string for key with {name} placeholders filled in; the key itself if missing, so a gap is visible. */
export function t(key, params) {
  const text = dict[key];
  if (text === undefined) {
    console.warn('missing string', key);
    return key;
  }
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** A counted string: looks up key.one / key.other by the language's plural rules, with {count} filled in. */
export function tn(key, count, params = {}) {
  const rule = new Intl.PluralRules(intlLocale()).select(count);
  const full = `${key}.${rule}` in dict ? `${key}.${rule}` : `${key}.other`;
  return t(full, { ...params, count: formatNumber(count) });
}

/** The BCP 47 locale for Intl: an English-speaking viewer keeps their own variant (en-GB dates, say). */
export function intlLocale() {
  if (lang === 'en') {
    const nav = navigator.language || 'en';
    return nav.toLowerCase().startsWith('en') ? nav : 'en';
  }
  return 'ja-JP';
}

export function formatNumber(n) {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

/**
 * A date and time in the viewer's language and, unless timeZone is given, the viewer's own time
 * zone (the server sends ISO-8601 with offset, so the instant is unambiguous).
 */
export function formatDateTime(iso, timeZone) {
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  // Components rather than dateStyle/timeStyle: Intl refuses timeZoneName together with those.
  const options = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' };
  if (timeZone) {
    options.timeZone = timeZone;
    options.timeZoneName = 'short';
  }
  return new Intl.DateTimeFormat(intlLocale(), options).format(date);
}

/** A calendar date sent as "2027-01-10" (no time, no zone), in the viewer's language; as sent if not a date. */
export function formatDate(day) {
  const date = parseDay(day);
  if (!date) return String(day ?? '');
  return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' })
    .format(date);
}

/** Two calendar dates as one period: "2027年1月10日(日)～2027年2月20日(土)", "Sun, 10 Jan – Sat, 20 Feb 2027". */
export function formatDateRange(from, to) {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) return [from, to].filter(Boolean).map(formatDate).join(' – ');
  // English ranges read better shortened by Intl; ICU's Japanese range falls back to "2027/01/10", so
  // Japanese joins two full dates instead.
  if (lang === 'en' && a <= b) {
    return new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' })
      .formatRange(a, b);
  }
  return t('date.range', { from: formatDate(from), to: formatDate(to) });
}

function parseDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A signed number of points: "+12", "−40", "0". */
export function formatPoints(n) {
  return new Intl.NumberFormat(intlLocale(), { signDisplay: 'exceptZero' }).format(n);
}

/** True when the browser knows this IANA time zone (used to check a field before sending it). */
export function isKnownTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Items of a list (topics, languages) joined the way the language writes lists: 「、」 or ", ". */
export function formatList(items) {
  return (items || []).join(t('list.separator'));
}

// Region names come from the data in Japanese (the eight-region division, filled in from the
// prefecture); an English page shows them in English. A name not listed is shown as it is.
const REGIONS_EN = {
  北海道: 'Hokkaido', 東北: 'Tohoku', 関東: 'Kanto', 中部: 'Chubu', 近畿: 'Kinki', 中国: 'Chugoku',
  四国: 'Shikoku', 九州: 'Kyushu', 沖縄: 'Okinawa', '九州・沖縄': 'Kyushu–Okinawa',
};

/** A region's name in the viewer's language (東北 → Tohoku in English). */
export function regionName(name) {
  if (!name) return name || '';
  const key = String(name).trim();
  return lang === 'en' && Object.prototype.hasOwnProperty.call(REGIONS_EN, key) ? REGIONS_EN[key] : key;
}

/** A language code ("ja") as the language's name in the viewer's language (日本語, Japanese). */
export function languageName(code) {
  try {
    return new Intl.DisplayNames([intlLocale()], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}
