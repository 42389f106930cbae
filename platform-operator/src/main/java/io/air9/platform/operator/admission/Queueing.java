package io.air9.platform.operator.admission;

import io.air9.platform.model.capacity.Admission;
import java.time.Instant;

/**
 * Why a workspace that should run has no pod yet: it waits in the admission queue.
 *
 * @param position 1-based place in the queue; 0 before its first evaluation
 * @param waitingFor what it waits for, "2 GPUs"; null before its first evaluation
 * @param since when it began to wait
 */
public record Queueing(int position, String waitingFor, Instant since) {

  /** One sentence for the Ready condition: "waiting for 2 GPUs; 3rd in the queue". */
  public String message() {
    if (position <= 0) {
      return "waiting for admission: the queue is being evaluated";
    }
    return "waiting for " + waitingFor + "; " + Admission.ordinal(position) + " in the queue";
  }
}
