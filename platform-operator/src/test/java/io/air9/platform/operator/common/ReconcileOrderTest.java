package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ReconcileOrderTest {

  private static Workspace workspace(boolean withStatus) {
    Workspace ws = new Workspace();
    if (withStatus) {
      ws.setStatus(new WorkspaceStatus());
    }
    return ws;
  }

  /** Occupies the executor's one thread until the latch returned is counted down, so that tasks queue. */
  private static CountDownLatch occupy(ReconcileOrder executor) throws InterruptedException {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    executor.execute(() -> {
      busy.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  @Test
  void reconcilesOfStartedResourcesGoBeforeFirstReconcilesFirstComeFirstServedWithinEach() throws Exception {
    Map<Runnable, HasMetadata> resources = new java.util.concurrent.ConcurrentHashMap<>();
    ReconcileOrder executor = new ReconcileOrder(1, resources::get);
    try {
      CountDownLatch release = occupy(executor);
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(5);
      for (String name : List.of("new-1", "started-1", "new-2", "started-2", "unknown")) {
        Runnable task = () -> {
          ran.add(name);
          done.countDown();
        };
        if (!name.equals("unknown")) {
          resources.put(task, workspace(name.startsWith("started")));
        }
        executor.execute(task);
      }
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      // A task whose resource is unknown counts as not first (FIFO among the started ones).
      assertThat(ran).containsExactly("started-1", "started-2", "unknown", "new-1", "new-2");
    } finally {
      executor.shutdownNow();
    }
  }

  /** The resource of a scope, as JOSDK's ExecutionScope holds it. */
  static final class Scope {
    private final HasMetadata resource;

    Scope(HasMetadata resource) {
      this.resource = resource;
    }

    HasMetadata getResource() {
      return resource;
    }
  }

  /** A task shaped like JOSDK's ReconcilerExecutor: its executionScope holds the resource. */
  static final class ScopedTask implements Runnable {
    private final Scope executionScope;
    private final Runnable body;

    ScopedTask(HasMetadata resource, Runnable body) {
      this.executionScope = new Scope(resource);
      this.body = body;
    }

    @Override
    public void run() {
      body.run();
    }
  }

  @Test
  void theResourceOfATaskShapedLikeJosdksIsRead() {
    Workspace ws = workspace(false);
    var reader = ReconcileOrder.resourceReader(ScopedTask.class.getName(), "executionScope");
    assertThat(reader.apply(new ScopedTask(ws, () -> {}))).isSameAs(ws);
    assertThat(reader.apply(() -> {})).as("another task").isNull();
  }

  @Test
  void aTaskOfAnotherShapeFallsBackToFifoWithOneWarningAndEveryTaskStillRuns() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ReconcileOrder.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    ReconcileOrder executor = null;
    try {
      // As after a JOSDK upgrade that renamed the field, or the class.
      assertThat(ReconcileOrder.resourceReader(ScopedTask.class.getName() + "Gone", "executionScope")
          .apply(new ScopedTask(workspace(true), () -> {}))).isNull();
      var renamed = ReconcileOrder.resourceReader(ScopedTask.class.getName(), "scope");
      assertThat(log.list).hasSize(2).allSatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.WARN);
        assertThat(e.getFormattedMessage()).contains("FIFO order");
      });

      executor = new ReconcileOrder(1, renamed);
      CountDownLatch release = occupy(executor);
      List<String> ran = new CopyOnWriteArrayList<>();
      List<String> names = List.of("new-1", "started-1", "new-2", "started-2");
      CountDownLatch done = new CountDownLatch(names.size());
      for (String name : names) {
        executor.execute(new ScopedTask(workspace(name.startsWith("started")), () -> {
          ran.add(name);
          done.countDown();
        }));
      }
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).as("first come first served").containsExactlyElementsOf(names);
      assertThat(log.list).as("no further warning per task").hasSize(2);
    } finally {
      logger.detachAppender(log);
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  @Test
  void josdksReconcileTaskIsUnderstood() {
    assertThat(ReconcileOrder.readsJosdkTasks()).isTrue();
    assertThat(ReconcileOrder.first(workspace(false))).isTrue();
    assertThat(ReconcileOrder.first(workspace(true))).isFalse();
  }

  @Test
  void reconcileThreadsAreNamedForThreadDumpsAndTheBenchmarksCpuAccount() throws Exception {
    ReconcileOrder executor = new ReconcileOrder(2, task -> null);
    try {
      List<String> names = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(2);
      CountDownLatch both = new CountDownLatch(2);
      for (int i = 0; i < 2; i++) {
        executor.execute(() -> {
          names.add(Thread.currentThread().getName());
          both.countDown();
          try {
            both.await(10, TimeUnit.SECONDS); // each task on its own thread
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(names).containsExactlyInAnyOrder("air9-reconcile-1", "air9-reconcile-2");
    } finally {
      executor.shutdownNow();
    }
  }
}
