// The page behind an invitation link (/invite/{token}): the invited person sets a password and
// is signed in. The very first link (setup) also asks the coordinator's e-mail address and name.

import { h, append, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, field, formErrors, busy, loading, errorBox, notice, details } from '../ui.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;
const MIN_PASSWORD = 12; // the server's rule (platform/Passwords.java)

export async function render(root, ctx) {
  ctx.setTitle(t('invite.title'));
  const title = heading(t('invite.title'));
  const body = h('div', {}, loading());
  append(root, title, body);

  const token = ctx.params.token;
  let invitation;
  try {
    invitation = await api.get(`/api/invitations/${encodeURIComponent(token)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) clear(body, unusable('invitation_not_found'));
    else clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  if (invitation.state !== 'valid') {
    clear(body, unusable(`invitation_${invitation.state}`));
    return;
  }
  if (invitation.setup) {
    title.textContent = t('invite.setupTitle');
    ctx.setTitle(t('invite.setupTitle'));
  }
  clear(body, form(invitation, token, ctx));
}

/** Used, expired or unknown link: say so, and what to do instead. */
function unusable(code) {
  return h('div', {},
    notice('error', t(`error.code.${code}`)),
    h('p', {}, h('a', { href: '/#/', text: t('invite.goToSignIn') })));
}

function form(invitation, token, ctx) {
  const fields = {};
  if (invitation.setup) {
    fields.email = field({
      name: 'email', label: t('field.email'), type: 'email', required: true,
      attrs: { autocomplete: 'email', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' },
    });
  }
  fields.name = field({
    name: 'name', label: t('field.name'), required: invitation.setup, value: invitation.name || '',
    hint: invitation.setup ? null : t('invite.nameHint'), attrs: { autocomplete: 'name' },
  });
  fields.password = field({
    name: 'password', label: t('invite.newPassword'), type: 'password', required: true,
    hint: t('form.passwordRule', { min: MIN_PASSWORD }), attrs: { autocomplete: 'new-password' },
  });
  fields.confirm = field({
    name: 'confirm', label: t('invite.confirmPassword'), type: 'password', required: true,
    attrs: { autocomplete: 'new-password' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('invite.submit') });
  const el = h('form', { class: 'form', novalidate: true },
    invitation.setup ? h('p', { class: 'lead', text: t('invite.setupLead') })
      : h('div', {}, h('p', { class: 'lead', text: t('invite.lead') }),
        details([[t('field.name'), invitation.name], [t('field.email'), invitation.email]])),
    // Lets a password manager store the new password under the right e-mail address.
    invitation.setup ? null : h('input', { type: 'email', autocomplete: 'username', value: invitation.email || '', hidden: true, readonly: true, tabindex: '-1' }),
    Object.values(fields).map((f) => f.el),
    h('div', { class: 'actions' }, submit));
  const errors = formErrors(el, fields);

  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = fields.password.input.value;
    const problems = [];
    if (fields.email && !fields.email.value) problems.push({ field: 'email', message: t('form.error.required') });
    else if (fields.email && !EMAIL.test(fields.email.value)) problems.push({ field: 'email', message: t('form.error.email') });
    if (invitation.setup && !fields.name.value) problems.push({ field: 'name', message: t('form.error.required') });
    if ([...password].length < MIN_PASSWORD) problems.push({ field: 'password', message: t('form.error.passwordShort', { min: MIN_PASSWORD }) });
    if (password !== fields.confirm.input.value) problems.push({ field: 'confirm', message: t('invite.mismatch') });
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    const payload = { password };
    // Only send a name that was typed or changed: the coordinator's spelling stays otherwise.
    if (fields.name.value && fields.name.value !== (invitation.name || '')) payload.name = fields.name.value;
    if (fields.email) payload.email = fields.email.value;
    try {
      const answer = await busy(submit, () => api.post(`/api/invitations/${encodeURIComponent(token)}/accept`, payload));
      await ctx.signedIn(answer.person);
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) {
        el.replaceWith(unusable(err.code === 'invitation_used' ? 'invitation_used' : 'invitation_expired'));
        return;
      }
      errors.showError(err);
    }
  });
  return el;
}
