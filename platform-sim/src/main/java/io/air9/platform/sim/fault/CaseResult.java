package io.air9.platform.sim.fault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one fault case: what was lost, orphaned or duplicated (all must be 0), how long convergence took
 * against the bound the case promises, the case's own figures, and why it failed if it did.
 */
public record CaseResult(String name, int workspaces, int lost, int orphans, int duplicates,
    double convergenceSeconds, double boundSeconds, Map<String, Object> figures, String failure) {

  public boolean passed() {
    return failure == null && lost == 0 && orphans == 0 && duplicates == 0 && convergenceSeconds <= boundSeconds;
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", name);
    m.put("passed", passed());
    m.put("workspaces", workspaces);
    m.put("lost", lost);
    m.put("orphans", orphans);
    m.put("duplicates", duplicates);
    m.put("convergenceSeconds", convergenceSeconds);
    m.put("boundSeconds", boundSeconds);
    m.put("figures", figures);
    if (failure != null) {
      m.put("failure", failure);
    }
    return m;
  }

  public String summary() {
    return String.format(
        "%-18s %s  workspaces %d, lost %d, orphans %d, duplicates %d, converged in %.1f s (bound %.0f s)%s",
        name, passed() ? "PASS" : "FAIL", workspaces, lost, orphans, duplicates, convergenceSeconds, boundSeconds,
        failure == null ? "" : ": " + failure);
  }
}
