package io.air9.platform.api.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.air9.platform.model.capacity.Admission;
import io.air9.platform.model.capacity.Amounts;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fit check with quantities as Kubernetes writes them. */
class FitCheckTest {

  static final Instant NOW = Instant.parse("2026-12-01T05:00:00Z");

  static BigDecimal q(String quantity) {
    return new Quantity(quantity).getNumericalAmount();
  }

  static Amounts free(String cpu, String memory, int gpu) {
    return new Amounts(q(cpu), q(memory), BigDecimal.valueOf(gpu));
  }

  static FitCheck.Need need(String cpu, String memory, int gpu, String storage) {
    return new FitCheck.Need(q(cpu), q(memory), gpu, storage == null ? null : q(storage), storage == null ? 0 : 1);
  }

  static FitCheck.QuotaRoom quota(String cpu, String memory, Integer gpu, String storage, Integer workspaces) {
    return new FitCheck.QuotaRoom(cpu == null ? null : q(cpu), memory == null ? null : q(memory), gpu,
        storage == null ? null : q(storage), workspaces);
  }

  static final Map<String, Amounts> NODES = nodes("n1", free("16", "64Gi", 0), "gpu", free("16", "64Gi", 4));

  static Map<String, Amounts> nodes(Object... pairs) {
    Map<String, Amounts> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Amounts) pairs[i + 1]);
    }
    return m;
  }

  @Test
  void fitsWithinQuotaAndANode() {
    Fit fit = FitCheck.check("a", need("2", "8Gi", 0, "5Gi"), quota("4", "16Gi", 0, "50Gi", 5), NODES, List.of(),
        NOW);
    assertThat(fit.fits()).isTrue();
    assertThat(fit.reasons()).isEmpty();
    assertThat(fit.suggestion()).isNull();
    assertThat(fit.requested()).isEqualTo(new Fit.Resources("2", "8Gi", 0, "5Gi"));
  }

  @Test
  void memoryOverTheQuotaSuggestsWhatIsLeftInWholeGi() {
    // 8Gi quota, 1.5Gi used: 6.5Gi left, suggested as 6Gi; the CPU stays as asked.
    Fit fit = FitCheck.check("fit", need("2", "16Gi", 0, "5Gi"),
        new FitCheck.QuotaRoom(q("4"), q("8Gi").subtract(q("1536Mi")), 0, q("50Gi"), 5), NODES, List.of(), NOW);
    assertThat(fit.fits()).isFalse();
    assertThat(fit.reasons()).singleElement().satisfies(r -> {
      assertThat(r.dimension()).isEqualTo("memory");
      assertThat(r.scope()).isEqualTo("quota");
      assertThat(r.message()).isEqualTo("needs 16Gi memory; team 'fit' has 6656Mi of its memory quota left");
    });
    assertThat(fit.suggestion().resources()).isEqualTo(new Fit.Resources("2", "6Gi", 0, "5Gi"));
    assertThat(fit.suggestion().message()).isEqualTo("fits at 6Gi memory");
    assertThat(fit.message()).startsWith("Does not fit: needs 16Gi memory").contains("fits at 6Gi memory");
  }

  @Test
  void smallRoomIsQuantisedToTenthsOfACoreAnd128Mi() {
    Fit fit = FitCheck.check("a", need("2", "2Gi", 0, null), quota("750m", "700Mi", null, null, null), NODES,
        List.of(), NOW);
    assertThat(fit.suggestion().resources()).isEqualTo(new Fit.Resources("700m", "640Mi", 0, null));
    assertThat(fit.suggestion().message()).isEqualTo("fits at 700m CPU, 640Mi memory");
  }

  @Test
  void noSingleNodeHasEnoughGpusThoughTheClusterHas() {
    Map<String, Amounts> nodes = nodes("g1", free("16", "64Gi", 2), "g2", free("16", "64Gi", 2));
    Fit fit = FitCheck.check("a", need("4", "16Gi", 3, null), FitCheck.QuotaRoom.UNLIMITED, nodes, List.of(), NOW);
    assertThat(fit.fits()).isFalse();
    assertThat(fit.reasons()).singleElement().satisfies(r -> {
      assertThat(r.scope()).isEqualTo("nodes");
      assertThat(r.dimension()).isEqualTo("gpu");
      assertThat(r.message()).contains("3 GPUs on one node").contains("most any node has free is 2");
    });
    assertThat(fit.suggestion().resources()).isEqualTo(new Fit.Resources("4", "16Gi", 2, null));
    assertThat(fit.suggestion().message()).isEqualTo("fits at 2 GPUs");
  }

  @Test
  void eachDimensionFitsSomewhereButNotTogether() {
    Map<String, Amounts> nodes = nodes("cpu-rich", free("8", "2Gi", 0), "memory-rich", free("1", "32Gi", 0));
    Fit fit = FitCheck.check("a", need("4", "8Gi", 0, null), FitCheck.QuotaRoom.UNLIMITED, nodes, List.of(), NOW);
    assertThat(fit.reasons()).singleElement().satisfies(r -> {
      assertThat(r.dimension()).isEqualTo("node");
      assertThat(r.message()).isEqualTo("no single node has 4 CPU, 8Gi memory and 0 GPUs free at once");
    });
    // The best node keeps more of the request: 4 CPU and 2Gi (4/4 + 2/8) beats 1 CPU and 8Gi (1/4 + 8/8).
    assertThat(fit.suggestion().resources()).isEqualTo(new Fit.Resources("4", "2Gi", 0, null));
  }

  @Test
  void aFullTeamGetsNoSuggestion() {
    Fit fit = FitCheck.check("a", need("1", "1Gi", 0, "5Gi"), quota(null, null, null, null, 0), NODES, List.of(),
        NOW);
    assertThat(fit.reasons()).extracting(Fit.Reason::dimension).containsExactly("workspaces");
    assertThat(fit.suggestion()).isNull();
    assertThat(fit.when()).isNull();
  }

  @Test
  void whenTheFirstCullThatFreesEnoughComes() {
    // Team has no GPU left; bob's GPU workspace is culled in 37 min, carol's (no GPU) in 10 min.
    Map<String, Amounts> nodes = nodes("gpu", free("8", "32Gi", 0));
    List<FitCheck.Release> releases = List.of(
        new FitCheck.Release(NOW.plus(Duration.ofMinutes(37)), "bob's workspace 'train'", free("2", "8Gi", 2), "gpu",
            free("2", "8Gi", 2)),
        new FitCheck.Release(NOW.plus(Duration.ofMinutes(10)), "carol's workspace 'eda'", free("1", "2Gi", 0), "gpu",
            free("1", "2Gi", 0)));
    Fit fit = FitCheck.check("a", need("2", "8Gi", 2, null), quota("16", "64Gi", 0, null, null), nodes, releases,
        NOW);
    assertThat(fit.fits()).isFalse();
    assertThat(fit.reasons()).extracting(Fit.Reason::scope).containsExactly("quota", "nodes");
    assertThat(fit.when().inMinutes()).isEqualTo(37);
    assertThat(fit.when().at()).isEqualTo("2026-12-01T05:37:00Z");
    assertThat(fit.when().message()).isEqualTo("fits when bob's workspace 'train' is culled in 37 min");
    // Without GPUs it fits now.
    assertThat(fit.suggestion().message()).isEqualTo("fits at 0 GPUs");
  }

  @Test
  void aCullOfAnotherTeamFreesTheNodeButNotTheQuota() {
    Map<String, Amounts> nodes = nodes("gpu", free("8", "32Gi", 0));
    List<FitCheck.Release> releases = List.of(new FitCheck.Release(NOW.plus(Duration.ofMinutes(5)),
        "a workspace of another team", Amounts.ZERO, "gpu", free("2", "8Gi", 1)));
    Fit onlyNodes = FitCheck.check("a", need("1", "1Gi", 1, null), FitCheck.QuotaRoom.UNLIMITED, nodes, releases,
        NOW);
    assertThat(onlyNodes.when().message()).isEqualTo("fits when a workspace of another team is culled in 5 min");
    Fit quotaToo = FitCheck.check("a", need("1", "1Gi", 1, null), quota(null, null, 0, null, null), nodes, releases,
        NOW);
    assertThat(quotaToo.when()).isNull();
  }

  @Test
  void quantitiesAreWrittenInBinaryUnits() {
    assertThat(FitCheck.bytes(q("8Gi"))).isEqualTo("8Gi");
    assertThat(FitCheck.bytes(q("1536Mi"))).isEqualTo("1536Mi");
    assertThat(FitCheck.bytes(q("2Ti"))).isEqualTo("2Ti");
    assertThat(FitCheck.bytes(q("1000"))).isEqualTo("1000");
    assertThat(FitCheck.cpu(q("500m"))).isEqualTo("500m");
    assertThat(FitCheck.cpu(q("2"))).isEqualTo("2");
    assertThat(FitCheck.cpu(q("2500m"))).isEqualTo("2500m");
    assertThat(FitCheck.floorCpu(q("2500m"))).isEqualByComparingTo("2");
    assertThat(FitCheck.floorBytes(q("1000Mi"))).isEqualByComparingTo(q("896Mi"));
  }

  @Test
  void roomThatLooksFreeButTheQueueTakesFirstSaysItWouldBeQueuedAndWhere() {
    Fit fits = FitCheck.check("a", need("1", "2Gi", 1, null), FitCheck.QuotaRoom.UNLIMITED, NODES, List.of(), NOW);
    assertThat(fits.fits()).isTrue();
    Fit queued = FitCheck.withQueue(fits, new Admission.Decision(false, 3, "1 GPU"));
    assertThat(queued.fits()).isFalse();
    assertThat(queued.message()).isEqualTo("Would be queued: 3rd in line for 1 GPU");
    assertThat(queued.queue()).isEqualTo(new Fit.Queue(3, 2, "1 GPU", "3rd in line for 1 GPU"));
    assertThat(queued.reasons()).singleElement().isEqualTo(new Fit.Reason("queue", "queue",
        "2 workspaces wait ahead in the queue and would take the free room first"));
    assertThat(queued.requested()).isEqualTo(fits.requested());
    assertThat(queued.suggestion()).isNull();
    assertThat(FitCheck.withQueue(fits, new Admission.Decision(false, 1, "1 GPU")).reasons().get(0).message())
        .isEqualTo("the room that looks free is held for workspaces already starting");
  }

  @Test
  void admittedAtOnceLeavesTheAnswerAsItIs() {
    Fit fits = FitCheck.check("a", need("1", "2Gi", 1, null), FitCheck.QuotaRoom.UNLIMITED, NODES, List.of(), NOW);
    assertThat(FitCheck.withQueue(fits, Admission.Decision.ADMITTED)).isSameAs(fits);
    assertThat(FitCheck.withQueue(fits, null)).isSameAs(fits);
  }

  @Test
  void notFittingKeepsItsSuggestionAndSaysWhereItWouldWaitAsAsked() {
    Fit tooBig = FitCheck.check("fit", need("2", "16Gi", 0, "5Gi"), quota("4", "8Gi", 0, "50Gi", 5), NODES,
        List.of(), NOW);
    Fit queued = FitCheck.withQueue(tooBig, new Admission.Decision(false, 2,
        "room in team fit's quota: 16Gi memory (8Gi left)"));
    assertThat(queued.fits()).isFalse();
    assertThat(queued.suggestion()).isEqualTo(tooBig.suggestion());
    assertThat(queued.reasons()).isEqualTo(tooBig.reasons());
    assertThat(queued.message()).startsWith(tooBig.message())
        .endsWith("; as asked it would be queued 2nd in line for room in team fit's quota: 16Gi memory (8Gi left)");
    assertThat(queued.queue().ahead()).isEqualTo(1);
  }
}
