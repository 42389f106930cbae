package io.air9.platform.api;

import io.air9.platform.api.security.CurrentUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 document (/v3/api-docs) and Swagger UI (/swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
  }

  /** Every operation documents its problem responses (RFC 9457), so clients and fuzzers can check them. */
  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      Schema<?> fieldError = new ObjectSchema()
          .addProperty("field", new StringSchema()).addProperty("message", new StringSchema());
      openApi.getComponents().addSchemas("Problem", new ObjectSchema()
          .description("RFC 9457 problem details; errors names the invalid fields")
          .addProperty("type", new StringSchema())
          .addProperty("title", new StringSchema())
          .addProperty("status", new IntegerSchema())
          .addProperty("detail", new StringSchema())
          .addProperty("instance", new StringSchema())
          .addProperty("errors", new ArraySchema().items(fieldError)));
      openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
        List<String> codes = new ArrayList<>(List.of("400", "401", "403", "404", "500"));
        if (method != PathItem.HttpMethod.GET) {
          codes.addAll(List.of("409", "412", "415"));
        }
        for (String code : codes) {
          op.getResponses().addApiResponse(code, new ApiResponse().description("Problem")
              .content(new Content().addMediaType("application/problem+json",
                  new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        }
      }));
    };
  }

  @Bean
  OpenAPI air9OpenApi() {
    return new OpenAPI()
        .info(new Info().title("AIR9 platform API").version("v1")
            .description("Self-service workspaces on Kubernetes. Errors are RFC 9457 problem details."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
