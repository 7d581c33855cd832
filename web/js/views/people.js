// People: filter by center and role, search by name or e-mail. Coordinators also see e-mail and
// invitation status, send invitations, and add, edit or remove people. Staff see their own
// center's people only (the server enforces it; the page just does not offer more).

import { h, append, clear, focusOn } from '../dom.js';
import { t, tn, formatList, formatDateTime } from '../i18n.js';
import { bulkInvite } from '../bulk-invite.js';
import { api, ApiError, NetworkError, idempotencyKey } from '../api.js';
import {
  heading, loading, errorBox, notice, pager, field, choiceGroup, formErrors, busy, confirmDialog, roleLabel,
  statusLabel, describeError,
} from '../ui.js';

const LIMIT = 50;
const ROLES = ['staff', 'facilitator', 'coordinator'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

export async function render(root, ctx) {
  ctx.setTitle(t('people.title'));
  const coordinator = ctx.isCoordinator;
  const title = heading(t('people.title'));
  const body = h('div', {}, loading());
  append(root, h('div', { class: 'title-row' }, title), body);

  if (!coordinator && !ctx.me.centerId) {
    clear(body, notice('info', t('people.noCenter')));
    return;
  }
  let centers;
  try {
    centers = (await api.get('/api/centers', { limit: 5000 })).centers;
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const centerName = new Map(centers.map((c) => [String(c.id), c.name]));
  const filters = {
    centerId: coordinator ? (ctx.query.get('centerId') || '') : String(ctx.me.centerId),
    role: ROLES.includes(ctx.query.get('role')) ? ctx.query.get('role') : '',
    q: ctx.query.get('q') || '',
    offset: Math.max(0, Number(ctx.query.get('offset')) || 0),
  };

  const status = h('div', { class: 'status-area' });
  const count = h('p', { class: 'count', tabindex: '-1', 'aria-live': 'polite' });
  const results = h('div', {});
  const editor = coordinator ? personEditor(centers, status, () => load()) : null;
  // Everyone not yet invited (or the chosen center's), in one go (#16).
  const invites = coordinator ? bulkInvite({ centerId: () => filters.centerId || null, centerName: (id) => centerName.get(String(id)) || '' }) : null;

  async function load() {
    ctx.replaceQuery({
      centerId: coordinator ? filters.centerId : null, role: filters.role, q: filters.q, offset: filters.offset || null,
    });
    clear(results, loading());
    clear(count);
    let page;
    try {
      page = await api.get('/api/people', {
        centerId: filters.centerId, role: filters.role, q: filters.q, limit: LIMIT, offset: filters.offset,
      });
    } catch (err) {
      clear(results, errorBox(err, load));
      return;
    }
    clear(count, tn('people.count', page.total));
    if (invites) invites.refresh();
    if (!page.people.length) {
      clear(results, h('p', { class: 'empty', text: t('people.empty') }));
      return;
    }
    clear(results,
      table(page.people, { coordinator, centerName, status, editor, reload: load }),
      pager({
        offset: filters.offset, limit: LIMIT, total: page.total, shown: page.people.length,
        onPage: (next) => { filters.offset = next; load().then(() => count.focus()); },
      }));
  }

  clear(body,
    coordinator ? h('p', {}, editor.openButton) : null,
    editor ? editor.panel : null,
    invites ? invites.el : null,
    filterForm(filters, centers, coordinator, centerName, () => { filters.offset = 0; load(); }),
    status,
    count,
    results);
  await load();
}

function filterForm(filters, centers, coordinator, centerName, apply) {
  const center = coordinator
    ? field({
      name: 'centerId', label: t('field.center'), kind: 'select', value: filters.centerId,
      options: [{ value: '', label: t('people.allCenters') }, ...centers.map((c) => ({ value: String(c.id), label: c.name }))],
    })
    : null;
  const role = field({
    name: 'role', label: t('field.role'), kind: 'select', value: filters.role,
    options: [{ value: '', label: t('people.allRoles') }, ...ROLES.map((r) => ({ value: r, label: roleLabel(r) }))],
  });
  const q = field({ name: 'q', label: t('people.search'), type: 'search', value: filters.q, hint: t('people.searchHint') });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('people.filters') },
    center ? center.el : h('p', { class: 'fixed-filter' },
      h('span', { class: 'label-text', text: `${t('field.center')}: ` }), centerName.get(filters.centerId) || ''),
    role.el, q.el,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: t('people.apply') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (center) filters.centerId = center.input.value;
    filters.role = role.input.value;
    filters.q = q.value;
    apply();
  });
  return form;
}

function inviteLabel(status) {
  if (status === 'invited') return t('people.inviteAgain');
  if (status === 'active') return t('people.sendReset');
  return t('people.invite');
}

function table(people, { coordinator, centerName, status, editor, reload }) {
  const head = [t('field.name'), t('field.center'), t('field.roles'), t('field.locale')];
  if (coordinator) head.push(t('field.email'), t('field.status'), t('people.actions'));
  return h('table', { class: 'data-table cards-on-phone' },
    h('caption', { class: 'vh', text: t('people.tableCaption') }),
    h('thead', {}, h('tr', {}, head.map((label) => h('th', { scope: 'col', text: label })))),
    h('tbody', {}, people.map((p) => {
      const statusCell = h('td', { 'data-label': t('field.status') },
        p.status ? h('span', { class: `tag tag-${p.status}`, text: statusLabel(p.status) }) : null);
      return h('tr', {},
        h('th', { scope: 'row', 'data-label': t('field.name'), text: p.name }),
        h('td', { 'data-label': t('field.center') }, p.centerId
          ? h('a', { href: `#/centers/${encodeURIComponent(p.centerId)}`, text: centerName.get(String(p.centerId)) || String(p.centerId) })
          : h('span', { class: 'muted', text: t('people.noCenterShort') })),
        h('td', { 'data-label': t('field.roles'), text: formatList((p.roles || []).map(roleLabel)) }),
        h('td', { 'data-label': t('field.locale'), text: t(`locale.${p.locale}`) }),
        coordinator ? h('td', { 'data-label': t('field.email'), class: 'break', text: p.email || '' }) : null,
        coordinator ? statusCell : null,
        coordinator ? h('td', { 'data-label': t('people.actions') }, h('div', { class: 'row-actions' },
          h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', text: inviteLabel(p.status),
            'aria-label': `${inviteLabel(p.status)}: ${p.name}`,
            onClick: (e) => invite(p, e.currentTarget, statusCell, status),
          }),
          h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', text: t('common.edit'),
            'aria-label': `${t('common.edit')}: ${p.name}`,
            onClick: (e) => editor.open(p, e.currentTarget),
          }),
          h('button', {
            type: 'button', class: 'btn btn-danger-outline btn-small', text: t('common.delete'),
            'aria-label': `${t('common.delete')}: ${p.name}`,
            onClick: (e) => remove(p, e.currentTarget, status, reload),
          }))) : null);
    })));
}

async function invite(person, button, statusCell, status) {
  const ok = await confirmDialog({
    title: t('people.inviteTitle', { name: person.name }),
    message: t('people.inviteBody', { email: person.email }),
    confirmLabel: t('people.inviteConfirm'),
  });
  if (!ok) return;
  try {
    const answer = await busy(button, () => api.post(`/api/people/${encodeURIComponent(person.id)}/invite`));
    person.status = person.status === 'active' ? 'active' : 'invited';
    clear(statusCell, h('span', { class: `tag tag-${person.status}`, text: statusLabel(person.status) }));
    button.textContent = inviteLabel(person.status);
    button.setAttribute('aria-label', `${inviteLabel(person.status)}: ${person.name}`);
    clear(status, notice('success', t('people.invited', {
      name: person.name, email: person.email, until: formatDateTime(answer.expiresAt),
    })));
  } catch (err) {
    clear(status, notice('error', describeError(err)));
  }
}

async function remove(person, button, status, reload) {
  const ok = await confirmDialog({
    title: t('people.deleteTitle', { name: person.name }),
    message: t('people.deleteBody'),
    confirmLabel: t('common.delete'),
    danger: true,
  });
  if (!ok) return;
  try {
    await busy(button, () => api.del(`/api/people/${encodeURIComponent(person.id)}`));
    await reload();
    const message = notice('success', t('people.deleted', { name: person.name }));
    clear(status, message);
    focusOn(message); // the row and its button are gone; keep the keyboard user's place here
  } catch (err) {
    clear(status, notice('error', describeError(err)));
  }
}

/**
 * The add/edit form, shown on demand above the list. One form for both: opening it for a person
 * fills it in; closing returns focus to the button that opened it.
 */
function personEditor(centers, status, reload) {
  const panelTitle = h('h2', { id: 'person-form-title', tabindex: '-1' });
  const slot = h('div', {});
  const panel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'person-form-title' }, panelTitle, slot);
  const openButton = h('button', {
    type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', text: t('people.add'),
    onClick: () => open(null, openButton),
  });
  let returnTo = null;

  function close() {
    panel.hidden = true;
    openButton.setAttribute('aria-expanded', 'false');
    clear(slot);
    if (returnTo && returnTo.isConnected) returnTo.focus();
  }

  function open(person, opener) {
    returnTo = opener;
    panelTitle.textContent = person ? t('people.editTitle', { name: person.name }) : t('people.addTitle');
    clear(slot, form(person));
    panel.hidden = false;
    openButton.setAttribute('aria-expanded', person ? 'false' : 'true');
    panel.scrollIntoView({ block: 'start' });
    focusOn(panelTitle);
  }

  function form(person) {
    const p = person || { roles: ['staff'], locale: 'ja', centerId: null };
    const fields = {
      email: field({ name: 'email', label: t('field.email'), type: 'email', value: p.email, required: true,
        attrs: { inputmode: 'email', autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' } }),
      name: field({ name: 'name', label: t('field.name'), value: p.name, required: true, attrs: { autocomplete: 'off', maxlength: 200 } }),
      centerId: field({
        name: 'centerId', label: t('field.center'), kind: 'select', value: p.centerId === null ? '' : String(p.centerId),
        options: [{ value: '', label: t('people.noCenterShort') }, ...centers.map((c) => ({ value: String(c.id), label: c.name }))],
      }),
      roles: choiceGroup({ name: 'roles', legend: t('field.roles'), choices: ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
        value: p.roles, hint: t('people.rolesHint') }),
      locale: choiceGroup({ name: 'locale', legend: t('field.locale'), type: 'radio', value: p.locale,
        choices: [{ value: 'ja', label: t('locale.ja') }, { value: 'en', label: t('locale.en') }] }),
    };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: person ? t('common.save') : t('people.create') });
    const el = h('form', { class: 'form', novalidate: true },
      Object.values(fields).map((f) => f.el),
      h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'btn btn-secondary', onClick: close, text: t('common.cancel') })));
    const errors = formErrors(el, fields);
    let key = idempotencyKey();

    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problems = [];
      if (!fields.email.value) problems.push({ field: 'email', message: t('form.error.required') });
      else if (!EMAIL.test(fields.email.value)) problems.push({ field: 'email', message: t('form.error.email') });
      if (!fields.name.value) problems.push({ field: 'name', message: t('form.error.required') });
      if (!fields.roles.value.length) problems.push({ field: 'roles', message: t('people.rolesRequired') });
      if (problems.length) {
        errors.show(problems);
        return;
      }
      errors.clear();
      const body = {
        email: fields.email.value,
        name: fields.name.value,
        centerId: fields.centerId.input.value ? Number(fields.centerId.input.value) : null,
        roles: fields.roles.value,
        locale: fields.locale.value || 'ja',
      };
      try {
        const saved = await busy(submit, () => (person
          ? api.put(`/api/people/${encodeURIComponent(person.id)}`, body)
          : api.post('/api/people', body, { headers: { 'Idempotency-Key': key } })));
        returnTo = null;
        close();
        await reload();
        const message = notice('success', t(person ? 'people.saved' : 'people.created', { name: saved.name }));
        clear(status, message);
        focusOn(message);
      } catch (err) {
        if (!(err instanceof NetworkError)) key = idempotencyKey();
        if (err instanceof ApiError && err.code === 'email_taken') errors.show([{ field: 'email', message: t('error.code.email_taken') }]);
        else errors.showError(err);
      }
    });
    return el;
  }

  return { panel, openButton, open };
}
