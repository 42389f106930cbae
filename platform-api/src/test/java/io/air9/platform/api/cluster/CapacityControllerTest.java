package io.air9.platform.api.cluster;

import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.air9.platform.api.security.CurrentUserResolver;
import io.air9.platform.api.security.SecurityConfiguration;
import io.air9.platform.api.security.SecurityProperties;
import io.air9.platform.model.capacity.Amounts;
import io.air9.platform.model.capacity.NodeRoom;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Capacity per node (node names, each node's free GPUs) is for platform admins only. */
@WebMvcTest(controllers = CapacityController.class)
@Import({SecurityConfiguration.class, CurrentUserResolver.class})
@EnableConfigurationProperties(SecurityProperties.class)
class CapacityControllerTest {

  @Autowired
  MockMvc mvc;

  @MockitoBean
  ClusterCapacity capacity;

  @MockitoBean
  JwtDecoder jwtDecoder;

  @Test
  void usersGetA403ProblemAndNoNodeName() throws Exception {
    given(capacity.nodes()).willReturn(List.of(gpuNode()));
    mvc.perform(get("/api/v1/cluster/capacity").with(jwt().jwt(j -> j.claim("preferred_username", "alice")
            .claim("groups", List.of("data-science")))))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.detail").value("only platform admins see the cluster's capacity per node"))
        .andExpect(content().string(Matchers.not(Matchers.containsString("gpu-0"))));
  }

  @Test
  void platformAdminsGetEachNode() throws Exception {
    given(capacity.nodes()).willReturn(List.of(gpuNode()));
    mvc.perform(get("/api/v1/cluster/capacity").with(jwt().jwt(j -> j.claim("preferred_username", "dave")
            .claim("groups", List.of("air9-admins")))))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.nodes[0].name").value("gpu-0"))
        .andExpect(jsonPath("$.nodes[0].gpu.allocatable").value("4"))
        .andExpect(jsonPath("$.nodes[0].gpu.requested").value("1"))
        .andExpect(jsonPath("$.gpu.allocatable").value("4"));
  }

  @Test
  void withoutATokenIt401s() throws Exception {
    mvc.perform(get("/api/v1/cluster/capacity")).andExpect(status().isUnauthorized());
  }

  private static NodeRoom gpuNode() {
    return new NodeRoom("gpu-0", true, true, Map.of(), List.of(),
        new Amounts(BigDecimal.valueOf(16), BigDecimal.valueOf(64L << 30), BigDecimal.valueOf(4)),
        new Amounts(BigDecimal.ONE, BigDecimal.valueOf(2L << 30), BigDecimal.ONE));
  }
}
