// CSV import of centers and of people (coordinators). The file goes to the server byte for byte:
// spreadsheets in Japan save Shift_JIS as often as UTF-8, and the server detects which.

import { h, append, clear, focusOn, uid } from '../dom.js';
import { t, tn, formatNumber, getLang } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { bulkInvite } from '../bulk-invite.js';
import { heading, notice, busy, describeError, localizeProblem, field, formErrors } from '../ui.js';

const MAX_BYTES = 16 * 1024 * 1024; // the server's import body limit (config http.importBodyLimitBytes)
const MAX_ROWS_SHOWN = 500; // a long list of problems is still useful; a huge table is not

// Columns of each file as the server reads them (the README, "CSV files"): English header,
// Japanese header, required, and the key of a note.
const FORMATS = {
  centers: {
    path: '/api/centers/import',
    columns: [
      ['code', 'コード', true, 'import.note.code'],
      ['name', '名称', true, null],
      ['city', '市区町村', true, null],
      ['prefecture', '都道府県', true, null],
      ['region', '地方', false, 'import.note.region'],
      ['time_zone', 'タイムゾーン', false, 'import.note.timeZone'],
      ['latitude', '緯度', false, null],
      ['longitude', '経度', false, null],
      ['topics', '関心テーマ', false, 'import.note.list'],
      ['languages', '言語', false, 'import.note.languages'],
      ['contact_email', '連絡先メール', false, null],
    ],
  },
  people: {
    path: '/api/people/import',
    columns: [
      ['email', 'メール', true, 'import.note.email'],
      ['name', '氏名', true, null],
      ['center_code', 'センターコード', false, 'import.note.centerCode'],
      ['roles', '役割', false, 'import.note.roles'],
      ['locale', '言語', false, 'import.note.locale'],
    ],
  },
};

export function render(root, ctx) {
  ctx.setTitle(t('import.title'));
  if (!ctx.isCoordinator) {
    append(root, heading(t('import.title')), notice('error', t('error.forbidden')));
    return;
  }
  append(root,
    heading(t('import.title')),
    h('p', { class: 'lead', text: t('import.lead') }),
    h('p', { class: 'hint', text: t('import.encodings') }),
    section('centers'),
    section('people'));
}

function section(kind) {
  const format = FORMATS[kind];
  const titleId = `import-${kind}-title`;
  const file = field({
    name: 'file', label: t(`import.${kind}.file`), type: 'file', hint: t('import.fileHint'),
    attrs: { accept: '.csv,text/csv' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t(`import.${kind}.submit`) });
  const result = h('div', { class: 'import-result' });
  const form = h('form', { class: 'form', novalidate: true }, file.el, h('div', { class: 'actions' }, submit));
  const errors = formErrors(form, { file });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    const chosen = file.input.files && file.input.files[0];
    if (!chosen) {
      errors.show([{ field: 'file', message: t('import.noFile') }]);
      return;
    }
    if (chosen.size > MAX_BYTES) {
      errors.show([{ field: 'file', message: t('import.fileTooLarge', { max: formatNumber(16) }) }]);
      return;
    }
    errors.clear();
    clear(result, h('p', { class: 'loading', role: 'status', text: t('import.sending', { name: chosen.name }) }));
    let outcome;
    try {
      const answer = await busy(submit, () => api.upload(format.path, chosen));
      outcome = notice('success',
        h('h3', { text: t('import.done') }),
        t('import.counts', { created: formatNumber(answer.created), updated: formatNumber(answer.updated) }));
      if (kind === 'people') {
        // Right after an import: invite everyone who came in (and anyone else not invited yet).
        const invites = bulkInvite({});
        outcome.append(invites.el);
        invites.refresh();
      }
    } catch (err) {
      outcome = failure(err, format);
    }
    clear(result, outcome);
    focusOn(outcome); // the result is the answer to the button just pressed: read it next
  });

  return h('section', { class: 'section', 'aria-labelledby': titleId },
    h('h2', { id: titleId, text: t(`import.${kind}.title`) }),
    h('p', { text: t(`import.${kind}.lead`) }),
    columnsTable(format.columns),
    form,
    result);
}

function columnsTable(columns) {
  return h('details', { class: 'columns' },
    h('summary', { text: t('import.columnsSummary') }),
    h('table', { class: 'data-table compact' },
      h('caption', { class: 'vh', text: t('import.columnsCaption') }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('import.col.english') }),
        h('th', { scope: 'col', text: t('import.col.japanese') }),
        h('th', { scope: 'col', text: t('import.col.required') }),
        h('th', { scope: 'col', text: t('import.col.note') }))),
      h('tbody', {}, columns.map(([en, ja, required, note]) => h('tr', {},
        h('td', { class: 'mono', text: en }),
        h('td', { lang: 'ja', text: ja }),
        h('td', { text: required ? t('import.required') : t('import.optional') }),
        h('td', { text: note ? t(note) : '' }))))));
}

/** "Nothing was imported" with every problem by line, or the one reason the file was refused. */
function failure(err, format) {
  if (err instanceof ApiError && err.code === 'invalid_rows' && err.rows) {
    const rows = err.rows;
    const captionId = uid('problems');
    return notice('error',
      h('h3', { text: t('import.nothingImported') }),
      tn('import.problemCount', rows.length),
      // A wide table scrolls sideways inside its box; focusable so the keyboard can scroll it too.
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': captionId }, h('table', { class: 'data-table compact' },
        h('caption', { id: captionId, text: t('import.problemsCaption') }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: t('import.col.line') }),
          h('th', { scope: 'col', text: t('import.col.column') }),
          h('th', { scope: 'col', text: t('import.col.problem') }))),
        h('tbody', {}, rows.slice(0, MAX_ROWS_SHOWN).map((r) => h('tr', {},
          h('td', { class: 'num', text: r.line ?? '' }),
          h('td', { text: fieldName(format, r.field) }),
          h('td', { text: problemText(r) })))))),
      rows.length > MAX_ROWS_SHOWN ? t('import.moreProblems', { count: formatNumber(rows.length - MAX_ROWS_SHOWN) }) : null,
      t('import.fixAndRetry'));
  }
  // A refused file as a whole (missing column, encoding, no rows): its code says what to fix.
  return notice('error', h('h3', { text: t('import.nothingImported') }), fileProblemText(err, format));
}

// The API keeps stable codes; the UI says each in its language (#16). ImportCodesTest fails on a code
// of the server without a string here.
export const ROW_CODES = ['required', 'too_long', 'too_many', 'invalid', 'invalid_email', 'invalid_zone', 'one_line',
  'control_chars', 'out_of_range', 'not_a_number', 'not_a_weekday', 'duplicate', 'unknown_role', 'unknown_locale',
  'unknown_center'];
export const FILE_CODES = ['empty_file', 'too_many_rows', 'not_csv', 'duplicate_column', 'missing_columns',
  'unknown_columns', 'unknown_encoding', 'no_rows', 'invalid'];

/** A column as the viewer's language names it: the Japanese header in Japanese, the field otherwise. */
function fieldName(format, name) {
  if (!name) return '';
  const column = format.columns.find(([en]) => en === name);
  return column && getLang() === 'ja' ? column[1] : name;
}

/** One refused row's problem in the viewer's language, from its code (numbers from the server's message). */
function problemText(r) {
  if (!ROW_CODES.includes(r.code)) return localizeProblem(r.message);
  const number = /(\d+)/.exec(r.message || '');
  return t(`import.problem.${r.code}`, { n: number ? formatNumber(Number(number[1])) : '', value: r.value ?? '' });
}

function fileProblemText(err, format) {
  if (!(err instanceof ApiError) || !FILE_CODES.includes(err.code)) return describeError(err);
  const names = (err.columns || (err.field ? [err.field] : [])).map((c) => fieldName(format, c) || c);
  return t(`import.error.${err.code}`, { columns: names.join(t('import.listSeparator')) });
}
