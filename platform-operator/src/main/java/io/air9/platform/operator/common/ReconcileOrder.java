package io.air9.platform.operator.common;

import io.air9.platform.model.OperatorThreads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK's reconcile executor, in an order suited to a burst: reconciles of resources that already have a status go
 * before first reconciles, first come first served within each. A first reconcile creates every child and waits for
 * the API server (seconds each in a burst); later ones mostly record what happened (a pod started: one status
 * patch). With one FIFO queue, a workspace whose pod already runs waited behind the first reconciles of every
 * workspace created after it (in a burst of 300, 50 threads all waited on creates while pods ran). Only the order
 * changes: every task runs, once, on the same number of threads. A first reconcile waits at most while existing
 * resources have work queued, which is bounded by their events (no timer here re-queues them).
 *
 * <p>JOSDK gives the executor its own runnable, which holds the resource of the reconcile (as of the submission);
 * it is read by reflection, and a runnable whose resource cannot be read keeps the FIFO order.
 */
public final class ReconcileOrder extends ThreadPoolExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileOrder.class);
  private static final Function<Runnable, HasMetadata> FIFO = task -> null;
  private static final Function<Runnable, HasMetadata> JOSDK_RESOURCE = resourceReader(
      "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor", "executionScope");

  private final AtomicLong sequence = new AtomicLong();
  private final Function<Runnable, HasMetadata> resourceOf;

  public ReconcileOrder(int threads) {
    this(threads, JOSDK_RESOURCE);
  }

  ReconcileOrder(int threads, Function<Runnable, HasMetadata> resourceOf) {
    super(threads, threads, 60, TimeUnit.SECONDS,
        new PriorityBlockingQueue<>(64, Comparator.comparing(r -> (Ranked) r)),
        new NamedThreads(OperatorThreads.RECONCILE.prefix()));
    this.resourceOf = resourceOf;
  }

  @Override
  public void execute(Runnable task) {
    super.execute(task instanceof Ranked ? task : new Ranked(task, first(resourceOf.apply(task)),
        sequence.getAndIncrement()));
  }

  /** Whether JOSDK's reconcile task was understood (else the order is FIFO). */
  static boolean readsJosdkTasks() {
    return JOSDK_RESOURCE != FIFO;
  }

  /** A first reconcile: a custom resource that has no status yet. */
  static boolean first(HasMetadata resource) {
    return resource instanceof CustomResource<?, ?> cr && cr.getStatus() == null;
  }

  /** A task with its rank: not first before first, then by submission. */
  record Ranked(Runnable task, boolean first, long sequence) implements Runnable, Comparable<Ranked> {
    @Override
    public void run() {
      task.run();
    }

    @Override
    public int compareTo(Ranked other) {
      return first != other.first ? Boolean.compare(first, other.first) : Long.compare(sequence, other.sequence);
    }
  }

  /**
   * JOSDK's ReconcilerExecutor holds an ExecutionScope, whose getResource() is the resource to reconcile: the reader
   * of a task's resource, given the task's class and the field of its scope; FIFO (no resource), with one warning,
   * when the task is not as expected.
   */
  static Function<Runnable, HasMetadata> resourceReader(String taskClass, String scopeField) {
    try {
      Class<?> executor = Class.forName(taskClass);
      Field scope = executor.getDeclaredField(scopeField);
      scope.setAccessible(true);
      Method resource = scope.getType().getDeclaredMethod("getResource");
      resource.setAccessible(true);
      return task -> {
        try {
          return executor.isInstance(task) ? (HasMetadata) resource.invoke(scope.get(task)) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("JOSDK's reconcile task is not as expected ({}): reconciles run in FIFO order", e.toString());
      return FIFO;
    }
  }
}
