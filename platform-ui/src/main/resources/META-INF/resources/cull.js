// The cull countdown of a workspace, from the API's cullAt, cullReason and cullWarning (the operator's status):
// pure helpers for the warning banner and the workspace details.

const WHY = { Idle: 'if still idle', MaxRuntime: 'at its maximum runtime', GpuLease: 'at the end of its GPU lease' };

/** Time left as the banner counts it down: "2 h 05 min", "8 min 03 s", "42 s", "now". */
export function countdown(ms) {
  if (!(ms > 0)) return 'now';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/**
 * When and why a running workspace will be stopped, or null when nothing will stop it: the time left, the reason in
 * words, whether its users are warned now, and whether keep-alive can move it (only an idle stop moves).
 */
export function cullView(w, now = Date.now()) {
  if (!w || !w.cullAt || w.phase !== 'Running' || w.state === 'Stopped') return null;
  const at = Date.parse(w.cullAt);
  if (Number.isNaN(at)) return null;
  return {
    at: w.cullAt,
    left: countdown(at - now),
    why: WHY[w.cullReason] ?? '',
    warning: w.cullWarning === true,
    extendable: w.cullReason === 'Idle',
    keptAliveUntil: w.keepAliveUntil && Date.parse(w.keepAliveUntil) > now ? w.keepAliveUntil : null,
  };
}

/** The workspaces whose users are warned now, soonest first. */
export function warned(workspaces, now = Date.now()) {
  return workspaces.filter((w) => cullView(w, now)?.warning)
    .sort((a, b) => Date.parse(a.cullAt) - Date.parse(b.cullAt));
}
