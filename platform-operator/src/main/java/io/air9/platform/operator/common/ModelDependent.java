package io.air9.platform.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.function.Function;

/**
 * A dependent resource whose desired state is one builder of a pure model (Strimzi style): the dependent only adapts
 * the model to JOSDK, which server-side applies the result and skips no-ops.
 *
 * @param <R> the child type
 * @param <P> the primary type
 * @param <M> the model that builds the children
 */
public abstract class ModelDependent<R extends HasMetadata, P extends HasMetadata, M>
    extends CRUDKubernetesDependentResource<R, P> {

  private final Function<M, R> builder;

  protected ModelDependent(Class<R> type, Function<M, R> builder) {
    super(type);
    this.builder = builder;
  }

  /** The model of the primary being reconciled. */
  protected abstract M model(P primary, Context<P> context);

  @Override
  protected R desired(P primary, Context<P> context) {
    return builder.apply(model(primary, context));
  }
}
