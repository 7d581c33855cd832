// What the case views share (README, "Case studies"): the case views' own stylesheet (the run sheet's
// print rules among them), section labels from the round's template, and the links a session card
// shows to its cases and run sheet.

import { h } from './dom.js';
import { t, getLang } from './i18n.js';

const enc = encodeURIComponent;
let styles = null;

/** Loads /css/cases.css once (resolves when it applies, so a view is never drawn unstyled). */
export function caseStyles() {
  if (!styles) {
    styles = new Promise((resolve) => {
      const link = h('link', { rel: 'stylesheet', href: '/css/cases.css' });
      link.addEventListener('load', () => resolve());
      link.addEventListener('error', () => resolve()); // unstyled is still usable
      document.head.appendChild(link);
    });
  }
  return styles;
}

const DEFAULT_SECTIONS = {
  background: ['背景・ねらい', 'Background and aims'], approach: ['取り組み', 'What we did'],
  ingenuity: ['工夫したこと', 'What we found worked'], challenges: ['課題・悩み', 'Challenges and worries'],
  questions: ['相手センターに聞きたいこと', 'Questions for the partner center'],
};

/**
 * A section's heading in the viewer's language: the template's label, else the default one; a section
 * the coordinator has since removed from the template (its text is kept) is headed "other text", never
 * by its internal key.
 */
export function sectionLabel(key, template) {
  const en = getLang() === 'en';
  const s = ((template && template.sections) || []).find((x) => x.key === key);
  if (s) return en && s.en ? s.en : s.ja;
  const d = DEFAULT_SECTIONS[key];
  return d ? d[en ? 1 : 0] : t('case.section.removed');
}

/** A topic's label in the viewer's language, from a list of {key, ja, en}. */
export function topicLabel(key, topics) {
  const x = (topics || []).find((o) => o.key === key);
  if (!x) return key;
  return getLang() === 'en' && x.en ? x.en : x.ja;
}

/**
 * One line of links on a session card: its case studies, and for who runs it (its facilitator,
 * coordinators) the printable run sheet.
 */
export function caseLinks(sessionId, runs = false) {
  caseStyles();
  return h('p', { class: 'case-links' },
    h('a', { href: `#/sessions/${enc(sessionId)}/cases`, text: t('caseSession.link') }),
    runs ? h('a', { href: `#/sessions/${enc(sessionId)}/run-sheet`, text: t('runSheet.link') }) : null);
}
