// The case library (#/library): cases the centers opened to the network, found by Japanese words (also
// inside compounds) and filtered by topic, region, prefecture and year (README, "Case library").

import { h, append, clear } from '../dom.js';
import { t, getLang, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox } from '../ui.js';

const enc = encodeURIComponent;
const LIMIT = 20;

export async function render(root, ctx) {
  ctx.setTitle(t('library.title'));
  const query = Object.fromEntries(ctx.query || []);
  const results = h('div', { 'aria-live': 'polite' }, loading());
  let filters = { topics: [], regions: [], prefectures: [], years: [] };
  try {
    filters = await api.get('/api/library/filters');
  } catch (err) {
    clear(results, errorBox(err, () => ctx.rerender()));
  }
  const topicLabel = (key) => {
    const f = (filters.topics || []).find((x) => x.key === key);
    return f ? (getLang() === 'en' && f.en ? f.en : f.ja) : key;
  };
  // Each control named by a label[for], as every form of the app (and its browser tests) expects.
  const labelled = (name, label, control) => {
    control.id = `library-${name}`;
    return h('div', { class: 'field' }, h('label', { for: control.id }, h('span', { class: 'label-text', text: label })), control);
  };
  const select = (name, label, values, text = (v) => String(v)) => labelled(name, label,
    h('select', { name }, h('option', { value: '', text: t('library.any') }),
      values.map((v) => h('option', { value: String(v.key ?? v), selected: String(query[name] || '') === String(v.key ?? v), text: text(v) }))));
  const form = h('form', { class: 'search-form library-search', role: 'search',
    onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const q = [...data.entries()].filter(([, v]) => String(v).trim() !== '').map(([k, v]) => `${k}=${enc(v)}`).join('&');
      location.hash = `#/library${q ? `?${q}` : ''}`;
    } },
  labelled('q', t('library.words'),
    h('input', { type: 'search', name: 'q', value: query.q || '', maxlength: 200, placeholder: t('library.placeholder') })),
  select('topic', t('library.topic'), filters.topics || [], (v) => topicLabel(v.key)),
  select('region', t('library.region'), filters.regions || []),
  select('prefecture', t('library.prefecture'), filters.prefectures || []),
  select('year', t('library.year'), filters.years || []),
  h('button', { type: 'submit', class: 'btn btn-primary', text: t('library.search') }));
  append(root, heading(t('library.title')), h('p', { class: 'lead', text: t('library.lead') }), form, results);

  const offset = Number(query.offset || 0) || 0;
  let page;
  try {
    page = await api.get('/api/library', { q: query.q, topic: query.topic, region: query.region, prefecture: query.prefecture,
      year: query.year, limit: LIMIT, offset });
  } catch (err) {
    clear(results, errorBox(err, () => ctx.rerender()));
    return;
  }
  if (!page.cases.length) {
    clear(results, h('p', { class: 'empty', text: t('library.none') }));
    return;
  }
  const more = (o) => {
    const q = { ...query, offset: o };
    return `#/library?${Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${enc(v)}`).join('&')}`;
  };
  clear(results,
    h('ol', { class: 'library-list' }, page.cases.map((c) => h('li', { class: 'library-card' },
      h('h2', {}, h('a', { href: `#/cases/${enc(c.id)}`, text: c.title || t('cases.untitled') })),
      h('p', { class: 'session-tags' },
        h('span', { class: 'tag', text: `${c.center.prefecture} ${c.center.city}` }),
        (c.topics || []).map((k) => h('span', { class: 'tag', text: topicLabel(k) })),
        h('span', { text: `${c.center.name} · ${formatDateTime(c.sessionStartsAt)}` })),
      h('p', { text: c.summary })))),
    h('p', { class: 'pager' },
      offset > 0 ? h('a', { href: more(Math.max(0, offset - LIMIT)), text: t('library.previous') }) : null,
      page.more ? h('a', { href: more(offset + LIMIT), text: t('library.next') }) : null));
}
