// AIR9 dashboard: talks only to platform-api (same origin), with the user's bearer token.
import { problemMessage, fieldErrors, formField, phaseClass, age, percent, parseSse, applyChange, bytes, streamRetry,
  debounce, tokenExpiry, fitSummary, timelineBars, applySnapshot, membersText, parseMembers, teamField, teamFieldMessage,
  teamDeletion,
  quotaBody, connectionValues, phaseChart } from './lib.js';
import { phaseLabel, queueReason, mergePage } from './lib.js';
import { countdown, cullView, warned } from './cull.js';
import { needingRestart, restartStep } from './restart.js';

const $ = (sel) => document.querySelector(sel);
/** Workspaces per page of the team's list, and in the live stream's snapshot (the API's largest page). */
const PAGE = 500;
const state = { token: sessionStorage.getItem('air9.token'), me: null, team: null, role: null,
  workspaces: [], classes: [], stream: null, selected: null, expiry: null, view: 'team', connections: [],
  connectionTypes: [], adminTimer: null };

const SESSION_ENDED = 'Your session expired: please sign in again.';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return node;
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(options.json);
  }
  const sent = state.token;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401 && sent) {
    if (state.token === sent) signOut(SESSION_ENDED);
    throw new SessionEnded();
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    const error = new Error(problemMessage(problem, response.status));
    error.fields = fieldErrors(problem);
    error.status = response.status;
    throw error;
  }
  const body = response.status === 204 ? null : await response.json();
  // withETag: the answer's version too, for a next write's If-Match.
  return options.withETag ? { body, etag: response.headers.get('ETag') } : body;
}

/** A request refused because the session ended: the sign-in form already says so. */
class SessionEnded extends Error {
  constructor() { super(SESSION_ENDED); this.name = 'SessionEnded'; }
}

/** Errors go to the box of the part of the page that is shown: the sign-in form or the dashboard. */
function showError(message) {
  const signedIn = !$('#app').hidden;
  $('#login-error').hidden = true;
  $('#error').hidden = true;
  const box = signedIn ? $('#error') : $('#login-error');
  box.textContent = message;
  box.hidden = !message;
}

async function guarded(action) {
  try {
    showError('');
    await action();
  } catch (e) {
    if (!(e instanceof SessionEnded)) showError(e.message);
  }
}

// ---- sign-in -------------------------------------------------------------------------------------

/** Back to the sign-in form, saying why when the session ended by itself. */
function signOut(reason) {
  sessionStorage.removeItem('air9.token');
  state.token = null;
  state.team = null;
  clearTimeout(state.expiry);
  clearInterval(state.adminTimer);
  stopStream();
  if ($('#create-dialog').open) $('#create-dialog').close();
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#who').textContent = '';
  showError(reason || '');
}

async function signIn(token) {
  state.token = token;
  state.view = null;
  sessionStorage.setItem('air9.token', token);
  const expires = tokenExpiry(token);
  clearTimeout(state.expiry);
  if (expires !== null && expires <= Date.now()) {
    signOut(SESSION_ENDED);
    return;
  }
  if (expires !== null) {
    state.expiry = setTimeout(() => state.token === token && signOut(SESSION_ENDED), Math.max(0, expires - Date.now()));
  }
  state.me = await api('/api/v1/me');
  $('#login').hidden = true;
  $('#app').hidden = false;
  showError('');
  $('#who').replaceChildren(
    `${state.me.name}${state.me.platformAdmin ? ' (platform admin)' : ''}`,
    el('button', { onclick: () => signOut() }, 'Sign out'));
  state.classes = await api('/api/v1/classes');
  renderTeams();
  await loadCapacity();
  const first = state.me.teams[0];
  // The user may have chosen a team or the admin console while this loaded: that choice stands.
  if (state.view !== null) return;
  if (first) await selectTeam(first.team);
  else if (state.me.platformAdmin) await showAdmin();
  else showError('You are not a member of any team yet: ask a team admin to add you.');
}

$('#login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  guarded(async () => {
    const body = new URLSearchParams({ grant_type: 'password', username: form.get('username'), password: form.get('password') });
    const response = await fetch('/demo/token', { method: 'POST', body });
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new Error(problemMessage(problem, response.status));
    }
    await signIn((await response.json()).access_token);
  });
});

$('#token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(() => signIn(new FormData(e.target).get('token').trim()));
});

// ---- teams, workspaces, live updates ------------------------------------------------------------

function renderTeams() {
  // Re-rendering must not take the keyboard focus away from the team button the user is on.
  const focused = document.activeElement?.dataset?.team;
  const adminFocused = document.activeElement?.dataset?.view === 'admin';
  const current = (on) => (on ? 'page' : undefined);
  $('#teams').replaceChildren(...state.me.teams.map((t) => el('button', {
    class: t.team === state.team ? 'active' : '', 'data-team': t.team, 'aria-current': current(t.team === state.team),
    onclick: () => guarded(() => selectTeam(t.team)),
  }, `${t.team}${t.role ? ` · ${t.role}` : ''}`)),
  state.me.platformAdmin ? el('button', { class: `admin${state.view === 'admin' ? ' active' : ''}`, 'data-view': 'admin',
    'aria-current': current(state.view === 'admin'), onclick: () => guarded(showAdmin) }, 'Platform admin') : '');
  if (focused) $(`#teams [data-team="${focused}"]`)?.focus();
  if (adminFocused) $('#teams [data-view="admin"]')?.focus();
}

async function selectTeam(team) {
  state.view = 'team';
  clearInterval(state.adminTimer);
  $('#admin').hidden = true;
  $('.grid').hidden = false;
  state.team = team;
  state.role = state.me.teams.find((t) => t.team === team)?.role;
  state.selected = null;
  $('#details').hidden = true;
  $('#team-title').textContent = `Workspaces of ${team}`;
  $('#new-ws').disabled = !canWrite();
  renderTeams();
  const page = await api(`/api/v1/teams/${team}/workspaces?size=${PAGE}`);
  // Another team was chosen while this list loaded: its list (and stream) win, this answer is stale.
  if (state.team !== team) return;
  state.workspaces = page.items;
  renderWorkspaces();
  await loadQuota();
  if (state.team !== team) return;
  startStream(team);
  await loadConnections(team);
}

function canWrite() {
  return state.me.platformAdmin || state.role === 'admin' || state.role === 'member';
}

function renderWorkspaces() {
  // A live update re-renders the rows: the keyboard focus stays on the workspace (and the control) the user is on.
  const active = document.activeElement;
  const focusedRow = active?.closest?.('#workspaces tbody tr');
  const focused = focusedRow && { name: focusedRow.dataset.workspace, cell: [...focusedRow.querySelectorAll('button, a')].indexOf(active) };
  const rows = state.workspaces.map((w) => el('tr', { class: 'clickable', 'data-workspace': w.name, onclick: () => guarded(() => showDetails(w.name)) },
    el('td', {}, el('button', { class: 'link', 'data-name': w.name, title: 'Details',
      onclick: (e) => { e.stopPropagation(); guarded(() => showDetails(w.name)); } }, el('b', {}, w.displayName || w.name)),
    w.displayName ? el('div', { class: 'hint' }, w.name) : ''),
    el('td', {}, w.class),
    el('td', {}, w.owner || ''),
    el('td', {}, el('span', { class: `badge ${phaseClass(w.deleting ? 'Stopping' : w.phase)}` }, phaseLabel(w)),
      queueReason(w) ? el('div', { class: 'hint queue-reason' }, queueReason(w)) : ''),
    el('td', { class: 'hint' }, w.resources ? `${w.resources.cpu ?? '·'} CPU · ${w.resources.memory ?? '·'}${w.resources.gpu ? ` · ${w.resources.gpu} GPU` : ''}` : 'class default'),
    el('td', { class: 'hint' }, age(w.createdAt)),
    el('td', { class: 'actions' },
      w.url && w.phase === 'Running' ? el('a', { href: w.url, target: '_blank', onclick: (e) => e.stopPropagation() }, 'Open') : '',
      ' ',
      el('button', { disabled: !canWrite() || w.deleting, onclick: (e) => { e.stopPropagation(); guarded(() => act(w, w.state === 'Stopped' ? 'start' : 'stop')); } },
        w.state === 'Stopped' ? 'Start' : 'Stop'),
      ' ',
      el('button', { disabled: !canWrite() || w.deleting, onclick: (e) => { e.stopPropagation(); guarded(() => remove(w)); } }, 'Delete'))));
  $('#workspaces tbody').replaceChildren(...rows);
  if (focused?.name && focused.cell >= 0) {
    const row = [...$('#workspaces tbody').children].find((r) => r.dataset.workspace === focused.name);
    row?.querySelectorAll('button, a')[focused.cell]?.focus();
  }
  $('#empty').hidden = state.workspaces.length > 0;
  renderCullBanners();
  renderRestartBanners();
  state.restartWaiters = (state.restartWaiters || []).filter((check) => !check());
}

// ---- a restart the user is asked for: rotated data connections -------------------------------------------

/** One banner per running workspace whose data connection was rotated since it started, with a Restart button. */
function renderRestartBanners() {
  $('#restart-banners').replaceChildren(...needingRestart(state.workspaces).map(({ w, why }) =>
    el('div', { class: 'restart-banner', 'data-name': w.name },
      el('span', { class: 'text' }, el('b', {}, w.displayName || w.name), ': ', why, '.'),
      el('button', { disabled: !canWrite(), onclick: (e) => { e.stopPropagation(); guarded(() => restart(w)); } },
        'Restart'))));
}

/** Resolves when the live stream shows the workspace in a state where {@code ready} holds (at most 3 minutes). */
function untilWorkspace(name, ready) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not stop within 3 minutes: start it again when it has.`)),
      180_000);
    const check = () => {
      const w = state.workspaces.find((x) => x.name === name);
      if (!ready(w)) return false;
      clearTimeout(timer);
      resolve(w);
      return true;
    };
    if (!check()) state.restartWaiters = [...(state.restartWaiters || []), check];
  });
}

/** Stop, wait until Stopped (the live stream says so), start: the next start reads the connections' new values. */
async function restart(w) {
  if (!confirm(`Restart ${w.name}? It stops (unsaved work in it is lost) and starts again with the new credentials.`)) return;
  await api(`/api/v1/teams/${state.team}/workspaces/${w.name}/stop`, { method: 'POST' });
  const stopped = await untilWorkspace(w.name, (x) => restartStep(x) !== 'wait' && restartStep(x) !== 'stop');
  if (restartStep(stopped) === 'start') {
    await api(`/api/v1/teams/${state.team}/workspaces/${w.name}/start`, { method: 'POST' });
  }
}

// ---- negotiated culling: warning banners with a countdown, keep-alive ---------------------------------

/** A live countdown to a cull time: the one-second tick below updates every such element. */
function countdownOf(at) {
  return el('span', { class: 'countdown', 'data-cull-at': at }, countdown(Date.parse(at) - Date.now()));
}

setInterval(() => {
  for (const node of document.querySelectorAll('[data-cull-at]')) {
    node.textContent = countdown(Date.parse(node.dataset.cullAt) - Date.now());
  }
}, 1000);

function keepAliveButton(w) {
  return el('button', { class: 'keep-alive', 'data-name': w.name, disabled: !canWrite(),
    title: canWrite() ? 'Keep it running although idle, as long as its class allows' : 'Viewers cannot keep workspaces alive',
    onclick: (e) => { e.stopPropagation(); guarded(() => keepAlive(w)); } }, 'Keep alive');
}

/** One banner per workspace whose users are warned now (status.cullWarning, carried by the live stream). */
function renderCullBanners() {
  $('#cull-banners').replaceChildren(...warned(state.workspaces).map((w) => {
    const cull = cullView(w);
    return el('div', { class: 'cull-banner', 'data-name': w.name },
      el('span', { class: 'text' }, el('b', {}, w.displayName || w.name), ' stops in ', countdownOf(w.cullAt),
        ` ${cull.why}.`, cull.extendable ? '' : ' Keep-alive cannot extend this: save your work.'),
      cull.extendable ? keepAliveButton(w) : '');
  }));
}

async function keepAlive(w) {
  await api(`/api/v1/teams/${state.team}/workspaces/${w.name}/keep-alive`, { method: 'POST' });
  // The operator moves cullAt and ends the warning; the live stream then updates the banner and the details.
  if (state.selected === w.name) await showDetails(w.name);
}

/** The cull line of the workspace details: when and why it stops, with keep-alive. */
function cullLine(w) {
  const cull = cullView(w);
  if (!cull) return el('p', { class: 'cull hint' }, w.phase === 'Running' ? 'Nothing will stop it automatically.' : '');
  return el('p', { class: 'cull' }, 'Stops in ', countdownOf(cull.at), ` ${cull.why} (at ${cull.at})`,
    cull.keptAliveUntil ? ` · kept alive until ${cull.keptAliveUntil}` : '', cull.extendable ? keepAliveButton(w) : '');
}

async function act(w, action) {
  if (action === 'start') {
    // Say before a start when it does not fit (and what would, or when), as the create form does.
    const fit = await api(`/api/v1/teams/${state.team}/workspaces/${w.name}/fit`);
    if (!fit.fits && !confirm(`${w.name}: ${fit.message}.\n\nStart anyway? It waits until there is room.`)) return;
  }
  await api(`/api/v1/teams/${state.team}/workspaces/${w.name}/${action}`, { method: 'POST' });
}

async function remove(w) {
  if (!confirm(`Delete workspace ${w.name}? Its home volume is deleted too.`)) return;
  await api(`/api/v1/teams/${state.team}/workspaces/${w.name}`, { method: 'DELETE' });
}

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  $('#live').classList.remove('on');
}

/** After a burst of changes: one refresh of the open details and of the quota, not one per event. */
const refreshAfterChanges = debounce(() => {
  if (state.selected) guardedQuiet(() => showDetails(state.selected));
  guardedQuiet(loadQuota);
}, 300);

function guardedQuiet(action) {
  action().catch(() => { /* the next change or the user's next action tries again */ });
}

/** The pages of a team's list after the cursor after, merged into the list while this stream is the current one. */
async function loadPages(team, controller, after, touched) {
  while (after && state.stream === controller) {
    const page = await api(`/api/v1/teams/${team}/workspaces?size=${PAGE}&after=${encodeURIComponent(after)}`);
    if (state.stream !== controller) return;
    state.workspaces = mergePage(state.workspaces, page.items, touched);
    renderWorkspaces();
    after = page.next;
  }
}

/** Server-sent events over fetch (EventSource cannot send the Authorization header). */
async function startStream(team, attempt = 0) {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  let status = null;
  try {
    const response = await fetch(`/api/v1/teams/${team}/workspace-events?size=${PAGE}`, {
      headers: { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' }, signal: controller.signal,
    });
    status = response.status;
    if (response.ok) {
      $('#live').classList.add('on');
      const reconnected = attempt > 0;
      attempt = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = {};
      let touched = new Set(); // names the stream changed since its last snapshot
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const ev of parseSse(parser, value)) {
          // A stream replaced by another team's (or stopped) applies nothing more, even from a chunk already read.
          if (state.stream !== controller) return;
          if (ev.event === 'snapshot') {
            // The team's workspaces as they are now (first on every (re)connect): replaces the list, deletions
            // missed while away included, with no refetch.
            const snapshot = JSON.parse(ev.data);
            state.workspaces = applySnapshot(snapshot);
            touched = new Set();
            renderWorkspaces();
            // The snapshot is the list's first page: the rest comes page by page from the list, after its cursor.
            if (snapshot.next) guardedQuiet(() => loadPages(team, controller, snapshot.next, touched));
            if (reconnected) refreshAfterChanges();
            continue;
          }
          if (ev.event !== 'workspace') continue;
          const change = JSON.parse(ev.data);
          touched.add(change.workspace.name);
          state.workspaces = applyChange(state.workspaces, change);
          renderWorkspaces();
          refreshAfterChanges();
        }
      }
      status = null;
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
  }
  $('#live').classList.remove('on');
  if (state.stream !== controller) return;
  const next = streamRetry(status, attempt);
  if (next.action === 'signout') {
    signOut(SESSION_ENDED);
  } else if (next.action === 'stop') {
    state.stream = null;
    showError(`Live updates stopped (HTTP ${status}): reload the team to try again.`);
  } else {
    // The stream ended (server timeout, network): reconnect, waiting longer each time, while this team is shown.
    setTimeout(() => state.stream === controller && state.team === team && state.token
      && startStream(team, attempt + 1), next.delay);
  }
}

async function showDetails(name) {
  state.selected = name;
  const [w, ev] = await Promise.all([
    api(`/api/v1/teams/${state.team}/workspaces/${name}`),
    api(`/api/v1/teams/${state.team}/workspaces/${name}/events`),
  ]);
  const box = $('#details');
  box.hidden = false;
  box.replaceChildren(
    el('div', { class: 'row' }, el('h2', {}, `${w.name} · ${w.class}`), el('button', { onclick: () => { box.hidden = true; state.selected = null; } }, 'Close')),
    el('p', { class: 'hint' }, `Image ${w.runningImage || w.image || 'class default'} · storage ${w.storage || 'class default'} · idle timeout ${w.idleTimeout || 'class default'}`
      + (w.lastActivity ? ` · last activity ${age(w.lastActivity)} ago` : '')),
    startTimeline(w),
    cullLine(w),
    el('div', { class: 'conditions' }, ...(ev.conditions || []).map((c) => el('div', { class: `condition ${c.type} ${c.status}` },
      el('b', {}, `${c.type}: ${c.status}`), el('div', {}, c.reason || ''), el('div', { class: 'hint' }, c.message || '')))),
    el('table', { class: 'events' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Type'), el('th', {}, 'Reason'), el('th', {}, 'Object'), el('th', {}, 'Message'), el('th', {}, 'Age'))),
      el('tbody', {}, ...(ev.events || []).map((e) => el('tr', {},
        el('td', {}, e.type), el('td', {}, e.reason), el('td', { class: 'hint' }, e.object), el('td', {}, e.message), el('td', { class: 'hint' }, age(e.time)))))));
}

/** The current start, step by step: a horizontal bar per step, placed where it began (status.startTimeline). */
function startTimeline(w) {
  const t = timelineBars(w.startTimeline);
  if (!t) return '';
  const failed = w.phase === 'Failed';
  const title = t.done ? `Start timeline: ready in ${t.totalText}`
    : `Start timeline: ${failed ? 'failed' : 'starting'}, ${t.totalText} so far`;
  return el('section', { class: 'timeline', 'aria-label': 'Start timeline' },
    el('h3', {}, title),
    el('ol', {}, ...t.rows.map((r) => el('li', { class: `step${r.pending ? (failed ? ' hung' : ' pending') : ''}`, 'data-step': r.step },
      el('span', { class: 'label' }, r.label),
      el('span', { class: 'track', 'aria-hidden': 'true' },
        el('span', { class: 'fill', style: `margin-left:${r.offset.toFixed(2)}%;width:${Math.max(r.width, 0.5).toFixed(2)}%` })),
      el('span', { class: 'took' }, r.pending ? (failed ? `hung: ${r.text}` : `waiting: ${r.text}`) : r.text)))));
}

// ---- quota and capacity -------------------------------------------------------------------------

function bar(label, used, limit, text, format = (v) => v) {
  const p = percent(used, limit);
  return el('div', {},
    el('div', { class: 'metric' }, el('span', {}, label), el('span', {}, text ?? `${format(used ?? 0)} / ${limit === null || limit === undefined || limit === '' ? '∞' : format(limit)}`)),
    el('div', { class: `bar${p !== null && p >= 90 ? ' high' : ''}` }, el('div', { style: `width:${p ?? 0}%` })));
}

async function loadQuota() {
  const { quota, usage } = await api(`/api/v1/teams/${state.team}/quota`);
  const q = quota || {};
  $('#quota').replaceChildren(
    bar('Workspaces', usage.workspaces, q.maxWorkspaces, `${usage.workspaces} (${usage.runningWorkspaces} running) / ${q.maxWorkspaces ?? '∞'}`),
    bar('CPU', usage.cpu, q.cpu),
    bar('Memory', usage.memory, q.memory, undefined, bytes),
    bar('GPUs', usage.gpu, q.gpu),
    bar('Storage', usage.storage, q.storage, undefined, bytes));
}

/** The cluster's totals, for platform admins only (the API refuses others; users get the fit check instead). */
async function loadCapacity() {
  $('#capacity-card').hidden = !state.me.platformAdmin;
  if (!state.me.platformAdmin) return;
  const c = await api('/api/v1/cluster/capacity');
  $('#capacity').replaceChildren(
    bar('CPU requested', c.cpu.requested, c.cpu.allocatable),
    bar('Memory requested', c.memory.requested, c.memory.allocatable, undefined, bytes),
    bar('GPUs requested', c.gpu.requested, c.gpu.allocatable),
    el('p', { class: 'hint' }, `${c.nodes.filter((n) => n.ready).length} of ${c.nodes.length} nodes ready`));
}

// ---- create --------------------------------------------------------------------------------------

function fillImages(cls) {
  const c = state.classes.find((x) => x.name === cls);
  $('#create-form [name=image]').replaceChildren(...(c?.images || []).map((i, n) =>
    el('option', { value: n === 0 ? '' : i.name }, `${i.name}${n === 0 ? ' (default)' : ''}`)));
  if (c?.defaultResources) {
    $('#create-form [name=cpu]').placeholder = c.defaultResources.cpu ?? '';
    $('#create-form [name=memory]').placeholder = c.defaultResources.memory ?? '';
  }
  if (c?.defaultStorage) $('#create-form [name=storage]').placeholder = c.defaultStorage;
}

$('#new-ws').addEventListener('click', () => {
  const select = $('#create-form [name=class]');
  select.replaceChildren(...state.classes.map((c) => el('option', { value: c.name }, `${c.displayName} (${c.kind})`)));
  fillImages(select.value);
  showFieldErrors([]);
  $('#create-error').hidden = true;
  $('#create-fit').hidden = true;
  $('#create-dialog').showModal();
  checkFit();
});
$('#create-form [name=class]').addEventListener('change', (e) => fillImages(e.target.value));

/** The request body of the create form. */
function createBody() {
  const f = new FormData($('#create-form'));
  const blank = (v) => (v === null || v === '' ? undefined : v);
  return {
    name: blank(f.get('name')), class: f.get('class'), image: blank(f.get('image')),
    resources: { cpu: blank(f.get('cpu')), memory: blank(f.get('memory')), gpu: blank(f.get('gpu')) ? Number(f.get('gpu')) : undefined },
    storage: blank(f.get('storage')), idleTimeout: blank(f.get('idleTimeout')),
  };
}

/** Marks the inputs the API refused, with its message under each. */
function showFieldErrors(fields) {
  markFieldErrors('#create-form', fields, formField, 'error-');
}

/**
 * Marks the inputs of a form that the API refused ({field, message}), with the message under each: toInput maps the
 * API's field name to the input's name (null: none), toMessage words the message.
 */
function markFieldErrors(form, fields, toInput, idPrefix, toMessage = (f) => f.message) {
  for (const old of document.querySelectorAll(`${form} .field-error`)) old.remove();
  for (const input of document.querySelectorAll(`${form} [aria-invalid]`)) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  for (const f of fields) {
    const name = toInput(f.field);
    const input = name && $(`${form} [name="${name}"]`);
    if (!input) continue;
    const id = `${idPrefix}${name.replace(/\W/g, '-')}`;
    const existing = document.getElementById(id);
    if (existing) { existing.append(`; ${toMessage(f)}`); continue; }
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    input.closest('label').append(el('span', { class: 'field-error', id }, toMessage(f)));
  }
}

/** The fit check of what the form asks for, shown live under the resources (it changes nothing). */
let fitRequest = 0;
async function checkFit() {
  const mine = ++fitRequest;
  const box = $('#create-fit');
  try {
    const fit = await api(`/api/v1/teams/${state.team}/workspace-fit`, { method: 'POST', json: { ...createBody(), name: undefined } });
    if (mine !== fitRequest) return;
    const view = fitSummary(fit);
    box.className = `fit ${view.level}`;
    box.replaceChildren(el('b', {}, view.text), ...view.lines.map((l) => el('div', { class: 'hint' }, l)),
      view.suggestion ? el('button', { type: 'button', onclick: () => useSize(view.suggestion) }, 'Use this size') : '');
    box.hidden = false;
  } catch (e) {
    if (mine !== fitRequest || e instanceof SessionEnded) return;
    box.className = 'fit bad';
    box.replaceChildren(el('b', {}, 'Cannot check the fit'), el('div', { class: 'hint' }, e.message));
    box.hidden = false;
  }
}

function useSize(size) {
  for (const name of ['cpu', 'memory', 'storage']) if (size[name]) $(`#create-form [name=${name}]`).value = size[name];
  $('#create-form [name=gpu]').value = size.gpu ?? '';
  checkFit();
}

// Editing a refused field clears its message; the refusal's summary goes once no refused field is left.
function clearErrorsOnInput(form, summary) {
  $(form).addEventListener('input', (e) => {
    if (!e.target.hasAttribute('aria-invalid')) return;
    document.getElementById(e.target.getAttribute('aria-describedby'))?.remove();
    e.target.removeAttribute('aria-invalid');
    e.target.removeAttribute('aria-describedby');
    if (!document.querySelector(`${form} [aria-invalid]`)) $(summary).hidden = true;
  });
}
clearErrorsOnInput('#create-form', '#create-error');

const checkFitSoon = debounce(checkFit, 400);
for (const name of ['class', 'image', 'cpu', 'memory', 'gpu', 'storage']) {
  $(`#create-form [name=${name}]`).addEventListener(name === 'class' || name === 'image' ? 'change' : 'input', checkFitSoon);
}

$('#create-submit').addEventListener('click', async (e) => {
  const form = $('#create-form');
  if (!form.reportValidity()) return;
  e.preventDefault();
  try {
    await api(`/api/v1/teams/${state.team}/workspaces`, { method: 'POST', json: createBody() });
    $('#create-dialog').close();
    form.reset();
  } catch (err) {
    if (err instanceof SessionEnded) return;
    showFieldErrors(err.fields || []);
    $('#create-error').textContent = err.message;
    $('#create-error').hidden = false;
  }
});

// ---- data connections ----------------------------------------------------------------------------

/** Whether the caller administers the shown team (team admins and platform admins rotate and delete connections). */
function isTeamAdmin() {
  return state.me.platformAdmin || state.role === 'admin';
}

/** Runs an action of a panel, showing its failure in the panel's own error box. */
async function inPanel(box, action) {
  try {
    $(box).hidden = true;
    await action();
  } catch (e) {
    if (e instanceof SessionEnded) return;
    $(box).textContent = e.message;
    $(box).hidden = false;
  }
}

async function loadConnections(team) {
  if (state.connectionTypes.length === 0) state.connectionTypes = await api('/api/v1/connection-types');
  const list = await api(`/api/v1/teams/${team}/connections`);
  if (state.team !== team) return;
  state.connections = list;
  renderConnections();
}

function renderConnections() {
  const admin = isTeamAdmin();
  $('#new-connection').disabled = !canWrite();
  $('#connections tbody').replaceChildren(...state.connections.map((c) => el('tr', { 'data-connection': c.name },
    el('td', {}, el('b', {}, c.name)),
    el('td', {}, c.type),
    el('td', { class: 'hint' }, (c.keys || []).join(', ')),
    el('td', { class: 'hint' }, c.rotatedAt ? `rotated ${age(c.rotatedAt)} ago` : `created ${age(c.createdAt)} ago`),
    el('td', { class: 'actions' },
      el('button', { disabled: !admin, 'aria-label': `Rotate ${c.name}`, title: admin ? 'Replace its values' : 'Team admins rotate connections',
        onclick: () => openConnectionDialog(c) }, 'Rotate'),
      ' ',
      el('button', { disabled: !admin, 'aria-label': `Delete ${c.name}`, title: admin ? 'Delete it' : 'Team admins delete connections',
        onclick: () => inPanel('#connections-error', () => removeConnection(c)) }, 'Delete')))));
  $('#connections-empty').hidden = state.connections.length > 0;
}

async function removeConnection(c) {
  if (!confirm(`Delete data connection ${c.name}? Workspaces can no longer use it.`)) return;
  await api(`/api/v1/teams/${state.team}/connections/${c.name}`, { method: 'DELETE', headers: { 'If-Match': `"${c.resourceVersion}"` } });
  state.connections = state.connections.filter((x) => x.name !== c.name);
  renderConnections();
}

/** The inputs of a connection type's keys; secrets are password inputs. */
function connectionKeyInputs(type) {
  const t = state.connectionTypes.find((x) => x.type === type);
  if (!t) return [];
  const secret = (key) => /password|secret/i.test(key);
  return [...t.requiredKeys.map((k) => [k, true]), ...t.optionalKeys.map((k) => [k, false])].map(([key, required]) =>
    el('label', {}, `${key}${required ? ' (required)' : ''}`,
      el('input', { name: `values.${key}`, type: secret(key) ? 'password' : 'text', autocomplete: secret(key) ? 'new-password' : 'off' })));
}

/** Opens the connection form: a new connection, or (given one) its rotation, which replaces every value. */
function openConnectionDialog(rotating) {
  const form = $('#connection-form');
  form.reset();
  state.rotating = rotating || null;
  markFieldErrors('#connection-form', [], (f) => f, 'connection-error-');
  $('#connection-error').hidden = true;
  const type = form.elements.type;
  type.replaceChildren(...state.connectionTypes.map((t) => el('option', { value: t.type }, t.type)));
  form.elements.name.disabled = !!rotating;
  type.disabled = !!rotating;
  if (rotating) {
    form.elements.name.value = rotating.name;
    type.value = rotating.type;
  }
  $('#connection-dialog-title').textContent = rotating ? `Rotate ${rotating.name}: enter every value anew` : 'New data connection';
  $('#connection-keys').replaceChildren(...connectionKeyInputs(type.value));
  $('#connection-dialog').showModal();
  (rotating ? form.querySelector('#connection-keys input') : form.elements.name)?.focus();
}

$('#new-connection').addEventListener('click', () => openConnectionDialog(null));
$('#connection-form [name=type]').addEventListener('change', (e) => $('#connection-keys').replaceChildren(...connectionKeyInputs(e.target.value)));
clearErrorsOnInput('#connection-form', '#connection-error');

$('#connection-submit').addEventListener('click', async (e) => {
  const form = $('#connection-form');
  if (!form.reportValidity()) return;
  e.preventDefault();
  const inputs = {};
  for (const input of form.querySelectorAll('#connection-keys input')) inputs[input.name.slice('values.'.length)] = input.value;
  const values = connectionValues(inputs);
  const rotating = state.rotating;
  try {
    const saved = rotating
      ? await api(`/api/v1/teams/${state.team}/connections/${rotating.name}`, { method: 'PUT', json: { values },
        headers: { 'If-Match': `"${rotating.resourceVersion}"` } })
      : await api(`/api/v1/teams/${state.team}/connections`, { method: 'POST',
        json: { name: form.elements.name.value, type: form.elements.type.value, values } });
    $('#connection-dialog').close();
    form.reset();
    state.connections = [...state.connections.filter((c) => c.name !== saved.name), saved]
      .sort((a, b) => a.name.localeCompare(b.name));
    renderConnections();
  } catch (err) {
    if (err instanceof SessionEnded) return;
    markFieldErrors('#connection-form', err.fields || [], (f) => f, 'connection-error-');
    $('#connection-error').textContent = err.message;
    $('#connection-error').hidden = false;
  }
});

// ---- platform admin ------------------------------------------------------------------------------

async function showAdmin() {
  state.view = 'admin';
  state.team = null;
  state.selected = null;
  stopStream();
  $('.grid').hidden = true;
  $('#details').hidden = true;
  $('#admin').hidden = false;
  renderTeams();
  await loadAdmin();
  clearInterval(state.adminTimer);
  // The chart and the capacity follow the cluster while the console is shown.
  state.adminTimer = setInterval(() => state.view === 'admin' && guardedQuiet(loadAdmin), 10000);
}

async function loadAdmin() {
  const [teams, capacity, history, queue] = await Promise.all([api('/api/v1/admin/teams'), api('/api/v1/cluster/capacity'),
    api('/api/v1/admin/phase-history'), api('/api/v1/queue')]);
  if (state.view !== 'admin') return;
  state.adminTeams = teams;
  renderAdminTeams(teams);
  renderNodes(capacity);
  renderPhaseChart(history);
  renderQueue(queue);
  $('#admin-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
}

function renderAdminTeams(teams) {
  $('#admin-teams tbody').replaceChildren(...teams.map(({ team: t, usage: u }) => {
    const q = t.quota || {};
    return el('tr', { 'data-team-row': t.name },
      el('td', {}, el('b', {}, t.name), t.displayName ? el('div', { class: 'hint' }, t.displayName) : ''),
      el('td', { class: 'hint' }, (t.members || []).map((m) => `${m.name} (${m.role})`).join(', ') || '—'),
      el('td', {}, `${u.workspaces} (${u.runningWorkspaces} running) / ${q.maxWorkspaces ?? '∞'}`),
      el('td', {}, bar('', u.cpu, q.cpu)),
      el('td', {}, bar('', u.memory, q.memory, undefined, bytes)),
      el('td', {}, bar('', u.gpu, q.gpu)),
      el('td', { class: 'actions' }, el('button', { 'aria-label': `Edit team ${t.name}`, onclick: () => guarded(() => openTeamDialog(t.name)) }, 'Edit'),
        ' ', el('button', { 'aria-label': `Delete team ${t.name}`, onclick: () => guarded(() => openDeleteTeam(t.name, u.workspaces)) }, 'Delete')));
  }));
}

function renderNodes(capacity) {
  $('#admin-nodes tbody').replaceChildren(...capacity.nodes.map((n) => el('tr', {},
    el('td', {}, n.name),
    el('td', {}, el('span', { class: `badge ${n.ready ? (n.schedulable === false ? 'busy' : 'ok') : 'bad'}` },
      n.ready ? (n.schedulable === false ? 'Cordoned' : 'Ready') : 'Not ready')),
    el('td', {}, bar('', n.cpu.requested, n.cpu.allocatable)),
    el('td', {}, bar('', n.memory.requested, n.memory.allocatable, undefined, bytes)),
    el('td', {}, n.gpu.allocatable === '0' ? el('span', { class: 'hint' }, 'none') : bar('', n.gpu.requested, n.gpu.allocatable)))));
}

/** The workspaces waiting for room (phase Queued), in admission order across teams. */
function renderQueue(queue) {
  const list = Array.isArray(queue) ? queue : (queue?.items || []);
  $('#admin-queue tbody').replaceChildren(...list.map((q) => el('tr', { 'data-queued': `${q.team}/${q.name}` },
    el('td', {}, String(q.position ?? '')),
    el('td', {}, el('b', {}, q.name)),
    el('td', {}, q.team),
    el('td', { class: 'hint' }, [q.requested?.cpu && `${q.requested.cpu} CPU`, q.requested?.memory && bytes(q.requested.memory),
      q.requested?.gpu ? `${q.requested.gpu} GPU` : ''].filter(Boolean).join(' · ')),
    el('td', { class: 'hint' }, q.since ? age(q.since) : ''),
    el('td', {}, q.reason || ''))));
  $('#admin-queue-empty').hidden = list.length > 0;
}

const PHASE_COLOURS = { New: '#db2777', Queued: '#0b7285', Pending: '#936000', Provisioning: '#3451b2', Running: '#157347',
  Stopping: '#c2410c', Stopped: '#5c6670', Failed: '#b02a37', Deleting: '#7e22ce' };

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c));
  return node;
}

function renderPhaseChart(history) {
  const width = 720;
  const height = 180;
  const chart = phaseChart(history, width, height);
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
  const summary = chart.series.map((s) => `${s.phase} ${s.last}`).join(', ') || 'no workspaces';
  const title = `Workspaces by phase from ${time(chart.from)} to ${time(chart.to)}; now: ${summary}`;
  const colour = (phase) => PHASE_COLOURS[phase] || '#444';
  const box = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-labelledby': 'phase-chart-title' },
    svg('title', { id: 'phase-chart-title' }, title),
    svg('line', { class: 'axis', x1: 32, y1: height - 20, x2: width - 8, y2: height - 20 }),
    svg('line', { class: 'axis', x1: 32, y1: 8, x2: 32, y2: height - 20 }),
    svg('text', { x: 26, y: 14, 'text-anchor': 'end' }, String(chart.yMax)),
    svg('text', { x: 26, y: height - 20, 'text-anchor': 'end' }, '0'),
    svg('text', { x: 32, y: height - 4 }, time(chart.from)),
    svg('text', { x: width - 8, y: height - 4, 'text-anchor': 'end' }, time(chart.to)),
    ...chart.series.flatMap((s) => {
      const last = s.points.split(' ').pop().split(',');
      return [svg('polyline', { points: s.points, fill: 'none', stroke: colour(s.phase), 'stroke-width': 2, 'data-phase': s.phase }),
        svg('circle', { cx: last[0], cy: last[1], r: 3, fill: colour(s.phase) })];
    }));
  $('#phase-chart').replaceChildren(box,
    el('div', { class: 'legend' }, ...chart.series.map((s) => el('span', { style: `--swatch:${colour(s.phase)}` }, `${s.phase}: ${s.last}`))),
    el('p', { class: 'hint' }, `A sample every ${history.intervalSeconds} s, kept in memory since this API instance started `
      + `(${new Date(history.since).toLocaleString()}).`));
}

/** Opens the team form: a new team, or (given one) its current members and quota to change. */
async function openTeamDialog(name) {
  const form = $('#team-form');
  form.reset();
  const team = name ? await currentTeam(name) : null;
  state.editing = team;
  markFieldErrors('#team-form', [], teamField, 'team-error-');
  $('#team-error').hidden = true;
  $('#team-dialog-title').textContent = team ? `Team ${team.name}: members and quota` : 'New team';
  form.elements.name.disabled = !!team;
  form.elements.displayName.disabled = !!team;
  if (team) {
    const q = team.quota || {};
    form.elements.name.value = team.name;
    form.elements.displayName.value = team.displayName || '';
    form.elements.members.value = membersText(team.members);
    for (const k of ['cpu', 'memory', 'gpu', 'storage', 'maxWorkspaces']) form.elements[k].value = q[k] ?? '';
  }
  $('#team-dialog').showModal();
  (team ? form.elements.members : form.elements.name).focus();
}

/** The team as it is now, with its ETag (the version of its members and quota) for the next write's If-Match. */
async function currentTeam(name) {
  const { body, etag } = await api(`/api/v1/teams/${name}`, { withETag: true });
  return { ...body, etag };
}

$('#new-team').addEventListener('click', () => guarded(() => openTeamDialog(null)));
clearErrorsOnInput('#team-form', '#team-error');

$('#team-submit').addEventListener('click', async (e) => {
  const form = $('#team-form');
  if (!form.reportValidity()) return;
  e.preventDefault();
  const f = Object.fromEntries(new FormData(form));
  const members = parseMembers(f.members);
  const quota = quotaBody(f);
  const team = state.editing;
  try {
    if (team) {
      // Two writes, each on the version the previous one answered: a change by someone else meanwhile is a 412.
      const set = await api(`/api/v1/teams/${team.name}/quota`, { method: 'PUT', json: quota, withETag: true,
        headers: { 'If-Match': team.etag } });
      await api(`/api/v1/teams/${team.name}/members`, { method: 'PUT', json: members, headers: { 'If-Match': set.etag } });
    } else {
      await api('/api/v1/teams', { method: 'POST', json: { name: f.name, displayName: f.displayName || undefined, members, quota } });
    }
    $('#team-dialog').close();
    form.reset();
    await loadAdmin();
  } catch (err) {
    if (err instanceof SessionEnded) return;
    markFieldErrors('#team-form', err.fields || [], teamField, 'team-error-', (x) => teamFieldMessage(x.field, x.message));
    let message = err.message;
    if (err.status === 412 && team) {
      // Changed by someone else since the form opened: say so, and base a second save on the version now current.
      state.editing = await currentTeam(team.name).catch(() => team);
      message += '. It changed since the form opened; your edits are kept: check the table, then save again to apply them.';
    }
    $('#team-error').textContent = message;
    $('#team-error').hidden = false;
  }
});

/**
 * Opens the confirmation of a team's deletion: what goes with it, and with workspaces the team's name to type. The
 * API deletes only the Team (its namespace goes by the operator's owner references), on the version shown (If-Match).
 */
async function openDeleteTeam(name, workspaces) {
  const team = await currentTeam(name);
  state.deleting = { name, etag: team.etag, workspaces };
  $('#delete-team-form').reset();
  $('#delete-team-error').hidden = true;
  renderDeleteTeam();
  $('#delete-team-dialog').showModal();
  ($('#delete-team-confirm').hidden ? $('#delete-team-submit') : $('#delete-team-form [name=confirm]')).focus();
}

function renderDeleteTeam() {
  const d = state.deleting;
  const view = teamDeletion(d.name, d.workspaces);
  $('#delete-team-title').textContent = `Delete team ${d.name}`;
  $('#delete-team-what').textContent = view.text;
  $('#delete-team-confirm').hidden = !view.typeName;
}

$('#delete-team-submit').addEventListener('click', async (e) => {
  e.preventDefault();
  const d = state.deleting;
  const force = teamDeletion(d.name, d.workspaces).typeName;
  const typed = $('#delete-team-form [name=confirm]');
  const fail = (message) => { $('#delete-team-error').textContent = message; $('#delete-team-error').hidden = false; };
  $('#delete-team-error').hidden = true;
  if (force && typed.value.trim() !== d.name) {
    typed.setAttribute('aria-invalid', 'true');
    fail(`Type ${d.name} to confirm: its workspaces are deleted with it.`);
    return;
  }
  try {
    await api(`/api/v1/teams/${d.name}${force ? '?force=true' : ''}`, { method: 'DELETE', headers: { 'If-Match': d.etag } });
    $('#delete-team-dialog').close();
    await loadAdmin();
  } catch (err) {
    if (err instanceof SessionEnded) return;
    if (err.status === 409) {
      // Workspaces were created since the table was drawn: say which, and ask for the typed confirmation.
      d.workspaces = Number(/still has (\d+) workspace/.exec(err.message)?.[1]) || Math.max(1, Number(d.workspaces) || 0);
      renderDeleteTeam();
      fail(err.message);
      typed.focus();
    } else if (err.status === 412) {
      state.deleting = { ...d, etag: (await currentTeam(d.name).catch(() => d)).etag };
      fail(`${err.message}. It changed since you opened this: check the table, then delete again.`);
    } else {
      fail(err.message);
    }
  }
});
// Typing the name again clears the refusal of the last try.
$('#delete-team-form [name=confirm]').addEventListener('input', (e) => {
  e.target.removeAttribute('aria-invalid');
  $('#delete-team-error').hidden = true;
});

// ---- start ---------------------------------------------------------------------------------------

if (state.token) guarded(() => signIn(state.token));
else signOut();
