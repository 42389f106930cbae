package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A plain environment variable (name and value) for a workspace's container. */
public class EnvVar {

  @JsonPropertyDescription("Variable name: letters, digits and underscores, not starting with a digit.")
  @Required
  @Pattern(Limits.ENV_NAME_PATTERN)
  @Size(max = Limits.ENV_NAME)
  private String name;

  @JsonPropertyDescription("Variable value. Use a data connection, not a plain variable, for credentials.")
  @Size(max = Limits.ENV_VALUE)
  private String value;

  public EnvVar() {}

  public EnvVar(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvVar e && Objects.equals(name, e.name) && Objects.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value);
  }
}
