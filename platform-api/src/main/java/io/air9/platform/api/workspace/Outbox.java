package io.air9.platform.api.workspace;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The events waiting for one stream, sent in order by a shared pool of sender threads, so that the informer's thread
 * that publishes a change never writes to a socket and one client that stops reading cannot hold back the others.
 * Bounded: a stream more than {@code capacity} events behind is dropped: what waits is replaced by one last event
 * saying so ({@code overflow}), after which the stream ends and its client reconnects (and gets a fresh snapshot).
 * Held until {@link #open()}: events offered before then wait, so that the stream's first events, written by the
 * thread that opens it (the snapshot), go before every change.
 *
 * @param <E> an event
 */
final class Outbox<E> {

  /** Writes events to the stream. */
  interface Sink<E> {
    /** Writes one event; an exception means the stream is gone. */
    void send(E event) throws Exception;

    /** Ends the stream after its last event (the overflow). */
    void end();

    /** The stream is gone (a write failed, or it overflowed): stop publishing to it. */
    void closed();
  }

  private final ArrayDeque<E> queue = new ArrayDeque<>();
  private final int capacity;
  private final Executor senders;
  private final Sink<E> sink;
  private final Supplier<E> overflow;
  private boolean held = true;
  private boolean draining;
  private boolean closed;
  private boolean overflowed;

  Outbox(int capacity, Executor senders, Sink<E> sink, Supplier<E> overflow) {
    this.capacity = capacity;
    this.senders = senders;
    this.sink = sink;
    this.overflow = overflow;
  }

  /** Queues an event; false when the stream is closed or has just overflowed (then it is dropped). */
  boolean offer(E event) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (queue.size() >= capacity) {
        queue.clear();
        queue.add(overflow.get());
        closed = true;
        overflowed = true;
        schedule();
      } else {
        queue.add(event);
        schedule();
        return true;
      }
    }
    sink.closed();
    return false;
  }

  /** Starts sending: what was offered so far, then every event as it comes. */
  synchronized void open() {
    held = false;
    if (!queue.isEmpty()) {
      schedule();
    }
  }

  synchronized int waiting() {
    return queue.size();
  }

  private void schedule() {
    if (!held && !draining) {
      draining = true;
      try {
        senders.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // shutting down: the streams are being ended
        draining = false;
        closed = true;
        queue.clear();
      }
    }
  }

  private void drain() {
    while (true) {
      E event;
      synchronized (this) {
        event = queue.poll();
        if (event == null) {
          draining = false;
          if (!overflowed) {
            return;
          }
        }
      }
      if (event == null) {
        sink.end();
        return;
      }
      try {
        sink.send(event);
      } catch (Exception e) {
        boolean first;
        synchronized (this) {
          first = !closed;
          closed = true;
          overflowed = false;
          queue.clear();
          draining = false;
        }
        if (first) {
          sink.closed();
        }
        return;
      }
    }
  }
}
