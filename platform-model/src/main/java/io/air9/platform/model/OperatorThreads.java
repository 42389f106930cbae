package io.air9.platform.model;

/**
 * The names of the operator's own thread pools, in one place: the operator names its threads with them
 * ({@code NamedThreads}), and the benchmark's per-thread CPU account ({@code ThreadCpu}) groups threads by them.
 * Linux keeps the first 15 characters of a thread's name, so each prefix is shorter than that.
 */
public enum OperatorThreads {
  /** The reconciles (JOSDK's executor, ordered by {@code ReconcileOrder}). */
  RECONCILE("air9-reconcile"),
  /** The dependents of a reconcile (JOSDK's workflow executor). */
  WORKFLOW("air9-workflow"),
  /** The admission queue's single thread. */
  ADMISSION("air9-admission");

  private final String prefix;

  OperatorThreads(String prefix) {
    this.prefix = prefix;
  }

  /** The name, or the start of the name, of each thread of the pool. */
  public String prefix() {
    return prefix;
  }
}
