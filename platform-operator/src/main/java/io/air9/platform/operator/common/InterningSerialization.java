package io.air9.platform.operator.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * The deployed operator's serialization: Fabric8's, except that every string value read into a typed model (labels
 * and annotations, names, images, paths, environment variables, statuses, ...) is interned. The informer caches keep
 * a copy of every workspace's children, and most of their strings are the same in every workspace of a class (the
 * operator applies the same template) or of the cluster (label values, API versions, kinds, managers): interned,
 * each is held once. Field names are interned by Jackson already; untyped values (field trees) are not touched.
 * Interned strings no longer referenced are collected (the JVM's string table holds them weakly).
 */
public final class InterningSerialization {

  private InterningSerialization() {}

  /** A {@link KubernetesSerialization} whose typed string values are interned. */
  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new SimpleModule("air9-interning").addDeserializer(String.class, new Interning()));
    return new KubernetesSerialization(mapper, true);
  }

  /**
   * Jackson's own string deserializer, then {@link String#intern()}. Deliberately not a subclass of it: Jackson skips
   * a deserializer it recognises as its standard one (for map values and string lists).
   */
  private static final class Interning extends StdScalarDeserializer<String> {
    Interning() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      return value == null ? null : value.intern();
    }
  }
}
