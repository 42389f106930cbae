package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;

/** Limits on what a team's workspaces use together; enforced by a ResourceQuota in its namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TeamQuota {

  @JsonPropertyDescription("Total CPU of the team's running workspaces.")
  private Quantity cpu;

  @JsonPropertyDescription("Total memory of the team's running workspaces.")
  private Quantity memory;

  @JsonPropertyDescription("Total GPUs of the team's running workspaces.")
  @Min(0)
  private Integer gpu;

  @JsonPropertyDescription("Total size of the team's volumes.")
  private Quantity storage;

  @JsonPropertyDescription("Most workspaces the team may have, running or stopped.")
  @Min(0)
  @Max(Limits.MAX_WORKSPACES)
  private Integer maxWorkspaces;

  public TeamQuota() {}

  public TeamQuota(String cpu, String memory, Integer gpu, String storage, Integer maxWorkspaces) {
    this.cpu = cpu == null ? null : new Quantity(cpu);
    this.memory = memory == null ? null : new Quantity(memory);
    this.gpu = gpu;
    this.storage = storage == null ? null : new Quantity(storage);
    this.maxWorkspaces = maxWorkspaces;
  }

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }

  public Integer getGpu() {
    return gpu;
  }

  public void setGpu(Integer gpu) {
    this.gpu = gpu;
  }

  public Quantity getStorage() {
    return storage;
  }

  public void setStorage(Quantity storage) {
    this.storage = storage;
  }

  public Integer getMaxWorkspaces() {
    return maxWorkspaces;
  }

  public void setMaxWorkspaces(Integer maxWorkspaces) {
    this.maxWorkspaces = maxWorkspaces;
  }
}
