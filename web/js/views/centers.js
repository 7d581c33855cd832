// The directory of centers (the home page): search, total count, a table that becomes cards on
// narrow screens, and paging. The search and page live in the hash so Back and reload keep them.

import { h, append, clear } from '../dom.js';
import { t, tn, formatList, regionName } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox, pager, field } from '../ui.js';

const LIMIT = 50;

export function render(root, ctx) {
  ctx.setTitle(t('centers.title'));
  let q = ctx.query.get('q') || '';
  let offset = Math.max(0, Number(ctx.query.get('offset')) || 0);

  const search = field({ name: 'q', label: t('centers.search'), type: 'search', value: q, hint: t('centers.searchHint') });
  const searchForm = h('form', { class: 'search-form', role: 'search' },
    search.el, h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.search') }));
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const results = h('div', {});

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    q = search.value;
    offset = 0;
    load();
  });

  async function load() {
    ctx.replaceQuery({ q, offset: offset || null });
    clear(count);
    clear(results, loading());
    let page;
    try {
      page = await api.get('/api/centers', { q, limit: LIMIT, offset });
    } catch (err) {
      clear(results, errorBox(err, load));
      return;
    }
    clear(count, q ? tn('centers.countMatching', page.total, { q }) : tn('centers.count', page.total));
    if (!page.centers.length) {
      clear(results, h('p', { class: 'empty', text: q ? t('centers.noMatch') : t('centers.empty') }));
      return;
    }
    clear(results, table(page.centers), pager({
      offset, limit: LIMIT, total: page.total, shown: page.centers.length,
      onPage: (next) => { offset = next; load().then(() => count.focus()); },
    }));
  }

  append(root,
    h('div', { class: 'title-row' },
      heading(t('centers.title')),
      ctx.isCoordinator ? h('a', { class: 'btn btn-primary', href: '#/centers/new', text: t('centers.add') }) : null),
    searchForm,
    count,
    results);
  count.setAttribute('tabindex', '-1');
  return load();
}

/** One table; on narrow screens CSS shows each row as a card, labelled by data-label. */
function table(centers) {
  const cols = [
    ['name', t('field.centerName')], ['city', t('field.city')], ['prefecture', t('field.prefecture')],
    ['region', t('field.region')], ['topics', t('field.topics')], ['code', t('field.code')],
  ];
  return h('table', { class: 'data-table cards-on-phone' },
    h('caption', { class: 'vh', text: t('centers.tableCaption') }),
    h('thead', {}, h('tr', {}, cols.map(([, label]) => h('th', { scope: 'col', text: label })))),
    h('tbody', {}, centers.map((c) => h('tr', {},
      h('th', { scope: 'row', 'data-label': t('field.centerName') },
        h('a', { href: `#/centers/${encodeURIComponent(c.id)}`, text: c.name })),
      h('td', { 'data-label': t('field.city'), text: c.city || '' }),
      h('td', { 'data-label': t('field.prefecture'), text: c.prefecture || '' }),
      h('td', { 'data-label': t('field.region'), text: regionName(c.region) }),
      h('td', { 'data-label': t('field.topics'), text: formatList(c.topics) }),
      h('td', { 'data-label': t('field.code'), class: 'mono', text: c.code || '' })))));
}
