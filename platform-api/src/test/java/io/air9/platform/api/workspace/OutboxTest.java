package io.air9.platform.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.sim.junit.Waits;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {

  final ExecutorService senders = Executors.newFixedThreadPool(2);
  final List<String> sent = new CopyOnWriteArrayList<>();
  final AtomicInteger ended = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();

  @AfterEach
  void stop() {
    senders.shutdownNow();
  }

  Outbox<String> outbox(int capacity, CountDownLatch release) {
    Outbox<String> box = held(capacity, release);
    box.open();
    return box;
  }

  Outbox<String> held(int capacity, CountDownLatch release) {
    return new Outbox<>(capacity, senders, new Outbox.Sink<>() {
      @Override
      public void send(String event) throws Exception {
        if (event.equals("broken")) {
          throw new IOException("gone");
        }
        release.await(10, TimeUnit.SECONDS); // a client that does not read until released
        sent.add(event);
      }

      @Override
      public void end() {
        ended.incrementAndGet();
      }

      @Override
      public void closed() {
        closed.incrementAndGet();
      }
    }, () -> "overflow");
  }

  @Test
  void eventsAreSentInOrderOffTheCallersThread() {
    Outbox<String> box = outbox(10, new CountDownLatch(0));
    for (int i = 0; i < 5; i++) {
      assertThat(box.offer("e" + i)).isTrue();
    }
    Waits.await("all sent", Duration.ofSeconds(10), () -> sent.size() == 5);
    assertThat(sent).containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(ended.get() + closed.get()).isZero();
  }

  @Test
  void aStreamThatFallsTooFarBehindGetsOneLastOverflowEventAndEnds() {
    CountDownLatch release = new CountDownLatch(1);
    Outbox<String> box = outbox(3, release);
    assertThat(box.offer("e0")).isTrue(); // taken by the sender, which blocks
    Waits.await("the sender blocked on e0", Duration.ofSeconds(10), () -> box.waiting() == 0);
    assertThat(box.offer("e1")).isTrue();
    assertThat(box.offer("e2")).isTrue();
    assertThat(box.offer("e3")).isTrue();
    assertThat(box.offer("e4")).as("a fourth waiting event overflows").isFalse();
    assertThat(closed.get()).isEqualTo(1);
    assertThat(box.waiting()).as("what waited is replaced by the overflow event").isEqualTo(1);
    assertThat(box.offer("e5")).isFalse();
    release.countDown();
    Waits.await("the stream ended", Duration.ofSeconds(10), () -> ended.get() == 1);
    assertThat(sent).containsExactly("e0", "overflow");
    assertThat(closed.get()).isEqualTo(1);
  }

  @Test
  void eventsOfferedBeforeItOpensWaitAndThenGoInOrder() throws Exception {
    Outbox<String> box = held(10, new CountDownLatch(0));
    assertThat(box.offer("e0")).isTrue();
    assertThat(box.offer("e1")).isTrue();
    // Nothing is sent while held: a sender that had been scheduled would have taken e0 off the queue.
    senders.submit(() -> { }).get(10, TimeUnit.SECONDS);
    assertThat(box.waiting()).isEqualTo(2);
    assertThat(sent).isEmpty();
    sent.add("snapshot"); // what the opening thread writes first
    box.open();
    Waits.await("all sent", Duration.ofSeconds(10), () -> sent.size() == 3);
    assertThat(sent).containsExactly("snapshot", "e0", "e1");
  }

  @Test
  void aFailedWriteClosesTheStreamOnce() {
    Outbox<String> box = outbox(10, new CountDownLatch(0));
    box.offer("broken");
    Waits.await("closed", Duration.ofSeconds(10), () -> closed.get() == 1);
    assertThat(box.offer("e1")).isFalse();
    assertThat(closed.get()).isEqualTo(1);
    assertThat(ended.get()).isZero();
  }
}
