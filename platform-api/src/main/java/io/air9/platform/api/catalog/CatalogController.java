package io.air9.platform.api.catalog;

import io.air9.platform.api.common.Quantities;
import io.air9.platform.api.kube.Caches;
import io.air9.platform.api.problem.ApiException;
import io.air9.platform.model.ComputeResources;
import io.air9.platform.model.WorkspaceClass;
import io.air9.platform.model.WorkspaceClassSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog of workspace classes every signed-in user can choose from. */
@RestController
@RequestMapping("/api/v1/classes")
@Tag(name = "catalog")
class CatalogController {

  /** A workspace class. */
  record ClassView(String name, String displayName, String description, String kind, List<Image> images,
      Size defaultResources, Size maxResources, String defaultStorage, String maxStorage) {}

  /** An image choice. */
  record Image(String name, String image, String description) {}

  /** CPU, memory and GPUs. */
  record Size(String cpu, String memory, Integer gpu) {
    static Size of(ComputeResources r) {
      return r == null ? null : new Size(Quantities.text(r.getCpu()), Quantities.text(r.getMemory()), r.getGpu());
    }
  }

  private final Caches caches;

  CatalogController(Caches caches) {
    this.caches = caches;
  }

  @Operation(summary = "List the workspace classes")
  @GetMapping
  List<ClassView> list() {
    return caches.classes().stream().map(CatalogController::view).toList();
  }

  @Operation(summary = "Get a workspace class")
  @GetMapping("/{name}")
  ClassView get(@PathVariable String name) {
    return caches.workspaceClass(name).map(CatalogController::view)
        .orElseThrow(() -> ApiException.notFound("workspace class '" + name + "'"));
  }

  private static ClassView view(WorkspaceClass c) {
    WorkspaceClassSpec s = c.getSpec();
    List<Image> images = s.getImages() == null ? List.of()
        : s.getImages().stream().map(i -> new Image(i.getName(), i.getImage(), i.getDescription())).toList();
    return new ClassView(c.getMetadata().getName(), s.getDisplayName(), s.getDescription(),
        s.getKind() == null ? null : s.getKind().name().toLowerCase(), images, Size.of(s.getDefaultResources()),
        Size.of(s.getMaxResources()), Quantities.text(s.getDefaultStorage()), Quantities.text(s.getMaxStorage()));
  }
}
