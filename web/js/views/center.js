// One center: every field, its local time, and its people; coordinators can edit and delete it.
// The same module shows the form for a new center (#/centers/new) and for an edit (#/centers/{id}/edit).

import { h, append, clear } from '../dom.js';
import { t, formatList, formatDateTime, isKnownTimeZone, regionName, languageName } from '../i18n.js';
import { api, ApiError, NetworkError, idempotencyKey } from '../api.js';
import {
  heading, loading, errorBox, notice, details, field, formErrors, busy, confirmDialog, setFlash, roleLabel,
  statusLabel, describeError,
} from '../ui.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

export async function render(root, ctx) {
  const { mode, id } = ctx.params;
  if (mode !== 'show' && !ctx.isCoordinator) {
    ctx.setTitle(t('error.forbiddenTitle'));
    append(root, heading(t('error.forbiddenTitle')), notice('error', t('error.forbidden')));
    return;
  }
  if (mode === 'new') {
    ctx.setTitle(t('center.newTitle'));
    append(root, backLink('#/centers', t('center.backToList')), heading(t('center.newTitle')), centerForm(null));
    return;
  }

  const title = heading(t('center.title'));
  const body = h('div', {}, loading());
  append(root, backLink('#/centers', t('center.backToList')), title, body);
  let center;
  try {
    center = await api.get(`/api/centers/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  if (mode === 'edit') {
    title.textContent = t('center.editTitle', { name: center.name });
    ctx.setTitle(title.textContent);
    clear(body, centerForm(center));
    return;
  }
  title.textContent = center.name;
  ctx.setTitle(center.name);
  clear(body, show(center, ctx));
  // The people list is secondary: it fills in below without holding up the page.
  loadPeople(center, ctx, body.querySelector('.people-of-center'));
}

function backLink(href, text) {
  return h('p', { class: 'back' }, h('a', { href, text }));
}

/** "ja" → "日本語" (or "Japanese"), in the viewer's language; the code itself if unknown. */
function show(center, ctx) {
  const local = isKnownTimeZone(center.timeZone) ? formatDateTime(new Date(), center.timeZone) : null;
  const coords = center.latitude !== null && center.latitude !== undefined && center.longitude !== null && center.longitude !== undefined
    ? `${center.latitude}, ${center.longitude}` : null;
  const status = h('div', {});
  return h('div', {},
    status,
    details([
      [t('field.code'), h('span', { class: 'mono', text: center.code })],
      [t('field.centerName'), center.name],
      [t('field.city'), center.city],
      [t('field.prefecture'), center.prefecture],
      [t('field.region'), regionName(center.region)],
      [t('field.timeZone'), center.timeZone ? h('span', {}, center.timeZone,
        local ? h('span', { class: 'muted block', text: t('center.localTime', { time: local }) }) : null) : null],
      [t('field.coordinates'), coords],
      [t('field.topics'), formatList(center.topics)],
      [t('field.languages'), formatList((center.languages || []).map(languageName))],
      [t('field.contactEmail'), center.contactEmail
        ? h('a', { href: `mailto:${center.contactEmail}`, text: center.contactEmail }) : null],
    ]),
    ctx.isCoordinator ? h('div', { class: 'actions' },
      h('a', { class: 'btn btn-primary', href: `#/centers/${encodeURIComponent(center.id)}/edit`, text: t('common.edit') }),
      h('button', {
        type: 'button', class: 'btn btn-danger-outline', text: t('common.delete'),
        onClick: (e) => remove(center, e.currentTarget, status),
      })) : null,
    h('section', { class: 'section people-of-center', 'aria-labelledby': 'center-people-title' },
      h('h2', { id: 'center-people-title', text: t('center.people') })));
}

async function remove(center, button, status) {
  const ok = await confirmDialog({
    title: t('center.deleteTitle', { name: center.name }),
    message: t('center.deleteBody'),
    confirmLabel: t('common.delete'),
    danger: true,
  });
  if (!ok) return;
  try {
    await busy(button, () => api.del(`/api/centers/${encodeURIComponent(center.id)}`));
    setFlash(t('center.deleted', { name: center.name }));
    location.hash = '#/centers';
  } catch (err) {
    clear(status, notice('error', describeError(err)));
  }
}

async function loadPeople(center, ctx, section) {
  // Staff see the people of their own center only; for another center the server would refuse.
  const own = ctx.me && String(ctx.me.centerId) === String(center.id);
  if (!ctx.isCoordinator && !own) {
    append(section, h('p', { class: 'muted', text: t('center.peopleOtherCenter') }));
    return;
  }
  const slot = h('div', {}, loading());
  append(section, slot);
  let page;
  try {
    page = await api.get('/api/people', { centerId: center.id, limit: 200 });
  } catch (err) {
    clear(slot, errorBox(err, () => { clear(section, section.firstChild); loadPeople(center, ctx, section); }));
    return;
  }
  if (!page.people.length) {
    clear(slot, h('p', { class: 'empty', text: t('center.noPeople') }));
  } else {
    clear(slot, h('ul', { class: 'plain-list' }, page.people.map((p) => h('li', {},
      h('span', { class: 'strong', text: p.name }), ' ',
      h('span', { class: 'muted', text: formatList((p.roles || []).map(roleLabel)) }),
      ctx.isCoordinator && p.status ? h('span', { class: `tag tag-${p.status}`, text: statusLabel(p.status) }) : null))));
  }
  append(slot, h('p', {}, h('a', {
    href: `#/people?centerId=${encodeURIComponent(center.id)}`,
    text: ctx.isCoordinator ? t('center.managePeople') : t('center.allPeople'),
  })));
}

/** Splits a list typed in a text area: one per line, or separated by ";" as in the CSV files. */
function splitList(text) {
  return text.split(/[;\n；]/).map((s) => s.trim()).filter(Boolean);
}

function parseNumber(text) {
  // Full-width digits come from Japanese input methods; accept them.
  const normal = text.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/ー/g, '-');
  return normal === '' ? null : Number(normal);
}

let zoneList = null;

/** A datalist of the time zones the browser knows, offered as suggestions for the time-zone field. */
function zoneDatalist() {
  if (!zoneList) {
    zoneList = h('datalist', { id: 'time-zones' });
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Tokyo'];
    append(zoneList, zones.map((z) => h('option', { value: z })));
  }
  return zoneList;
}

function centerForm(center) {
  const c = center || { timeZone: 'Asia/Tokyo', languages: ['ja'] };
  const fields = {
    code: field({ name: 'code', label: t('field.code'), value: c.code, required: true, hint: t('center.codeHint'),
      attrs: { autocapitalize: 'none', spellcheck: 'false', maxlength: 64 } }),
    name: field({ name: 'name', label: t('field.centerName'), value: c.name, required: true, attrs: { maxlength: 200 } }),
    city: field({ name: 'city', label: t('field.city'), value: c.city, required: true, attrs: { maxlength: 100 } }),
    prefecture: field({ name: 'prefecture', label: t('field.prefecture'), value: c.prefecture, required: true,
      hint: t('center.prefectureHint'), attrs: { maxlength: 100 } }),
    region: field({ name: 'region', label: t('field.region'), value: c.region, hint: t('center.regionHint'), attrs: { maxlength: 100 } }),
    timeZone: field({ name: 'timeZone', label: t('field.timeZone'), value: c.timeZone, hint: t('center.timeZoneHint'),
      attrs: { list: 'time-zones', autocapitalize: 'none', spellcheck: 'false' } }),
    latitude: field({ name: 'latitude', label: t('field.latitude'), value: c.latitude ?? '', hint: t('center.latitudeHint'),
      attrs: { inputmode: 'decimal' } }),
    longitude: field({ name: 'longitude', label: t('field.longitude'), value: c.longitude ?? '', hint: t('center.longitudeHint'),
      attrs: { inputmode: 'decimal' } }),
    topics: field({ name: 'topics', label: t('field.topics'), kind: 'textarea', value: (c.topics || []).join('\n'),
      hint: t('center.topicsHint') }),
    languages: field({ name: 'languages', label: t('field.languages'), value: (c.languages || []).join('; '),
      hint: t('center.languagesHint'), attrs: { autocapitalize: 'none', spellcheck: 'false' } }),
    contactEmail: field({ name: 'contactEmail', label: t('field.contactEmail'), type: 'email', value: c.contactEmail,
      attrs: { inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' } }),
  };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: center ? t('common.save') : t('center.create') });
  const cancelHref = center ? `#/centers/${encodeURIComponent(center.id)}` : '#/centers';
  const form = h('form', { class: 'form', novalidate: true },
    Object.values(fields).map((f) => f.el),
    zoneDatalist(),
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn btn-secondary', href: cancelHref, text: t('common.cancel') })));
  const errors = formErrors(form, fields);
  let key = idempotencyKey();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, problems } = collect(fields);
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    try {
      const saved = await busy(submit, () => (center
        ? api.put(`/api/centers/${encodeURIComponent(center.id)}`, body)
        : api.post('/api/centers', body, { headers: { 'Idempotency-Key': key } })));
      setFlash(t(center ? 'center.saved' : 'center.created', { name: saved.name }));
      location.hash = `#/centers/${encodeURIComponent(saved.id)}`;
    } catch (err) {
      // A new key once the server has answered: the next attempt is a different request.
      if (!(err instanceof NetworkError)) key = idempotencyKey();
      if (err instanceof ApiError && err.code === 'code_taken') errors.show([{ field: 'code', message: t('error.code.code_taken') }]);
      else errors.showError(err);
    }
  });
  return form;
}

/** The request body from the form, and what is wrong with it in words (the server's rules, checked early). */
function collect(fields) {
  const problems = [];
  const need = (name) => { if (!fields[name].value) problems.push({ field: name, message: t('form.error.required') }); };
  ['code', 'name', 'city', 'prefecture'].forEach(need);

  const timeZone = fields.timeZone.value || 'Asia/Tokyo';
  if (!isKnownTimeZone(timeZone)) problems.push({ field: 'timeZone', message: t('form.error.timeZone') });

  const coordinate = (name, limit) => {
    const n = parseNumber(fields[name].value);
    if (n === null) return null;
    if (!Number.isFinite(n)) problems.push({ field: name, message: t('form.error.number') });
    else if (n < -limit || n > limit) problems.push({ field: name, message: t('form.error.range', { min: -limit, max: limit }) });
    return n;
  };
  const latitude = coordinate('latitude', 90);
  const longitude = coordinate('longitude', 180);

  const contactEmail = fields.contactEmail.value || null;
  if (contactEmail && !EMAIL.test(contactEmail)) problems.push({ field: 'contactEmail', message: t('form.error.email') });

  return {
    problems,
    body: {
      code: fields.code.value,
      name: fields.name.value,
      city: fields.city.value,
      prefecture: fields.prefecture.value,
      region: fields.region.value || null,
      timeZone,
      latitude,
      longitude,
      topics: splitList(fields.topics.input.value),
      languages: fields.languages.value.split(/[;,、\s]+/).map((s) => s.trim()).filter(Boolean),
      contactEmail,
    },
  };
}
