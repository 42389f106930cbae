package io.air9.platform.operator.common;

import io.air9.platform.model.Air9;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

/**
 * An informer cache that keeps only what the operator reads (a JOSDK {@link TransformingItemStore}).
 * {@code metadata.managedFields} is most of a cached object's heap (each entry's {@code fieldsV1} is a tree of maps:
 * a StatefulSet's or a pod's runs to hundreds of nodes). Of a child the operator applies, it keeps the entries of server-side apply (JOSDK's matcher compares the
 * operator's own applied fields with them) and drops those of plain
 * updates (the controllers' and KWOK's status writes). {@link WithoutManagedFields} drops them all, for what the
 * operator only reads (the Workspaces themselves); {@link PodFacts} keeps of pods only what is read.
 */
public class PrunedItemStore<R extends HasMetadata> extends TransformingItemStore<R> {

  public PrunedItemStore() {
    this(PrunedItemStore::keepApplied);
  }

  protected PrunedItemStore(UnaryOperator<R> prune) {
    super(prune);
  }

  private static <R extends HasMetadata> R keepApplied(R obj) {
    List<ManagedFieldsEntry> fields = obj.getMetadata().getManagedFields();
    if (fields != null && fields.stream().anyMatch(f -> !"Apply".equals(f.getOperation()))) {
      obj.getMetadata().setManagedFields(fields.stream().filter(f -> "Apply".equals(f.getOperation())).toList());
    }
    if (obj.getMetadata().getManagedFields() != null) {
      obj.getMetadata().getManagedFields().forEach(f -> f.setFieldsV1(intern(f.getFieldsV1())));
    }
    return compact(obj);
  }

  /**
   * The object with each empty {@code additionalProperties} map of its model objects (every Fabric8 model object has
   * one, for fields unknown to the model: almost always empty) replaced by one shared empty map: a cached StatefulSet
   * is made of about a hundred model objects (containers, environment variables, mounts, probes, quantities), and an
   * empty {@code LinkedHashMap} (with the entry-set view that serialising it leaves behind) costs 72 bytes each.
   * Cached objects are read, never changed; a change of that shared map would throw.
   */
  static <T> T compact(T obj) {
    compactTree(obj);
    return obj;
  }

  private static final Map<String, Object> NO_PROPERTIES = java.util.Collections.emptyMap();
  private static final Map<Class<?>, List<java.lang.reflect.Field>> MODEL_FIELDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static void compactTree(Object node) {
    if (node instanceof List<?> list) {
      list.forEach(PrunedItemStore::compactTree);
    } else if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> compactTree(value)); // not values(): its view would stay cached in the map
    } else if ((node instanceof KubernetesResource || node instanceof Quantity) && !(node instanceof FieldsV1)) {
      try {
        for (java.lang.reflect.Field field : MODEL_FIELDS.computeIfAbsent(node.getClass(), PrunedItemStore::fields)) {
          Object value = field.get(node);
          if (field.getName().equals("additionalProperties")) {
            if (value instanceof Map<?, ?> m && m.isEmpty() && m != NO_PROPERTIES) {
              field.set(node, NO_PROPERTIES);
            }
          } else {
            compactTree(value);
          }
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The fields of a model class and its model superclasses that can hold a model object, a list or a map. */
  private static List<java.lang.reflect.Field> fields(Class<?> type) {
    List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        Class<?> t = f.getType();
        if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !t.isPrimitive() && !t.isEnum()
            && t != String.class && !Number.class.isAssignableFrom(t) && t != Boolean.class) {
          f.setAccessible(true);
          fields.add(f);
        }
      }
    }
    return List.copyOf(fields);
  }

  /**
   * The applied field set with each nested field tree replaced by the one shared copy of an equal tree. The operator
   * applies the same fields to every workspace of a class (field names and list keys such as container, env and
   * volume names; never values), so the StatefulSets' trees of hundreds of maps are kept about once; only the few
   * keys that name the object itself (its owner reference's uid) differ, and their maps are the object's own.
   * Held weakly: a tree no cached object uses any more is collected. Nothing mutates a cached field set (JOSDK's
   * server-side-apply matcher only reads it).
   */
  static FieldsV1 intern(FieldsV1 fields) {
    if (fields == null || fields.getAdditionalProperties() == null) {
      return fields;
    }
    Map<String, Object> top = new java.util.LinkedHashMap<>();
    fields.getAdditionalProperties().forEach((k, v) -> top.put(k, internTree(v)));
    FieldsV1 shared = new FieldsV1();
    top.forEach(shared::setAdditionalProperty);
    return shared;
  }

  /**
   * A field tree (nested maps, leaves {}) as its shared copy, interned bottom up. Each shared copy is a
   * {@link SharedTree}: it knows its hash, and its subtrees are shared copies too, so looking a tree up costs one
   * pass over its own entries, not a pass over the whole tree at every level (a StatefulSet's applied fields are
   * hundreds of maps, interned at every watch event of it).
   */
  @SuppressWarnings("unchecked")
  private static Object internTree(Object node) {
    if (!(node instanceof Map<?, ?> map)) {
      return node;
    }
    if (node instanceof SharedTree) {
      return node;
    }
    Map<String, Object> copy = new java.util.LinkedHashMap<>();
    ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, internTree(v)));
    SharedTree tree = new SharedTree(copy);
    synchronized (TREES) {
      WeakReference<Map<String, Object>> known = TREES.get(tree);
      Map<String, Object> shared = known == null ? null : known.get();
      if (shared != null) {
        return shared;
      }
      TREES.put(tree, new WeakReference<>(tree));
      return tree;
    }
  }

  /**
   * An interned field tree: read-only, its hash computed once from its entries (whose subtrees are interned, so
   * equal subtrees are the same object and compare at once).
   */
  static final class SharedTree extends java.util.AbstractMap<String, Object> {
    private final Map<String, Object> entries;
    private final int hash;

    SharedTree(Map<String, Object> entries) {
      this.entries = java.util.Collections.unmodifiableMap(entries);
      this.hash = entries.hashCode();
    }

    @Override
    public java.util.Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (o instanceof SharedTree t) {
        return t.hash == hash && entries.equals(t.entries);
      }
      return entries.equals(o);
    }
  }

  private static final Map<Map<String, Object>, WeakReference<Map<String, Object>>> TREES = new WeakHashMap<>();

  /**
   * Data-connection Secrets as the operator reads them: names, labels, annotations, resourceVersion and the key names,
   * never a value (each value is emptied: the operator injects connections as secretKeyRefs and compares versions).
   */
  public static class SecretKeysOnly extends PrunedItemStore<Secret> {
    public SecretKeysOnly() {
      super(secret -> {
        secret.getMetadata().setManagedFields(List.of());
        if (secret.getData() != null) {
          Map<String, String> keys = new TreeMap<>();
          secret.getData().keySet().forEach(k -> keys.put(k, ""));
          secret.setData(keys);
        }
        if (secret.getStringData() != null) {
          Map<String, String> keys = new TreeMap<>();
          secret.getStringData().keySet().forEach(k -> keys.put(k, ""));
          secret.setStringData(keys);
        }
        return secret;
      });
    }
  }

  /** A cache of objects the operator only reads: no managed fields at all. */
  public static class WithoutManagedFields<R extends HasMetadata> extends PrunedItemStore<R> {
    public WithoutManagedFields() {
      super(obj -> {
        obj.getMetadata().setManagedFields(List.of());
        return compact(obj);
      });
    }
  }

  /**
   * The pods of the whole cluster, as the admission queue and the status read them: labels, creation and deletion
   * times, the platform's own annotations, the node, each container's name and requests, and the status (phase,
   * conditions, container states). A pod's volumes, environment, probes, security context, tolerations, other
   * annotations and managed fields are not kept:
   * most of a pod's size, and never read.
   */
  public static class PodFacts extends PrunedItemStore<Pod> {
    public PodFacts() {
      super(PodFacts::factsOnly);
    }

    /** A pod reduced to what is read (the store itself puts back name, namespace and resourceVersion). */
    public static Pod factsOnly(Pod pod) {
      Pod facts = new Pod();
      var meta = pod.getMetadata();
      facts.setMetadata(new ObjectMetaBuilder().withUid(meta.getUid()).withLabels(meta.getLabels())
          .withAnnotations(meta.getAnnotations() == null ? null : ours(meta.getAnnotations()))
          .withCreationTimestamp(meta.getCreationTimestamp()).withDeletionTimestamp(meta.getDeletionTimestamp())
          .build());
      if (pod.getSpec() != null) {
        facts.setSpec(new PodSpecBuilder().withNodeName(pod.getSpec().getNodeName())
            .withContainers(pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers().stream()
                .map(c -> new ContainerBuilder().withName(c.getName()).withResources(c.getResources() == null
                    ? null : new ResourceRequirementsBuilder().withRequests(c.getResources().getRequests()).build())
                    .build())
                .toList())
            .build());
      }
      facts.setStatus(pod.getStatus());
      return compact(facts);
    }

    /** The platform's own annotations (air9.io/...), which the status reads; not KWOK's or anyone else's. */
    private static Map<String, String> ours(Map<String, String> annotations) {
      Map<String, String> kept = new TreeMap<>();
      annotations.forEach((k, v) -> {
        if (k.startsWith(Air9.GROUP + "/")) {
          kept.put(k, v);
        }
      });
      return kept;
    }
  }
}
