package io.air9.platform.api.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's item store (Fabric8 {@link ItemStore}, keyed {@code namespace/name} as the default one) that also
 * keeps each namespace's objects sorted by name. The informer updates it synchronously as it applies a watch event,
 * so a read sees exactly what {@code getByKey} sees, with no lag behind the cache. A namespace's sorted list is
 * built once after a change, on the next read (a copy of its {@link TreeMap}'s values: O(n), no sort), and then
 * served to every request until the next change in that namespace: a team of 5000 is not sorted per request, and a
 * change in one team leaves the other teams' lists as they are.
 */
public final class SortedStore<T extends HasMetadata> implements ItemStore<T> {

  private final Map<String, T> byKey = new ConcurrentHashMap<>();
  private final Map<String, Namespace<T>> namespaces = new ConcurrentHashMap<>();

  /** One namespace: its objects by name, and their sorted list once built (null after a change). */
  private static final class Namespace<T> {
    private final TreeMap<String, T> byName = new TreeMap<>();
    private volatile List<T> sorted = List.of();

    synchronized void put(String name, T item) {
      byName.put(name, item);
      sorted = null;
    }

    synchronized void remove(String name) {
      byName.remove(name);
      sorted = null;
    }

    List<T> sorted() {
      List<T> list = sorted;
      if (list != null) {
        return list;
      }
      synchronized (this) {
        if (sorted == null) {
          sorted = List.copyOf(byName.values());
        }
        return sorted;
      }
    }
  }

  /** The namespace's objects sorted by name (an immutable list; empty when there are none). */
  public List<T> sorted(String namespace) {
    Namespace<T> ns = namespaces.get(namespace);
    return ns == null ? List.of() : ns.sorted();
  }

  @Override
  public String getKey(T item) {
    return Cache.metaNamespaceKeyFunc(item);
  }

  @Override
  public T put(String key, T item) {
    T old = byKey.put(key, item);
    namespaces.computeIfAbsent(namespaceOf(item), k -> new Namespace<>()).put(item.getMetadata().getName(), item);
    return old;
  }

  @Override
  public T remove(String key) {
    T old = byKey.remove(key);
    if (old != null) {
      Namespace<T> ns = namespaces.get(namespaceOf(old));
      if (ns != null) {
        ns.remove(old.getMetadata().getName());
      }
    }
    return old;
  }

  @Override
  public Stream<String> keySet() {
    return byKey.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return byKey.values().stream();
  }

  @Override
  public int size() {
    return byKey.size();
  }

  @Override
  public T get(String key) {
    return byKey.get(key);
  }

  private static String namespaceOf(HasMetadata item) {
    String ns = item.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }
}
