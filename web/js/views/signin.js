// Sign-in, shown whenever the server says nobody is signed in: with e-mail and password, or by a
// one-time link sent by e-mail (POST /api/auth/link). The e-mailed link opens /signin/{token}, where
// this view offers the button that uses it (POST /api/auth/link/{token}): a mail scanner that opens
// the link without clicking uses nothing. Both offer "keep me signed in" (README, "Security").

import { h, append, clear, focusOn } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, field, formErrors, busy, notice, describeError } from '../ui.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;
const KEEP_DAYS = 30; // the server's default security.keepSignedInDays (README, "Configuration")
const LINK_MINUTES = 15; // the server's default security.signInLinkMinutes
const LINK_PREFIX = '/signin/';

export function render(root, ctx) {
  if (location.pathname.startsWith(LINK_PREFIX) && location.pathname.length > LINK_PREFIX.length) {
    renderLink(root, ctx, decodeURIComponent(location.pathname.slice(LINK_PREFIX.length)));
    return;
  }
  renderPassword(root, ctx);
}

/** "Keep me signed in" with its meaning on a shared computer read out with it. */
function keepSignedIn(name) {
  const input = h('input', { type: 'checkbox', id: `${name}-keep`, name: 'remember' });
  const hintId = `${name}-keep-hint`;
  input.setAttribute('aria-describedby', hintId);
  return {
    input,
    el: h('div', { class: 'field' },
      h('label', { class: 'choice', for: input.id }, input,
        h('span', {}, h('span', { class: 'strong block', text: t('signin.keep') }),
          h('span', { class: 'choice-hint', id: hintId, text: t('signin.keepHint', { days: KEEP_DAYS }) })))),
  };
}

function renderPassword(root, ctx) {
  ctx.setTitle(t('signin.title'));
  const email = field({
    name: 'email', label: t('field.email'), type: 'email', required: true,
    attrs: { autocomplete: 'username', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' },
  });
  const password = field({
    name: 'password', label: t('field.password'), type: 'password', required: true,
    attrs: { autocomplete: 'current-password' },
  });
  const show = h('input', { type: 'checkbox', id: 'signin-show-password' });
  // Many of our users type on a phone; seeing the password avoids repeated failed attempts.
  show.addEventListener('change', () => { password.input.type = show.checked ? 'text' : 'password'; });
  const keep = keepSignedIn('signin');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('signin.submit') });

  const form = h('form', { class: 'form', novalidate: true },
    email.el, password.el,
    h('div', { class: 'field' }, h('label', { class: 'choice', for: show.id }, show, h('span', { text: t('signin.showPassword') }))),
    keep.el,
    h('div', { class: 'actions' }, submit));
  const errors = formErrors(form, { email, password }, { failedTitle: t('signin.failed') });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = emailProblems(email);
    if (!password.input.value) problems.push({ field: 'password', message: t('form.error.required') });
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    try {
      const answer = await busy(submit, () => api.post('/api/auth/login',
        { email: email.value, password: password.input.value, remember: keep.input.checked }, { allow401: true }));
      await ctx.signedIn(answer.person);
    } catch (err) {
      // Wrong credentials are not tied to one field: saying which one was wrong would tell an
      // attacker which e-mail addresses exist.
      if (err instanceof ApiError && err.status === 401) errors.show([], t('error.code.invalid_credentials'));
      else errors.showError(err);
      password.input.value = '';
    }
  });

  append(root,
    heading(t('signin.title')),
    ctx.sessionEnded ? notice('info', t('signin.sessionEnded')) : null,
    h('p', { class: 'lead', text: t('signin.lead') }),
    form,
    linkSection(email),
    h('p', { class: 'hint', text: t('signin.noPassword') }));
}

function emailProblems(email) {
  if (!email.value) return [{ field: 'email', message: t('form.error.required') }];
  if (!EMAIL.test(email.value)) return [{ field: 'email', message: t('form.error.email') }];
  return [];
}

/**
 * Asks for a sign-in link to the address typed above. The answer is the same whether or not the
 * address is registered (the server says nothing else), so this page says nothing else either.
 */
function linkSection(email) {
  const send = h('button', { type: 'button', class: 'btn btn-secondary', text: t('signin.link.request') });
  const result = h('div', {});
  const errorLine = h('p', { class: 'field-error', role: 'alert', hidden: true });
  send.addEventListener('click', async () => {
    clear(result);
    errorLine.hidden = true;
    const problems = emailProblems(email);
    email.setError(problems.length ? problems[0].message : null);
    if (problems.length) {
      email.focus();
      return;
    }
    try {
      const answer = await busy(send, () => api.post('/api/auth/link', { email: email.value }, { allow401: true }));
      const box = notice('success', t('signin.link.sent'), t('signin.link.sentHint', { minutes: answer?.validMinutes || LINK_MINUTES }));
      // In the .actions spacing: the box is not glued to the button above it.
      clear(result, h('div', { class: 'actions' }, box));
      focusOn(box);
    } catch (err) {
      clear(errorLine, describeError(err));
      errorLine.hidden = false;
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'signin-link-title' },
    h('h2', { id: 'signin-link-title', text: t('signin.link.title') }),
    h('p', { text: t('signin.link.lead', { minutes: LINK_MINUTES }) }),
    h('div', { class: 'actions' }, send),
    errorLine,
    result);
}

/** The page of the e-mailed link: one button signs in (with the choice to stay signed in). */
function renderLink(root, ctx, token) {
  ctx.setTitle(t('signin.link.pageTitle'));
  const keep = keepSignedIn('link');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('signin.link.use') });
  const result = h('div', {});
  const form = h('form', { class: 'form', novalidate: true }, keep.el, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    try {
      const answer = await busy(submit, () => api.post(`/api/auth/link/${encodeURIComponent(token)}`,
        { remember: keep.input.checked }, { allow401: true }));
      await ctx.signedIn(answer.person);
    } catch (err) {
      const used = err instanceof ApiError && err.code === 'sign_in_link_not_valid';
      const box = notice('error', used ? t('signin.link.notValid') : describeError(err),
        h('p', {}, h('a', { href: '/#/', text: t('signin.link.backToSignIn') })));
      clear(result, h('div', { class: 'actions' }, box));
      focusOn(box);
    }
  });
  append(root,
    heading(t('signin.link.pageTitle')),
    h('p', { class: 'lead', text: t('signin.link.pageLead') }),
    form,
    result);
}
