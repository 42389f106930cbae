// Pure helpers of the AIR9 dashboard (no DOM): unit-tested with node's test runner.

/**
 * A readable message for an RFC 9457 problem detail (or anything else an API call failed with). The API names
 * invalid fields as {@code errors: [{field, message}]}.
 */
export function problemMessage(problem, status) {
  if (!problem || typeof problem !== 'object') {
    return `Request failed (HTTP ${status ?? '?'})`;
  }
  const title = problem.title || `HTTP ${problem.status ?? status ?? '?'}`;
  const fields = fieldErrors(problem);
  if (fields.length > 0) {
    return `${title}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`;
  }
  return problem.detail ? `${title}: ${problem.detail}` : title;
}

/** The invalid fields of a problem detail ({@code errors: [{field, message}]}); empty when there are none. */
export function fieldErrors(problem) {
  const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
  return errors.filter((e) => e && typeof e.field === 'string')
    .map((e) => ({ field: e.field, message: String(e.message ?? '') }));
}

/** The create form's input for a field the API names ("resources.cpu" -> "cpu"), or null. */
export function formField(field) {
  const m = /^(?:spec\.)?(?:resources\.)?([A-Za-z]+)/.exec(field || '');
  const known = ['name', 'class', 'image', 'cpu', 'memory', 'gpu', 'storage', 'idleTimeout'];
  return m && known.includes(m[1]) ? m[1] : null;
}

/** CSS class of a phase badge. */
export function phaseClass(phase) {
  switch (phase) {
    case 'Running': return 'ok';
    case 'Provisioning': case 'Pending': case 'Queued': case 'Stopping': return 'busy';
    case 'Failed': return 'bad';
    case 'Stopped': return 'off';
    default: return 'unknown';
  }
}

/** A workspace's phase as the list shows it: "Queued — position 3" while it waits in the admission queue. */
export function phaseLabel(w) {
  if (w.deleting) return 'Deleting';
  if (w.phase === 'Queued' && w.queuePosition) return `Queued — position ${w.queuePosition}`;
  return w.phase || '—';
}

/** What a queued workspace waits for (its Ready message: "waiting for 2 GPUs; 3rd in the queue"), else ''. */
export function queueReason(w) {
  if (w.phase !== 'Queued' || w.deleting) return '';
  const ready = (w.conditions || []).find((c) => c.type === 'Ready');
  return ready && ready.message ? ready.message : '';
}

/** "3m", "2h", "4d" since an RFC 3339 time. */
export function age(time, now = Date.now()) {
  if (!time) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(time)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** The steps of a workspace start, in order (status.startTimeline), with their labels. */
export const START_STEPS = [['Accepted', 'Accepted'], ['VolumeBound', 'Volume bound'], ['Scheduled', 'Scheduled'],
  ['ImagePulled', 'Image pulled'], ['ContainerStarted', 'Container started'], ['Ready', 'Ready']];

/** A step's duration: "0.4 s", "12 s", "3 min 5 s". */
export function stepDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  if (seconds < 10) return `${(Math.round(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

/**
 * The start timeline as horizontal bars: one row per step after Accepted (offset and width in % of the whole start),
 * and, while the start runs (or after it failed), the step it waits for, growing until now. Null without a timeline.
 */
export function timelineBars(timeline, now = Date.now()) {
  if (!Array.isArray(timeline) || timeline.length === 0) return null;
  const t0 = Date.parse(timeline[0].at);
  const last = Date.parse(timeline[timeline.length - 1].at);
  const done = timeline.length >= START_STEPS.length;
  const end = done ? last : Math.max(last, now);
  const total = Math.max(end - t0, 1);
  const share = (ms) => Math.min(100, Math.max(0, (ms / total) * 100));
  const label = (step) => (START_STEPS.find(([name]) => name === step) || [step, step])[1];
  const rows = timeline.slice(1).map((s) => {
    const at = Date.parse(s.at);
    const ms = (s.seconds || 0) * 1000;
    return { step: s.step, label: label(s.step), seconds: s.seconds, text: stepDuration(s.seconds),
      offset: share(at - ms - t0), width: share(ms), pending: false };
  });
  const waiting = done ? null : START_STEPS[timeline.length][0];
  if (waiting) {
    const seconds = (end - last) / 1000;
    rows.push({ step: waiting, label: label(waiting), seconds, text: `${stepDuration(seconds)} so far`,
      offset: share(last - t0), width: share(end - last), pending: true });
  }
  return { rows, total: (end - t0) / 1000, totalText: stepDuration((end - t0) / 1000), done, waiting };
}

const UNITS = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

/** A Kubernetes quantity ("500m", "4Gi", "2") as a number (cores or bytes). */
export function quantity(text) {
  if (text === null || text === undefined || text === '') return 0;
  const m = String(text).match(/^([0-9.]+)([a-zA-Z]*)$/);
  if (!m) return NaN;
  const unit = m[2] ? UNITS[m[2]] : 1;
  return unit === undefined ? NaN : parseFloat(m[1]) * unit;
}

/** A byte quantity for people: "15032385536" -> "14 Gi", "128Gi" -> "128 Gi". */
export function bytes(text) {
  const n = quantity(text);
  if (text === null || text === undefined || text === '' || Number.isNaN(n)) return text ?? '';
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  const shown = v >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1);
  return `${shown}${units[i] ? ` ${units[i]}` : ''}`;
}

/** Percentage of used in limit, 0..100, or null when there is no limit. */
export function percent(used, limit) {
  const u = quantity(used);
  const l = quantity(limit);
  if (!l || Number.isNaN(l) || Number.isNaN(u)) return null;
  return Math.min(100, Math.round((u / l) * 100));
}

/**
 * Feeds a chunk of a text/event-stream into a parser state; returns the complete events found
 * ({event, data, id}). Partial lines stay in state.buffer for the next chunk.
 */
export function parseSse(state, chunk) {
  state.buffer = (state.buffer || '') + chunk;
  const events = [];
  let sep;
  while ((sep = state.buffer.search(/\r?\n\r?\n/)) >= 0) {
    const block = state.buffer.slice(0, sep);
    state.buffer = state.buffer.slice(sep).replace(/^\r?\n\r?\n/, '');
    const ev = { event: 'message', data: '', id: null };
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':') || line === '') continue;
      const idx = line.indexOf(':');
      const field = idx < 0 ? line : line.slice(0, idx);
      const value = idx < 0 ? '' : line.slice(idx + 1).replace(/^ /, '');
      if (field === 'event') ev.event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') ev.id = value;
    }
    if (data.length > 0) {
      ev.data = data.join('\n');
      events.push(ev);
    }
  }
  return events;
}

/** Applies a workspace change ({type, workspace}) to a list kept sorted by name. */
export function applyChange(list, change) {
  const rest = list.filter((w) => w.name !== change.workspace.name);
  if (change.type === 'DELETED') return rest;
  return [...rest, change.workspace].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What the live stream does after it ended with an HTTP status (null: the connection broke) on its n-th attempt
 * in a row: sign out on 401 (the session expired), stop on 403 (no access: retrying cannot help), else retry
 * with a growing delay (3 s, 6 s, 12 s, ... at most 60 s).
 */
export function streamRetry(status, attempt) {
  if (status === 401) return { action: 'signout' };
  if (status === 403 || status === 404) return { action: 'stop' };
  return { action: 'retry', delay: Math.min(60000, 3000 * 2 ** Math.max(0, attempt)) };
}

/**
 * Calls fn once, ms after the last of a burst of calls (with the arguments of that last call). timers defaults to
 * the global setTimeout/clearTimeout.
 */
export function debounce(fn, ms, timers = globalThis) {
  let handle = null;
  return (...args) => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => { handle = null; fn(...args); }, ms);
  };
}

/** When a JWT expires (ms since the epoch), from its exp claim; null when it has none or is not a JWT. */
export function tokenExpiry(token) {
  try {
    const payload = String(token).split('.')[1];
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The create form's view of a fit check: {level: 'ok' | 'wait' | 'bad', text, lines, suggestion} where suggestion is
 * the {cpu, memory, gpu, storage} that fits now (or null). 'wait': quota and nodes have room, but the admission queue
 * takes it first, so the workspace would be queued (fit.queue: its place and what it waits for).
 */
export function fitSummary(fit) {
  if (!fit || typeof fit !== 'object') return null;
  if (fit.fits) {
    const r = fit.requested || {};
    return { level: 'ok', text: `Fits: ${r.cpu} CPU, ${r.memory} memory${r.gpu ? `, ${r.gpu} GPU` : ''}`, lines: [], suggestion: null };
  }
  const lines = (fit.reasons || []).filter((r) => r.scope !== 'queue').map((r) => r.message);
  if (fit.queue && lines.length === 0) {
    const why = (fit.reasons || []).filter((r) => r.scope === 'queue').map((r) => r.message);
    return { level: 'wait', text: `Would be queued: ${fit.queue.message}`,
      lines: [...why, 'It starts by itself when room frees, in fair order across teams.'], suggestion: null };
  }
  if (fit.when) lines.push(fit.when.message.replace(/^fits/, 'Fits as asked'));
  if (fit.queue) lines.push(`As asked, it would be queued ${fit.queue.message}`);
  return {
    level: 'bad',
    text: fit.suggestion ? `Does not fit; ${fit.suggestion.message}` : 'Does not fit',
    lines,
    suggestion: fit.suggestion ? fit.suggestion.resources : null,
  };
}

/**
 * What deleting a team takes with it, for its confirmation: {text, typeName} where typeName says the team's name must
 * be typed to confirm (it still has workspaces, which go with its namespace).
 */
export function teamDeletion(name, workspaces) {
  const n = Number(workspaces) || 0;
  const what = n === 0 ? 'It has no workspaces.'
    : `Its ${n === 1 ? 'workspace goes' : `${n} workspaces go`} with it, home volumes included.`;
  return {
    text: `Deleting team ${name} deletes its namespace team-${name} with everything in it: workspaces, their home `
      + `volumes and the team's data connections. ${what} This cannot be undone.`,
    typeName: n > 0,
  };
}

/** The team's workspaces from the live stream's snapshot event ({workspaces}), sorted by name as applyChange keeps them. */
export function applySnapshot(snapshot) {
  const list = snapshot && Array.isArray(snapshot.workspaces) ? snapshot.workspaces : [];
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Adds a further page of the list (fetched after a snapshot that held only the first page) to the list kept from
 * the stream. A workspace the stream changed or deleted since the snapshot (its name in touched) keeps what the
 * stream said: the stream's later events are newer than or as new as the page, so nothing goes back in time and
 * a deleted workspace does not come back. Sorted by name as applyChange keeps it.
 */
export function mergePage(list, items, touched) {
  const known = new Set(list.map((w) => w.name));
  const added = (items || []).filter((w) => !known.has(w.name) && !touched.has(w.name));
  return [...list, ...added].sort((a, b) => a.name.localeCompare(b.name));
}

/** Members as the team form's text: one "name role" a line. */
export function membersText(members) {
  return (members || []).map((m) => `${m.name} ${m.role ?? ''}`.trim()).join('\n');
}

/**
 * The team form's members text as the API's [{name, role}]: one member a line, "name role" (separated by spaces, a
 * comma or a colon; the role defaults to member). Blank lines are skipped; the API checks names and roles.
 */
export function parseMembers(text) {
  return String(text || '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '')
    .map((line) => {
      const [name, role] = line.split(/[\s,:]+/);
      return { name, role: role ? role.toLowerCase() : 'member' };
    });
}

/**
 * The team form's input for a field the API names: "quota.cpu" and "cpu" (a quota on its own) -> "cpu",
 * "members[2].role" -> "members", "name" -> "name"; null for others.
 */
export function teamField(field) {
  const m = /^(?:quota\.)?([A-Za-z]+)/.exec(field || '');
  const known = ['name', 'displayName', 'members', 'cpu', 'memory', 'gpu', 'storage', 'maxWorkspaces'];
  return m && known.includes(m[1]) ? m[1] : null;
}

/**
 * A field error of the team form for people: members are numbered by line ("members[2].role" -> "line 3: ...").
 */
export function teamFieldMessage(field, message) {
  const m = /^members\[(\d+)\]\.(\w+)$/.exec(field || '');
  return m ? `line ${Number(m[1]) + 1} (${m[2]}): ${message}` : message;
}

/** A quota for the API from the form's texts: blank fields are no limit; GPUs and workspaces are numbers. */
export function quotaBody(form) {
  const blank = (v) => (v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim());
  const number = (v) => (blank(v) === undefined ? undefined : Number(blank(v)));
  return { cpu: blank(form.cpu), memory: blank(form.memory), gpu: number(form.gpu), storage: blank(form.storage),
    maxWorkspaces: number(form.maxWorkspaces) };
}

/** A connection's values from the form's inputs ({key: text}): blank ones are left out (the API names missing keys). */
export function connectionValues(inputs) {
  return Object.fromEntries(Object.entries(inputs || {}).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/**
 * A line chart of workspaces by phase over time ({since, samples: [{time, phases}], phases}) for an SVG of the given
 * size: one series per phase with its polyline points, the highest count (yMax, at least 1), and the time span.
 */
export function phaseChart(history, width, height, pad = { left: 32, right: 8, top: 8, bottom: 20 }) {
  const samples = (history && Array.isArray(history.samples) ? history.samples : [])
    .map((s) => ({ t: Date.parse(s.time), phases: s.phases || {} })).filter((s) => !Number.isNaN(s.t));
  const phases = history && Array.isArray(history.phases) ? history.phases : [];
  if (samples.length === 0) return { series: [], yMax: 1, from: null, to: null, latest: {} };
  const from = samples[0].t;
  const to = samples[samples.length - 1].t;
  const yMax = Math.max(1, ...samples.flatMap((s) => Object.values(s.phases)));
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const x = (t) => pad.left + (to === from ? w : ((t - from) / (to - from)) * w);
  const y = (n) => pad.top + h - (n / yMax) * h;
  const round = (v) => Math.round(v * 10) / 10;
  const series = phases.map((phase) => ({
    phase,
    points: samples.map((s) => `${round(x(s.t))},${round(y(s.phases[phase] ?? 0))}`).join(' '),
    last: samples[samples.length - 1].phases[phase] ?? 0,
  }));
  return { series, yMax, from: new Date(from).toISOString(), to: new Date(to).toISOString(),
    latest: samples[samples.length - 1].phases };
}
