package io.air9.platform.model.capacity;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * CPU (cores), memory (bytes) and GPUs ({@value #GPU}): what a pod requests, a node offers or a quota allows. The
 * unit of every capacity computation (the API's fit check and the operator's admission).
 */
public record Amounts(BigDecimal cpu, BigDecimal memory, BigDecimal gpu) {

  public static final String GPU = "nvidia.com/gpu";
  public static final Amounts ZERO = new Amounts(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
  private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);
  private static final BigDecimal MI = BigDecimal.valueOf(1L << 20);

  /** From a resource list (requests, allocatable); a missing or unreadable entry is zero. */
  public static Amounts of(Map<String, Quantity> resources) {
    if (resources == null) {
      return ZERO;
    }
    return new Amounts(amount(resources.get("cpu")), amount(resources.get("memory")), amount(resources.get(GPU)));
  }

  public static Amounts of(Quantity cpu, Quantity memory, Integer gpu) {
    return new Amounts(amount(cpu), amount(memory), BigDecimal.valueOf(gpu == null ? 0 : gpu));
  }

  /** A quantity in base units (cores, bytes); zero when null or unreadable. */
  public static BigDecimal amount(Quantity q) {
    try {
      return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    } catch (RuntimeException e) {
      return BigDecimal.ZERO;
    }
  }

  public Amounts plus(Amounts o) {
    return new Amounts(cpu.add(o.cpu), memory.add(o.memory), gpu.add(o.gpu));
  }

  public Amounts minus(Amounts o) {
    return new Amounts(cpu.subtract(o.cpu), memory.subtract(o.memory), gpu.subtract(o.gpu));
  }

  /** True when every dimension of this is at most the same dimension of {@code room}. */
  public boolean fitsIn(Amounts room) {
    return cpu.compareTo(room.cpu) <= 0 && memory.compareTo(room.memory) <= 0 && gpu.compareTo(room.gpu) <= 0;
  }

  /** Each dimension the larger of the two. */
  public Amounts max(Amounts o) {
    return new Amounts(cpu.max(o.cpu), memory.max(o.memory), gpu.max(o.gpu));
  }

  /** Cores as a quantity: "2", "500m". */
  public static String cpu(BigDecimal cores) {
    BigDecimal c = cores.stripTrailingZeros();
    if (c.scale() <= 0) {
      return c.toPlainString();
    }
    return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.FLOOR).toPlainString() + "m";
  }

  /** Bytes in binary units when exact: "8Gi", "512Mi", else plain bytes. */
  public static String bytes(BigDecimal bytes) {
    for (Object[] unit : new Object[][] {{GI.multiply(BigDecimal.valueOf(1024)), "Ti"}, {GI, "Gi"}, {MI, "Mi"}}) {
      BigDecimal size = (BigDecimal) unit[0];
      if (bytes.signum() != 0 && bytes.remainder(size).signum() == 0) {
        return bytes.divide(size).toBigInteger() + (String) unit[1];
      }
    }
    return bytes.setScale(0, RoundingMode.FLOOR).stripTrailingZeros().toPlainString();
  }

  /** A count such as GPUs: "2". */
  public static String count(BigDecimal n) {
    return n.stripTrailingZeros().toPlainString();
  }

  /** "2 GPUs", "1 GPU". */
  public static String gpus(BigDecimal n) {
    return count(n) + (n.compareTo(BigDecimal.ONE) == 0 ? " GPU" : " GPUs");
  }
}
