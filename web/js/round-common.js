// Shared by the round views: status labels, labels in the viewer's language, the centers of a
// round looked up once, and the pairing errors of the API in words.

import { h } from './dom.js';
import { t, getLang } from './i18n.js';
import { api, ApiError } from './api.js';
import { notice, describeError } from './ui.js';

export const STATUSES = ['draft', 'pairing', 'scheduling', 'running', 'closed'];
/** From "scheduling" on, the pairs of a round are published and can no longer change. */
export const PUBLISHED = new Set(['scheduling', 'running', 'closed']);
/** While a round is still being put together, its centers may change. */
export const OPEN = new Set(['draft', 'pairing']);

export function roundStatusLabel(status) {
  return STATUSES.includes(status) ? t(`round.status.${status}`) : String(status || '');
}

export function roundStatusTag(status) {
  return h('span', { class: ['tag', `tag-round-${STATUSES.includes(status) ? status : 'other'}`], text: roundStatusLabel(status) });
}

/** A topic or prompt {key, ja, en} in the viewer's language (the other one if that is empty). */
export function labelText(label) {
  if (!label) return '';
  return (getLang() === 'en' ? label.en || label.ja : label.ja || label.en) || label.key || '';
}

/**
 * A room's name in the viewer's language: rooms are named after their topic's Japanese label and a
 * number ("防災 1", README "How breakout rooms are assigned"); in English that becomes the topic's
 * English label ("Disaster preparedness 1"). A name someone changed is shown as it is.
 */
export function roomName(room, topics) {
  const name = room && room.name ? room.name : '';
  if (getLang() !== 'en' || !room) return name;
  const topic = (topics || []).find((x) => x.key === room.topic);
  const m = /^(.*) (\d+)$/.exec(name);
  if (!topic || !topic.en || !m || (m[1] !== topic.ja && m[1] !== topic.key)) return name;
  return `${topic.en} ${m[2]}`;
}

/** "Natori" as a short name of a center on the map and in lists of pairs: its city, else its name. */
export function cityOf(center) {
  return center ? center.city || center.name : '';
}

/** "名取市・宮城県" */
export function placeOf(center) {
  if (!center) return '';
  return [center.city, center.prefecture].filter(Boolean).join(t('round.placeSeparator'));
}

/**
 * The directory of centers, read once per page: GET /api/centers in pages of 5,000 until every
 * center asked for is known. A center that no longer exists is shown by its id in words.
 */
export function centerDirectory() {
  const byId = new Map();
  let offset = 0;
  let complete = false;
  let running = Promise.resolve();

  async function fetchMissing(ids) {
    let missing = ids.filter((id) => !byId.has(String(id)));
    while (missing.length && !complete) {
      const page = await api.get('/api/centers', { limit: 5000, offset });
      for (const c of page.centers) byId.set(String(c.id), c);
      offset += page.centers.length;
      if (!page.centers.length || offset >= page.total) complete = true;
      missing = missing.filter((id) => !byId.has(String(id)));
    }
    // Still unknown (the directory changed while paging): one by one, a few at most.
    for (const id of missing.slice(0, 20)) {
      try {
        byId.set(String(id), await api.get(`/api/centers/${encodeURIComponent(id)}`));
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }
  }

  return {
    /** Resolves once the given ids are looked up; calls run one after another. */
    need(ids) {
      const next = running.then(() => fetchMissing(ids));
      running = next.catch(() => {});
      return next;
    },
    get(id) {
      return byId.get(String(id)) || null;
    },
    /** The center's name, or "Center #12" when it is not known. */
    name(id) {
      const c = byId.get(String(id));
      return c ? c.name : t('round.unknownCenter', { id });
    },
    city(id) {
      const c = byId.get(String(id));
      return c ? cityOf(c) : t('round.unknownCenter', { id });
    },
  };
}

/** "名取市中央公民館 – 松江市中央公民館" for a pair or trio. */
export function groupName(ids, centers, short = false) {
  return ids.map((id) => (short ? centers.city(id) : centers.name(id))).join(' – ');
}

const REASONS = new Set(['same_city', 'too_few_centers', 'no_partner', 'no_allowed_pair', 'locked_invalid']);
const BOARD_CODES = new Set(['pairs_published', 'not_paired', 'not_published', 'pair_locked', 'same_city', 'forbidden',
  'group_size', 'not_in_round']);

/** The translated explanation of a pairing error, or null when it is not one. */
export function boardErrorText(err) {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'no_pairing') return t(`board.noPairing.${REASONS.has(err.reason) ? err.reason : 'other'}`);
  if (BOARD_CODES.has(err.code)) return t(`board.error.${err.code}`);
  return null;
}

/**
 * A pairing error as a message box, in the viewer's language only (#16: no English server words
 * inside the Japanese screen; the board's own tools name the centers concerned).
 */
export function boardErrorNotice(err) {
  const text = boardErrorText(err);
  return notice('error', text ? h('p', { text }) : describeError(err));
}

export function serverDetail(err) {
  if (!(err instanceof ApiError) || !err.serverMessage) return null;
  return h('p', { class: 'server-detail' },
    h('span', { class: 'strong', text: `${t('board.serverSays')} ` }),
    h('span', { lang: 'en', text: err.serverMessage }));
}

/** Topics or prompts of a round as a list in the viewer's language. */
export function labelsList(labels) {
  if (!labels || !labels.length) return null;
  return h('ul', { class: 'inline-list' }, labels.map((l) => h('li', { text: labelText(l) })));
}
