// Pure helpers of the AIR9 dashboard (no DOM): unit-tested with node's test runner.

/** A readable message for an RFC 9457 problem detail (or anything else an API call failed with). */
export function problemMessage(problem, status) {
  if (!problem || typeof problem !== 'object') {
    return `Request failed (HTTP ${status ?? '?'})`;
  }
  const title = problem.title || `HTTP ${problem.status ?? status ?? '?'}`;
  const fields = problem.invalidFields || problem.errors;
  if (Array.isArray(fields) && fields.length > 0) {
    const list = fields.map((f) => (typeof f === 'string' ? f : `${f.field}: ${f.message}`));
    return `${title}: ${list.join('; ')}`;
  }
  return problem.detail ? `${title}: ${problem.detail}` : title;
}

/** CSS class of a phase badge. */
export function phaseClass(phase) {
  switch (phase) {
    case 'Running': return 'ok';
    case 'Provisioning': case 'Pending': case 'Stopping': return 'busy';
    case 'Failed': return 'bad';
    case 'Stopped': return 'off';
    default: return 'unknown';
  }
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
