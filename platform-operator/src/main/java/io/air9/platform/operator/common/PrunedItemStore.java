package io.air9.platform.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;

/**
 * An informer cache that keeps only what the operator reads. {@code metadata.managedFields} is most of a cached
 * object's heap (each entry's {@code fieldsV1} is a tree of maps: a StatefulSet's or a pod's runs to hundreds of
 * nodes). Of a child the operator applies, it keeps the entries of server-side apply (JOSDK's matcher compares the
 * operator's own applied fields with them, and {@code AppliedInputs} fingerprints them) and drops those of plain
 * updates (the controllers' and KWOK's status writes). {@link WithoutManagedFields} drops them all, for what the
 * operator only reads (its workspaces' pods, the Workspaces themselves).
 */
public class PrunedItemStore<R extends HasMetadata> extends BasicItemStore<R> {

  public PrunedItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R obj) {
    prune(obj);
    return super.put(key, obj);
  }

  protected void prune(HasMetadata obj) {
    List<ManagedFieldsEntry> fields = obj.getMetadata().getManagedFields();
    if (fields != null && fields.stream().anyMatch(f -> !"Apply".equals(f.getOperation()))) {
      obj.getMetadata().setManagedFields(fields.stream().filter(f -> "Apply".equals(f.getOperation())).toList());
    }
  }

  /** A cache of objects the operator only reads: no managed fields at all. */
  public static class WithoutManagedFields<R extends HasMetadata> extends PrunedItemStore<R> {
    @Override
    protected void prune(HasMetadata obj) {
      if (obj.getMetadata().getManagedFields() != null && !obj.getMetadata().getManagedFields().isEmpty()) {
        obj.getMetadata().setManagedFields(List.of());
      }
    }
  }
}
