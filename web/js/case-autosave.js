// Saving a case as one types, for a phone that loses its connection (README, "Case studies"): every
// change is kept in this device's localStorage at once and sent after a short pause; a failed send is
// tried again (sooner when the browser says it is back online); a 409 stops saving and hands over to
// the conflict view, so nothing is ever overwritten silently. No DOM here: the editor draws the state.

import { ApiError, NetworkError } from './api.js';

const PREFIX = 'kakehashi.caseDraft.';

/** The key of one person's unsaved text of one center's case in one session. */
export function draftKey(sessionId, centerId, personId) {
  return `${PREFIX}${sessionId}.${centerId}.${personId}`;
}

/** The unsaved text kept on this device: {version, fields, base (the fields saved at version), at} or null. */
export function readDraft(key) {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw);
    return d && typeof d === 'object' && d.fields && Number.isInteger(d.version) ? d : null;
  } catch {
    return null; // storage off or a mangled entry: nothing to restore
  }
}

function writeDraft(key, version, fields, base) {
  try {
    localStorage.setItem(key, JSON.stringify({ version, fields, base, at: new Date().toISOString() }));
    return true;
  } catch {
    return false; // private mode or full: saving still works while online
  }
}

export function dropDraft(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}

/** Fields compared as the server stores them (order of keys does not matter). */
export function sameFields(a, b) {
  return stable(a) === stable(b);
}

function stable(v) {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/**
 * A three-way merge of a case's fields, field by field (title, summary, each section, presenters, minutes,
 * topics): a field only one side changed since base takes that side's value; a field both changed to
 * different values is a conflict (theirs in merged, until the person chooses). Without a base every
 * differing field is a conflict. Returns {merged, conflicts: ['title', 'sections.background', …]}.
 */
export function merge3(base, mine, theirs) {
  const merged = { ...theirs, sections: { ...theirs.sections } };
  const conflicts = [];
  const field = (name, get, put) => {
    const m = get(mine);
    const t = get(theirs);
    if (sameFields(m, t)) return;
    if (base && sameFields(m, get(base))) return; // only they changed it: theirs, already in merged
    if (base && sameFields(t, get(base))) {
      put(m); // only I changed it
      return;
    }
    conflicts.push(name);
  };
  for (const k of ['title', 'summary', 'presenters', 'minutes', 'topics']) {
    field(k, (f) => f[k] ?? null, (v) => { merged[k] = v; });
  }
  const keys = new Set([...Object.keys(mine.sections || {}), ...Object.keys(theirs.sections || {}), ...Object.keys((base && base.sections) || {})]);
  for (const k of keys) {
    field(`sections.${k}`, (f) => (f.sections || {})[k] || '', (v) => {
      if (v) merged.sections[k] = v;
      else delete merged.sections[k];
    });
  }
  return { merged, conflicts };
}

/** Worth trying again later: no connection, the server busy or failing. */
function transient(err) {
  return err instanceof NetworkError || !(err instanceof ApiError) || err.status === 0 || err.status === 408
    || err.status === 429 || err.status >= 500;
}

/**
 * The saver. save(fields, version) → the saved case ({version, …}); onState(state, detail) with state
 * one of pending, saving, saved, failed (will retry; detail.retryInMs), invalid (detail: the ApiError;
 * waits for the next change), conflict (detail: {yours}). alive() false stops it (the view is gone).
 */
export function autosave({ key, version, saved, save, onState, onSaved, alive = () => true, delay = 1200 }) {
  let base = version;
  let latest = null;
  let lastSaved = saved;
  let timer = null;
  let inFlight = false;
  let stopped = false;
  let retryMs = 0;
  let state = 'saved';

  const set = (next, detail) => {
    state = next;
    onState(next, detail);
  };
  const schedule = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(() => { flush(); }, ms);
  };
  const online = () => {
    if (state === 'failed') flush();
  };
  window.addEventListener('online', online);

  async function flush() {
    clearTimeout(timer);
    if (stopped || inFlight || latest === null) return;
    if (!alive()) {
      stop();
      return;
    }
    const sending = latest;
    if (sameFields(sending, lastSaved)) {
      dropDraft(key);
      set('saved', {});
      return;
    }
    inFlight = true;
    set('saving');
    try {
      const res = await save(sending, base);
      base = res.version;
      lastSaved = sending;
      retryMs = 0;
      if (onSaved) onSaved(res);
      if (sameFields(latest, sending)) {
        dropDraft(key);
        set('saved', { at: new Date() });
      } else {
        writeDraft(key, base, latest, lastSaved);
        schedule(delay); // typed on while it was being sent
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'version_conflict') {
        stopped = true;
        set('conflict', { yours: latest, base: lastSaved, version: base });
      } else if (transient(err)) {
        retryMs = Math.min(30000, Math.max(2000, retryMs * 2));
        set('failed', { error: err, retryInMs: retryMs });
        schedule(retryMs);
      } else {
        set('invalid', { error: err });
      }
    } finally {
      inFlight = false;
    }
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('online', online);
  }

  return {
    /** The person changed something: keep it on the device now, send it after a pause. */
    change(fields) {
      if (stopped) return;
      latest = fields;
      writeDraft(key, base, fields, lastSaved);
      set('pending');
      schedule(delay);
    },
    /** Send now (leaving the page, "retry now", before submitting); resolves once the send settled. */
    async now() {
      for (let i = 0; i < 3 && !stopped; i += 1) {
        await flush();
        while (inFlight) await new Promise((r) => setTimeout(r, 50));
        if (state !== 'pending') break; // typed on during the send: once more
      }
      return state;
    },
    get version() { return base; },
    get state() { return state; },
    stop,
  };
}
