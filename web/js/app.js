// The shell: header (navigation, language, sign-out), the hash router, and who is signed in.
// Views live in ./views/ and are loaded when first visited, which keeps the first download small.

import { h, append, clear, focusOn } from './dom.js';
import { initI18n, setLang, getLang, t } from './i18n.js';
import { api, ApiError, NetworkError, setUnauthorizedHandler } from './api.js';
import { heading, errorBox, loading, notice, takeFlash } from './ui.js';

const VIEWS = {
  signin: () => import('./views/signin.js'),
  invite: () => import('./views/invite.js'),
  centers: () => import('./views/centers.js'),
  center: () => import('./views/center.js'),
  rounds: () => import('./views/rounds.js'),
  round: () => import('./views/round.js'),
  roundForm: () => import('./views/round-form.js'),
  people: () => import('./views/people.js'),
  import: () => import('./views/import.js'),
  account: () => import('./views/account.js'),
  session: () => import('./views/session.js'),
  rooms: () => import('./views/rooms.js'),
  home: () => import('./views/home.js'),
  reflection: () => import('./views/reflection.js'),
  summary: () => import('./views/summary.js'),
  history: () => import('./views/history.js'),
  network: () => import('./views/network.js'),
  verify: () => import('./views/verify.js'),
  credentials: () => import('./views/credentials.js'),
  library: () => import('./views/cases.js'),
  caseStudy: () => import('./views/case.js'),
  sessionCases: () => import('./views/session-cases.js'),
  caseEditor: () => import('./views/case-editor.js'),
  runSheet: () => import('./views/run-sheet.js'),
  programmeTemplate: () => import('./views/programme-template.js'),
  caseTemplate: () => import('./views/case-template.js'),
  sessionProgramme: () => import('./views/session-programme.js'),
};

const state = {
  me: null,
  // A language picked before signing in is carried over to the account once signed in.
  langChosenSignedOut: false,
  sessionEnded: false,
  routeSeq: 0,
  firstRoute: true,
};

const els = {
  skip: document.getElementById('skip-link'),
  header: document.getElementById('site-header'),
  main: document.getElementById('main'),
  footer: document.getElementById('site-footer'),
};

const hasCenter = () => Boolean(state.me) && state.me.centerId !== null && state.me.centerId !== undefined;
const isCoordinator = () => Boolean(state.me && state.me.roles && state.me.roles.includes('coordinator'));

/** The route for a location: {view, params, query, section}. Only "#/…" hashes are routes. */
function match() {
  if (location.pathname.startsWith('/invite/')) {
    const raw = location.pathname.slice('/invite/'.length);
    let token = raw;
    try {
      token = decodeURIComponent(raw); // the view encodes it again for the API
    } catch {
      // a mangled link: sent as it is, the server answers "not found" in words
    }
    return { view: 'invite', params: { token }, query: new URLSearchParams() };
  }
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [path, search] = raw.split('?');
  const segs = path.split('/').filter(Boolean);
  const query = new URLSearchParams(search || '');
  const route = (view, params = {}) => ({ view, params, query, section: segs[0] || 'home' });
  // Ids are opaque to the UI (the README, "The API"): any segment but "new" names a center or a round.
  let id = segs[1] && segs[1] !== 'new' ? segs[1] : null;
  try {
    id = id && decodeURIComponent(id);
  } catch {
    id = null; // a mangled address is simply not found
  }

  if (segs.length === 0) return route('home');
  if (segs[0] === 'centers' && segs.length === 1) return route('centers');
  if (segs[0] === 'centers' && segs[1] === 'new' && segs.length === 2) return route('center', { mode: 'new' });
  if (segs[0] === 'centers' && id && segs.length === 2) return route('center', { id, mode: 'show' });
  if (segs[0] === 'centers' && id && segs[2] === 'edit' && segs.length === 3) return route('center', { id, mode: 'edit' });
  if (segs[0] === 'rounds' && segs.length === 1) return route('rounds');
  if (segs[0] === 'rounds' && segs[1] === 'new' && segs.length === 2) return route('roundForm', { mode: 'new' });
  if (segs[0] === 'rounds' && id && segs.length === 2) return route('round', { id });
  if (segs[0] === 'rounds' && id && segs[2] === 'edit' && segs.length === 3) return route('roundForm', { id, mode: 'edit' });
  if (segs[0] === 'rounds' && id && ['pairs', 'answers', 'sessions', 'reflections'].includes(segs[2]) && segs.length === 3) return route('round', { id, part: segs[2] });
  if (segs[0] === 'rounds' && id && segs[2] === 'summary' && segs.length === 3) return route('summary', { id, scope: 'round' });
  if (segs[0] === 'rounds' && id && segs[2] === 'programme' && segs.length === 3) return route('programmeTemplate', { id }); // #17
  if (segs[0] === 'rounds' && id && segs[2] === 'case-template' && segs.length === 3) return route('caseTemplate', { id }); // #17
  // A session's own address (in its e-mails and calendar entries) opens it on its round's page.
  if (segs[0] === 'sessions' && id && segs.length === 2) return { ...route('session', { id }), section: 'rounds' };
  if (segs[0] === 'sessions' && id && segs[2] === 'rooms' && segs.length === 3) return { ...route('rooms', { id }), section: 'rounds' };
  // The reflection form is what the e-mail sent after a session links to.
  if (segs[0] === 'sessions' && id && segs[2] === 'reflection' && segs.length === 3) return { ...route('reflection', { id }), section: 'history' };
  if (segs[0] === 'sessions' && id && segs[2] === 'summary' && segs.length === 3) return { ...route('summary', { id, scope: 'session' }), section: 'rounds' };
  // A session's case studies, the editor of one center's case, and the facilitator's printable run sheet (#17).
  if (segs[0] === 'sessions' && id && segs[2] === 'cases' && segs.length === 3) return { ...route('sessionCases', { id }), section: 'rounds' };
  if (segs[0] === 'sessions' && id && segs[2] === 'cases' && segs[3] && segs[4] === 'edit' && segs.length === 5) return { ...route('caseEditor', { id, centerId: segs[3] }), section: 'rounds' };
  if (segs[0] === 'sessions' && id && segs[2] === 'run-sheet' && segs.length === 3) return { ...route('runSheet', { id }), section: 'rounds' };
  if (segs[0] === 'sessions' && id && segs[2] === 'programme' && segs.length === 3) return { ...route('sessionProgramme', { id }), section: 'rounds' };
  if (segs[0] === 'history' && segs.length === 1) return route('history');
  if (segs[0] === 'network' && segs.length === 1) return { ...route('network'), section: 'home' };
  // A credential's public verification page (its address is in the credential's CSV and history).
  if (segs[0] === 'verify' && id && segs.length === 2) return route('verify', { id });
  if (segs[0] === 'credentials' && segs.length === 1) return { ...route('credentials'), section: 'home' };
  if (segs[0] === 'library' && segs.length === 1) return { ...route('library'), section: 'home' };
  if (segs[0] === 'cases' && id && segs.length === 2) return { ...route('caseStudy', { id }), section: 'home' };
  if (segs[0] === 'people' && segs.length === 1) return route('people');
  if (segs[0] === 'import' && segs.length === 1) return route('import');
  if (segs[0] === 'account' && segs.length === 1) return route('account');
  return route('notFound');
}

function renderChrome() {
  clear(els.skip, t('nav.skip'));
  const current = match().section;
  const navLink = (section, label) => h('li', {},
    h('a', { href: `#/${section}`, 'aria-current': current === section ? 'page' : null, text: label }));
  const other = getLang() === 'ja' ? 'en' : 'ja';

  // On a narrow screen or at large text the navigation folds behind a menu button (CSS decides when,
  // by the width in em); the language button stays outside, for someone who cannot read this one.
  const menu = h('div', { class: 'site-menu', id: 'site-menu' },
    state.me ? h('nav', { class: 'main-nav', 'aria-label': t('nav.label') }, h('ul', {},
      h('li', {}, h('a', { href: '#/', 'aria-current': current === 'home' ? 'page' : null, text: t('nav.home') })),
      navLink('centers', t('nav.centers')),
      navLink('rounds', t('nav.rounds')),
      hasCenter() ? navLink('history', t('nav.history')) : null,
      navLink('people', t('nav.people')),
      isCoordinator() ? navLink('import', t('nav.import')) : null)) : null,
    state.me ? h('div', { class: 'header-tools' },
      h('a', {
        class: 'me-link', href: '#/account', 'aria-current': current === 'account' ? 'page' : null,
        'aria-label': t('nav.account', { name: state.me.name }), text: state.me.name,
      }),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', onClick: signOut, text: t('nav.signOut') })) : null);
  const toggle = state.me ? h('button', {
    type: 'button', class: 'btn btn-secondary btn-small menu-toggle', id: 'menu-toggle', 'aria-expanded': 'false',
    'aria-controls': 'site-menu', text: t('nav.menu'),
    onClick: () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('is-open', open);
    },
  }) : null;

  clear(els.header, h('div', { class: 'header-inner' },
    h('a', { class: 'brand', href: '#/' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name', text: t('app.name') })),
    h('div', { class: 'header-quick' },
      // Named in the language it switches to, so someone who cannot read the current one finds it.
      h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', id: 'lang-switch', lang: other,
        onClick: switchLang, text: t(`lang.switchTo.${other}`),
      }),
      toggle),
    menu));

  clear(els.footer, h('p', { text: t('app.footer') }));
}

async function switchLang() {
  const next = getLang() === 'ja' ? 'en' : 'ja';
  try {
    await setLang(next);
  } catch {
    return; // strings could not be loaded: stay in the current language
  }
  if (state.me) {
    state.me.locale = next;
    // The account's language also decides the language of its e-mails; a failure here is not
    // worth interrupting the viewer for, the page is already switched.
    api.patch('/api/me', { locale: next }).catch(() => {});
  } else {
    state.langChosenSignedOut = true;
  }
  await route({ keepFocus: true });
  document.getElementById('lang-switch')?.focus();
}

async function signOut() {
  try {
    await api.post('/api/auth/logout');
  } catch {
    // even if the server could not be told, forget the session here
  }
  state.me = null;
  state.sessionEnded = false;
  history.replaceState(null, '', '/#/');
  await route();
}

/** Called by the sign-in and invitation views with the person the server returned. */
async function signedIn(person) {
  state.me = person;
  state.sessionEnded = false;
  if (state.langChosenSignedOut && person.locale !== getLang()) {
    state.me.locale = getLang();
    api.patch('/api/me', { locale: getLang() }).catch(() => {});
  } else if (person.locale && person.locale !== getLang()) {
    try {
      await setLang(person.locale);
    } catch {
      // keep the current language
    }
  }
  state.langChosenSignedOut = false;
  if (location.pathname !== '/') history.replaceState(null, '', `/${location.hash || '#/'}`);
  await route();
}

function notFound(root, ctx) {
  ctx.setTitle(t('notFound.title'));
  append(root, heading(t('notFound.title')), h('p', { text: t('notFound.body') }),
    h('p', {}, h('a', { href: '#/', text: t('notFound.back') })));
}

/** Shows the view for the current location; a newer navigation makes an older one's result void. */
async function route({ keepFocus = false } = {}) {
  const seq = ++state.routeSeq;
  let target = match();
  if (target.view !== 'invite' && target.view !== 'verify' && !state.me) target = { view: 'signin', params: {}, query: new URLSearchParams() };
  renderChrome();

  const root = h('div', { class: 'view' });
  const ctx = {
    me: state.me,
    isCoordinator: isCoordinator(),
    params: target.params,
    query: target.query,
    sessionEnded: state.sessionEnded,
    signedIn,
    setTitle: (text) => { document.title = `${text} – ${t('app.name')}`; },
    /** Replaces the current hash without a new history entry (filters, paging). */
    replaceQuery(params) {
      const base = location.hash.split('?')[0] || '#/';
      const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString();
      history.replaceState(null, '', `${location.pathname}${base}${qs ? `?${qs}` : ''}`);
    },
    refreshMe: async () => {
      state.me = await api.get('/api/me');
      renderChrome();
      return state.me;
    },
    rerender: () => route({ keepFocus: true }),
  };

  let render;
  try {
    render = target.view === 'notFound' ? notFound : (await VIEWS[target.view]()).render;
  } catch {
    if (seq !== state.routeSeq) return;
    // A module that did not load (connection dropped) is a network problem in words.
    clear(els.main, h('div', { class: 'view' }, errorBox(new NetworkError('view not loaded'), () => route())));
    return;
  }
  if (seq !== state.routeSeq) return;
  clear(els.main, root);
  const first = state.firstRoute;
  state.firstRoute = false;
  try {
    // Views resolve once their main content is shown; focus moves only then, so it lands on the
    // real heading rather than on a loading message.
    await render(root, ctx);
  } catch {
    // a view shows its own errors; nothing more to say here
  }
  if (seq !== state.routeSeq) return;
  const title = root.querySelector('h1');
  const flash = takeFlash();
  if (flash) {
    const message = notice('success', flash);
    const anchor = title ? (title.closest('.title-row') || title) : null;
    if (anchor) anchor.after(message);
    else root.prepend(message);
    focusOn(message);
  } else if (!first && !keepFocus) {
    // After an in-app navigation, start reading at the new page's heading, as a page load would.
    focusOn(title || els.main);
  }
}

function skipToMain(event) {
  // The hash router would take "#main" for a route; move focus by hand instead.
  event.preventDefault();
  focusOn(els.main);
}

async function boot() {
  try {
    await initI18n();
  } catch {
    // Without the strings there are no words to show: reveal the one bilingual fallback line
    // that index.html carries for exactly this case.
    document.getElementById('boot-failed')?.removeAttribute('hidden');
    return;
  }
  els.skip.addEventListener('click', skipToMain);
  clear(els.main, loading());

  setUnauthorizedHandler(() => {
    // Several requests of one view may fail together; act on the first only.
    if (!state.me) return;
    state.me = null;
    state.sessionEnded = true;
    route();
  });

  if (!location.pathname.startsWith('/invite/')) {
    try {
      state.me = await api.get('/api/me', null, { allow401: true });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        renderChrome();
        clear(els.main, h('div', { class: 'view' }, errorBox(err, () => location.reload())));
        return;
      }
    }
    // Already signed in when an e-mailed sign-in link is opened: the link is not needed (it stays
    // unused and expires), and its token should not stay in the address bar or the history.
    if (state.me && location.pathname.startsWith('/signin/')) history.replaceState(null, '', '/#/');
    if (state.me && state.me.locale && state.me.locale !== getLang()) {
      try {
        await setLang(state.me.locale);
      } catch {
        // keep the current language
      }
    }
  }
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#/') || location.hash === '') route();
  });
  await route();
}

boot();
