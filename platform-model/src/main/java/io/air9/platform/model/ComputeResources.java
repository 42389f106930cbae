package io.air9.platform.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/** CPU, memory and GPUs of one workspace; requests equal limits (Guaranteed QoS for CPU and memory). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {

  @JsonPropertyDescription("CPU cores, as a Kubernetes quantity (for example 2 or 500m).")
  @ValidationRule(
      value = "isQuantity(string(self)) && quantity(string(self)).isGreaterThan(quantity('0'))",
      message = "cpu must be a positive quantity such as 2 or 500m")
  private Quantity cpu;

  @JsonPropertyDescription("Memory, as a Kubernetes quantity (for example 4Gi).")
  @ValidationRule(
      value = "isQuantity(string(self)) && quantity(string(self)).isGreaterThan(quantity('0'))",
      message = "memory must be a positive quantity such as 4Gi")
  private Quantity memory;

  @JsonPropertyDescription("Number of NVIDIA GPUs (resource nvidia.com/gpu); 0 for none.")
  @Min(0)
  @Max(Limits.GPUS)
  private Integer gpu;

  public ComputeResources() {}

  public ComputeResources(String cpu, String memory, Integer gpu) {
    this.cpu = cpu == null ? null : new Quantity(cpu);
    this.memory = memory == null ? null : new Quantity(memory);
    this.gpu = gpu;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof ComputeResources r
        && Objects.equals(cpu, r.cpu)
        && Objects.equals(memory, r.memory)
        && Objects.equals(gpu, r.gpu);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cpu, memory, gpu);
  }
}
