// A restart the user is asked for (the operator never restarts a running workspace by itself): pure helpers.

/** The condition saying a data connection was rotated after the workspace started (Degraded/ConnectionRotated). */
export function restartNeeded(w) {
  if (!w || w.phase !== 'Running' || w.deleting) return null;
  const c = (w.conditions || []).find((x) => x.type === 'Degraded' && x.status === 'True'
    && x.reason === 'ConnectionRotated');
  return c ? c.message : null;
}

/** The workspaces whose users should restart them, each with why. */
export function needingRestart(workspaces) {
  return (workspaces || []).map((w) => ({ w, why: restartNeeded(w) })).filter((x) => x.why);
}

/**
 * The steps of a restart through the API's stop and start: stop, wait until the workspace is Stopped (its pod gone),
 * then start. A start sent before the stop took effect would be no restart: the operator sees only the final state.
 */
export function restartStep(w) {
  if (!w) return 'gone';
  if (w.state !== 'Stopped') return 'stop';
  return w.phase === 'Stopped' ? 'start' : 'wait';
}
