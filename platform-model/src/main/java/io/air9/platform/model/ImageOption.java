package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One image a class offers; users pick it by name. The first is the default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageOption {

  @JsonPropertyDescription("Short name users choose, for example scipy or pytorch.")
  @Required
  @Pattern(WorkspaceSpec.NAME_PATTERN)
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("Full image reference, pinned to a tag or digest.")
  @Required
  @Size(min = 1, max = 512)
  private String image;

  @JsonPropertyDescription("What the image contains.")
  private String description;

  public ImageOption() {}

  public ImageOption(String name, String image, String description) {
    this.name = name;
    this.image = image;
    this.description = description;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }
}
