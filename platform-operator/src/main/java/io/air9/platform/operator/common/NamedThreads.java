package io.air9.platform.operator.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads named {@code PREFIX-N} (N from 1), otherwise as {@link Executors#defaultThreadFactory()} makes them, so
 * that a thread dump or a per-thread CPU account (the benchmark's, from /proc) says which pool a thread serves
 * instead of "pool-5-thread-3". Linux keeps the first 15 characters of a thread's name.
 */
public final class NamedThreads implements ThreadFactory {

  private final ThreadFactory threads = Executors.defaultThreadFactory();
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  public NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = threads.newThread(task);
    t.setName(prefix + "-" + count.incrementAndGet());
    return t;
  }
}
