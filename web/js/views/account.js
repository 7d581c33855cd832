// My account: who I am, my display name, a new password, and a private calendar address for
// one's sessions. The language is switched in the header and saved to the account there.

import { h, append, clear, focusOn } from '../dom.js';
import { t, formatList } from '../i18n.js';
import { api } from '../api.js';
import { heading, details, field, formErrors, busy, notice, roleLabel, confirmDialog, describeError } from '../ui.js';

const MIN_PASSWORD = 12; // the server's rule (platform/Passwords.java)

export function render(root, ctx) {
  ctx.setTitle(t('account.title'));
  const me = ctx.me;
  append(root,
    heading(t('account.title')),
    details([
      [t('field.name'), me.name],
      [t('field.email'), me.email],
      [t('field.roles'), formatList((me.roles || []).map(roleLabel))],
      [t('field.center'), me.centerId ? h('a', { href: `#/centers/${encodeURIComponent(me.centerId)}`, text: t('account.myCenter') }) : null],
      [t('field.locale'), t(`locale.${me.locale}`)],
    ]),
    nameSection(ctx),
    passwordSection(me.email),
    calendarFeedSection());
}

function nameSection(ctx) {
  const name = field({ name: 'name', label: t('field.name'), value: ctx.me.name, required: true,
    attrs: { autocomplete: 'name', maxlength: 200 } });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('account.saveName') });
  const result = h('div', {});
  const form = h('form', { class: 'form', novalidate: true }, name.el, h('div', { class: 'actions' }, submit));
  const errors = formErrors(form, { name });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    if (!name.value) {
      errors.show([{ field: 'name', message: t('form.error.required') }]);
      return;
    }
    errors.clear();
    try {
      await busy(submit, () => api.patch('/api/me', { name: name.value }));
      await ctx.refreshMe(); // the header shows the name too
      const message = notice('success', t('account.nameSaved'));
      clear(result, message);
      focusOn(message);
    } catch (err) {
      errors.showError(err);
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'account-name-title' },
    h('h2', { id: 'account-name-title', text: t('account.nameTitle') }), form, result);
}

function passwordSection(email) {
  const fields = {
    currentPassword: field({ name: 'currentPassword', label: t('account.currentPassword'), type: 'password', required: true,
      attrs: { autocomplete: 'current-password' } }),
    newPassword: field({ name: 'newPassword', label: t('account.newPassword'), type: 'password', required: true,
      hint: t('form.passwordRule', { min: MIN_PASSWORD }), attrs: { autocomplete: 'new-password' } }),
    confirm: field({ name: 'confirm', label: t('invite.confirmPassword'), type: 'password', required: true,
      attrs: { autocomplete: 'new-password' } }),
  };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('account.changePassword') });
  const result = h('div', {});
  const form = h('form', { class: 'form', novalidate: true },
    // Lets a password manager update the password stored for this e-mail address.
    h('input', { type: 'email', autocomplete: 'username', value: email || '', hidden: true, readonly: true, tabindex: '-1' }),
    Object.values(fields).map((f) => f.el), h('div', { class: 'actions' }, submit));
  const errors = formErrors(form, fields);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    const current = fields.currentPassword.input.value;
    const next = fields.newPassword.input.value;
    const problems = [];
    if (!current) problems.push({ field: 'currentPassword', message: t('form.error.required') });
    if ([...next].length < MIN_PASSWORD) problems.push({ field: 'newPassword', message: t('form.error.passwordShort', { min: MIN_PASSWORD }) });
    if (next !== fields.confirm.input.value) problems.push({ field: 'confirm', message: t('invite.mismatch') });
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    try {
      await busy(submit, () => api.put('/api/me/password', { currentPassword: current, newPassword: next }));
      Object.values(fields).forEach((f) => { f.input.value = ''; });
      const message = notice('success', t('account.passwordChanged'));
      clear(result, message);
      focusOn(message);
    } catch (err) {
      errors.showError(err);
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'account-password-title' },
    h('h2', { id: 'account-password-title', text: t('account.passwordTitle') }),
    h('p', { class: 'hint', text: t('account.passwordNote') }),
    form, result);
}

/**
 * A private address that calendar programs subscribe to (all sessions of one's center and those
 * one facilitates). The server keeps only one per person: making a new one revokes the old, and
 * an existing one cannot be read back, so the address is shown once, right after it is made.
 */
function calendarFeedSection() {
  const make = h('button', { type: 'button', class: 'btn btn-primary', text: t('feed.create') });
  const result = h('div', {});
  let shown = false;

  make.addEventListener('click', async () => {
    if (shown) {
      const ok = await confirmDialog({ title: t('feed.renewTitle'), message: t('feed.renewBody'), confirmLabel: t('feed.renew'), danger: true });
      if (!ok) return;
    }
    clear(result);
    let feed;
    try {
      feed = await busy(make, () => api.post('/api/me/calendar-feed'));
    } catch (err) {
      const box = notice('error', describeError(err));
      clear(result, box);
      focusOn(box);
      return;
    }
    shown = true;
    make.textContent = t('feed.renew');
    clear(result, feedBox(feed.url));
    result.querySelector('textarea')?.focus();
  });

  return h('section', { class: 'section', 'aria-labelledby': 'account-feed-title' },
    h('h2', { id: 'account-feed-title', text: t('feed.title') }),
    h('p', { text: t('feed.lead') }),
    h('p', { class: 'hint', text: t('feed.revokeNote') }),
    h('p', { class: 'hint', text: t('feed.secretNote') }),
    h('div', { class: 'actions' }, make),
    result);
}

function feedBox(url) {
  // A text area, so the whole address can be read on a phone before it is copied.
  const address = field({ name: 'feed-url', label: t('feed.url'), kind: 'textarea', value: url, hint: t('feed.urlHint'),
    attrs: { readonly: true, spellcheck: 'false', autocapitalize: 'none', rows: 3 } });
  address.input.classList.add('mono', 'feed-url');
  address.input.addEventListener('focus', () => address.input.select());
  const copied = h('p', { class: 'copy-status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn btn-secondary', text: t('feed.copy'),
    'aria-label': `${t('feed.copy')}: ${t('feed.url')}` });
  copy.addEventListener('click', async () => {
    clear(copied);
    const ok = await copyText(address.input);
    clear(copied, ok ? t('feed.copied') : t('feed.copyFailed'));
    copied.classList.toggle('field-error', !ok);
    if (!ok) address.input.focus();
  });
  return h('div', { class: 'notice notice-success feed-box' },
    h('p', { class: 'strong', text: t('feed.created') }),
    address.el,
    h('div', { class: 'row-actions' }, copy),
    copied);
}

/** Copies the field's text: the Clipboard API where the page may use it, else the selection. */
async function copyText(input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // refused (permissions): fall back to copying the selection
  }
  try {
    input.focus();
    input.select();
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
