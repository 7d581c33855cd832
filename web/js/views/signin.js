// Sign-in with e-mail and password. Shown whenever the server says nobody is signed in.

import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, field, formErrors, busy, notice } from '../ui.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

export function render(root, ctx) {
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
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('signin.submit') });

  const form = h('form', { class: 'form', novalidate: true },
    email.el, password.el,
    h('div', { class: 'field' }, h('label', { class: 'choice', for: show.id }, show, h('span', { text: t('signin.showPassword') }))),
    h('div', { class: 'actions' }, submit));
  const errors = formErrors(form, { email, password }, { failedTitle: t('signin.failed') });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = [];
    if (!email.value) problems.push({ field: 'email', message: t('form.error.required') });
    else if (!EMAIL.test(email.value)) problems.push({ field: 'email', message: t('form.error.email') });
    if (!password.input.value) problems.push({ field: 'password', message: t('form.error.required') });
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    try {
      const answer = await busy(submit, () => api.post('/api/auth/login',
        { email: email.value, password: password.input.value }, { allow401: true }));
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
    h('p', { class: 'hint', text: t('signin.noPassword') }));
}
