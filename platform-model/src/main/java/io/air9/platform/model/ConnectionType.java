package io.air9.platform.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of data connection a workspace can use, and the keys each kind's Secret must hold. */
public enum ConnectionType {
  SNOWFLAKE(List.of("account", "user", "password"), List.of("warehouse", "database", "schema", "role")),
  S3(List.of("accessKeyId", "secretAccessKey"), List.of("endpoint", "region", "bucket")),
  POSTGRES(List.of("host", "user", "password"), List.of("port", "database"));

  private final List<String> requiredKeys;
  private final List<String> optionalKeys;

  ConnectionType(List<String> requiredKeys, List<String> optionalKeys) {
    this.requiredKeys = requiredKeys;
    this.optionalKeys = optionalKeys;
  }

  /** The label value, e.g. {@code snowflake}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> requiredKeys() {
    return requiredKeys;
  }

  public List<String> optionalKeys() {
    return optionalKeys;
  }

  public static Optional<ConnectionType> fromLabel(String value) {
    for (ConnectionType t : values()) {
      if (t.label().equals(value)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
