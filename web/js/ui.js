// Shared pieces of the views: headings, loading and error messages, a confirmation dialog, form
// fields with their errors, and paging. Kept here so every view says things the same way.

import { h, clear, uid, focusOn } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { ApiError, NetworkError } from './api.js';

/** The view's h1; focusable so the app can move focus to it after navigation. */
export function heading(text) {
  return h('h1', { class: 'page-title', tabindex: '-1', text });
}

export function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('common.loading') });
}

const STATUS_MESSAGES = {
  403: 'error.forbidden',
  404: 'error.notFound',
  413: 'error.tooLarge',
  429: 'error.tooMany',
  503: 'error.unavailable',
};

// Error codes with a message of our own in both languages; for any other code the server's own
// words are shown (they are written for people, but only in English).
const CODE_MESSAGES = {
  invalid_credentials: 'error.code.invalid_credentials',
  invitation_not_found: 'error.code.invitation_not_found',
  invitation_used: 'error.code.invitation_used',
  invitation_expired: 'error.code.invitation_expired',
  center_in_use: 'error.code.center_in_use',
  person_in_use: 'error.code.person_in_use',
  code_taken: 'error.code.code_taken',
  email_taken: 'error.code.email_taken',
  last_coordinator: 'error.code.last_coordinator',
  already_set_up: 'error.code.already_set_up',
  too_many_rows: 'error.code.too_many_rows',
  unsupported_media_type: 'error.code.unsupported_media_type',
  missing_body: 'error.code.missing_body',
  busy: 'error.code.busy',
};

/** Any failure in words for the viewer: never a stack trace, never just a status number. */
export function describeError(err) {
  if (err instanceof NetworkError) return t('error.network');
  if (!(err instanceof ApiError)) return t('error.unknown');
  if (err.code === 'too_many_attempts') {
    return tn('error.tooManyAttempts', Math.max(1, Math.ceil((err.retryAfter || 60) / 60)));
  }
  if (CODE_MESSAGES[err.code]) return t(CODE_MESSAGES[err.code]);
  if (err.status >= 500 && err.status !== 503) return t('error.server');
  if (STATUS_MESSAGES[err.status]) return t(STATUS_MESSAGES[err.status]);
  return err.serverMessage || t('error.unknown');
}

/** An error message box; with onRetry, a button to try again. */
export function errorBox(err, onRetry) {
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', { text: describeError(err) }),
    onRetry ? h('button', { type: 'button', class: 'btn btn-secondary', onClick: onRetry, text: t('common.retry') }) : null);
}

/** A message box: kind "success" is announced politely, "error" at once. */
export function notice(kind, ...content) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    content.map((c) => (typeof c === 'string' ? h('p', { text: c }) : c)));
}

/**
 * Asks before doing something that cannot be undone. A native modal <dialog> keeps focus inside
 * and closes on Escape; focus goes back where it was.
 */
export function confirmDialog({ title, message, confirmLabel, cancelLabel, danger = false }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const titleId = uid('dlg');
    // cancelLabel: when "Cancel" would be ambiguous (cancelling a sign-up, say), the safe choice in words.
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary', text: cancelLabel || t('common.cancel') });
    const ok = h('button', { type: 'button', class: ['btn', danger ? 'btn-danger' : 'btn-primary'], text: confirmLabel });
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId, text: title }),
      message ? h('p', { text: message }) : null,
      h('div', { class: 'actions' }, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dialog.close(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (previous && previous.isConnected) previous.focus();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice is the default one
  });
}

/**
 * A labelled form control with an optional hint and an error slot, joined by aria-describedby.
 * kind: "input" (default, with type), "textarea", "select" (options: [{value, label}]).
 */
export function field({ name, label, kind = 'input', type = 'text', value = '', required = false, hint,
  options = [], attrs = {} }) {
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control;
  if (kind === 'select') {
    control = h('select', { id, name, ...attrs },
      options.map((o) => h('option', { value: o.value, text: o.label, selected: String(o.value) === String(value) })));
  } else if (kind === 'textarea') {
    control = h('textarea', { id, name, rows: 3, ...attrs });
    control.value = value ?? '';
  } else {
    control = h('input', { id, name, type, ...attrs });
    control.value = value ?? '';
  }
  if (required) control.setAttribute('aria-required', 'true');
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const describe = () => [hintId, error.hidden ? null : errorId].filter(Boolean).join(' ');
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const wrap = h('div', { class: 'field' },
    h('label', { for: id },
      h('span', { class: 'label-text', text: label }),
      required ? h('span', { class: 'badge-required', text: t('form.requiredBadge') }) : null),
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    error,
    control);
  return {
    name, label, el: wrap, input: control,
    get value() { return control.value.trim(); },
    setError(message) {
      error.hidden = !message;
      // "Error:" in words, so the state is not told by colour alone.
      clear(error, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
      wrap.classList.toggle('has-error', Boolean(message));
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const d = describe();
      if (d) control.setAttribute('aria-describedby', d);
      else control.removeAttribute('aria-describedby');
    },
    focus() { control.focus(); },
  };
}

/**
 * A group of checkboxes or radio buttons in a fieldset (the legend names the group for screen
 * readers). Same error behaviour as field(). choices: [{value, label}], value: array or string.
 */
export function choiceGroup({ name, legend, type = 'checkbox', choices, value, hint }) {
  const id = uid(`g-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const selected = new Set(Array.isArray(value) ? value : [value]);
  const inputs = [];
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const fieldset = h('fieldset', { class: 'field choices', id, 'aria-describedby': hintId },
    h('legend', { text: legend }),
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    error,
    choices.map((c) => {
      const input = h('input', { type, name, value: c.value, id: uid(`${name}-${c.value}`), checked: selected.has(c.value) });
      inputs.push(input);
      // c.hint: a line under the choice saying what it means, read out with it.
      const hintEl = c.hint ? h('span', { class: 'choice-hint', id: `${input.id}-hint`, text: c.hint }) : null;
      if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
      return h('label', { class: 'choice', for: input.id }, input,
        hintEl ? h('span', {}, h('span', { class: 'strong block', text: c.label }), hintEl) : h('span', { text: c.label }));
    }));
  return {
    name, label: legend, el: fieldset,
    get value() {
      const on = inputs.filter((i) => i.checked).map((i) => i.value);
      return type === 'radio' ? (on[0] ?? null) : on;
    },
    setError(message) {
      error.hidden = !message;
      clear(error, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
      fieldset.classList.toggle('has-error', Boolean(message));
      fieldset.setAttribute('aria-describedby', [hintId, message ? errorId : null].filter(Boolean).join(' '));
    },
    focus() { (inputs.find((i) => i.checked) || inputs[0]).focus(); },
  };
}

// The server's validation messages (platform/Problems.java) in the viewer's language, where we
// recognise them; anything else is shown as the server wrote it.
const PROBLEM_PATTERNS = [
  [/^Required\.$/, () => t('form.error.required')],
  [/^At most (\d+) characters\.$/, (m) => t('form.error.tooLong', { max: m[1] })],
  [/^At most (\d+) entries\.$/, (m) => t('form.error.tooManyEntries', { max: m[1] })],
  [/^Not a valid e-mail address\.$/, () => t('form.error.email')],
  [/^Must be between (\S+) and (\S+)\.$/, (m) => t('form.error.range', { min: m[1].replace(/\.0$/, ''), max: m[2].replace(/\.0$/, '') })],
  [/^Not a known time zone/, () => t('form.error.timeZone')],
  [/^Must be a single line/, () => t('form.error.singleLine')],
  [/^Must not contain control characters/, () => t('form.error.controlChars')],
  [/^The password must have at least (\d+)/, (m) => t('form.error.passwordShort', { min: m[1] })],
  [/^The current password is not right/, () => t('form.error.currentPassword')],
  [/^The password is too easy to guess/, () => t('form.error.passwordWeak')],
];

export function localizeProblem(message) {
  for (const [pattern, text] of PROBLEM_PATTERNS) {
    const m = pattern.exec(message || '');
    if (m) return text(m);
  }
  return message;
}

/**
 * Error display for one form: an error summary at the top (role=alert, links to each field) and
 * each message next to its field. fields: {name: field()}.
 */
export function formErrors(form, fields, { failedTitle } = {}) {
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  form.prepend(summary);
  const api = {
    clear() {
      summary.hidden = true;
      clear(summary);
      Object.values(fields).forEach((f) => f.setError(null));
    },
    /** list: [{field, message}] (field names as the API spells them); general: a message for the whole form. */
    show(list, general) {
      api.clear();
      const byField = new Map();
      const loose = general ? [general] : [];
      for (const { field: name, message } of list) {
        if (fields[name]) byField.set(name, [...(byField.get(name) || []), message]);
        else loose.push(message);
      }
      for (const [name, messages] of byField) fields[name].setError(messages.join(' '));
      clear(summary,
        // "Check what you entered" only when something entered is wrong; otherwise say it failed.
        h('h2', { text: byField.size ? t('form.errorTitle') : (failedTitle || t('form.failedTitle')) }),
        loose.map((m) => h('p', { text: m })),
        byField.size ? h('ul', {}, [...byField].map(([name, messages]) => h('li', {},
          h('a', {
            href: `#${fields[name].input ? fields[name].input.id : fields[name].el.id}`,
            // Handled here: a bare #id would otherwise be taken for a route by the hash router.
            onClick: (e) => { e.preventDefault(); fields[name].focus(); },
            text: `${fields[name].label}: ${messages.join(' ')}`,
          })))) : null);
      summary.hidden = false;
      focusOn(summary);
    },
    /** Shows a failed request: field problems next to their fields, anything else in the summary. */
    showError(err) {
      if (err instanceof ApiError && (err.problems || err.field)) {
        const list = err.problems && err.problems.length
          ? err.problems.map((p) => ({ field: p.field, message: localizeProblem(p.message) }))
          : [{ field: err.field, message: CODE_MESSAGES[err.code] ? describeError(err) : localizeProblem(err.serverMessage) }];
        api.show(list);
      } else {
        api.show([], describeError(err));
      }
    },
  };
  return api;
}

/** Disables a form's submit button while a request runs, so one click sends one request. */
export async function busy(button, work) {
  const hadFocus = document.activeElement === button;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    // Disabling drops focus to <body>; give it back so a keyboard user keeps their place.
    if (hadFocus && button.isConnected && (document.activeElement === document.body || !document.activeElement)) button.focus();
  }
}

/** "1–50 of 120" with previous/next buttons; onPage(newOffset). Nothing when everything fits. */
export function pager({ offset, limit, total, shown, onPage }) {
  if (total <= limit && offset === 0) return null;
  const from = shown ? offset + 1 : 0;
  const to = offset + shown;
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('p', { text: t('pager.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) }) }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', disabled: offset === 0,
        onClick: () => onPage(Math.max(0, offset - limit)), text: t('pager.previous') }),
      h('button', { type: 'button', class: 'btn btn-secondary', disabled: to >= total,
        onClick: () => onPage(offset + limit), text: t('pager.next') })));
}

export function roleLabel(role) {
  return t(`role.${role}`);
}

export function statusLabel(status) {
  return t(`status.${status}`);
}

/** A definition list of label/value pairs; empty values are shown as a dash in words. */
export function details(pairs) {
  return h('dl', { class: 'details' }, pairs.map(([label, value]) => h('div', { class: 'details-row' },
    h('dt', { text: label }),
    h('dd', {}, value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)
      ? h('span', { class: 'muted', text: t('common.none') })
      : value))));
}

// A message for the next view (after a save or a delete moves elsewhere); the app shows it
// below the new page's heading and moves focus to it, so it is heard as well as seen.
let pendingFlash = null;

export function setFlash(text) {
  pendingFlash = text;
}

/**
 * A form's save: runs {@code send} with the button busy; on success leaves {@code flash} for the redrawn
 * page and redraws it; a 422 puts each problem next to its field in the viewer's language
 * ({@code problemText}), any other failure in the form's error box.
 */
export function saveAndRedraw(button, errors, { send, flash, redraw, problemText }) {
  return busy(button, async () => {
    try {
      await send();
      setFlash(flash);
      redraw();
    } catch (err) {
      if (err instanceof ApiError && err.problems && err.problems.length) {
        errors.show(err.problems.map((x) => ({ field: x.field, message: problemText(x) })));
      } else {
        errors.showError(err);
      }
    }
  });
}

export function takeFlash() {
  const text = pendingFlash;
  pendingFlash = null;
  return text;
}
