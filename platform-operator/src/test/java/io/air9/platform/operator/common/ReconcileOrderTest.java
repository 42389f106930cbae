package io.air9.platform.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.Workspace;
import io.air9.platform.model.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcileOrderTest {

  private static Workspace workspace(boolean withStatus) {
    Workspace ws = new Workspace();
    if (withStatus) {
      ws.setStatus(new WorkspaceStatus());
    }
    return ws;
  }

  @Test
  void reconcilesOfStartedResourcesGoBeforeFirstReconcilesFirstComeFirstServedWithinEach() throws Exception {
    Map<Runnable, HasMetadata> resources = new java.util.concurrent.ConcurrentHashMap<>();
    ReconcileOrder executor = new ReconcileOrder(1, resources::get);
    try {
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

  @Test
  void josdksReconcileTaskIsUnderstood() {
    assertThat(ReconcileOrder.readsJosdkTasks()).isTrue();
    assertThat(ReconcileOrder.first(workspace(false))).isTrue();
    assertThat(ReconcileOrder.first(workspace(true))).isFalse();
  }
}
