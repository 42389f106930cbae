package io.air9.platform.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The objects of a multi-document YAML stream (helm template, kubectl kustomize), looked up by kind and name. */
record Manifests(List<JsonNode> objects) {

  private static final YAMLMapper YAML = new YAMLMapper();

  static Manifests parse(String yaml) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      List<JsonNode> objects = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.hasNonNull("kind")) {
          objects.add(doc);
        }
      }
      return new Manifests(objects);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Manifests read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
        .toList();
  }

  /** The single container of a Deployment. */
  JsonNode container(String deployment) {
    return get("Deployment", deployment).at("/spec/template/spec/containers/0");
  }

  /** The value of an environment variable of a Deployment's container, if it is set by value. */
  Optional<String> env(String deployment, String name) {
    return StreamSupport.stream(container(deployment).path("env").spliterator(), false)
        .filter(e -> name.equals(e.path("name").asText())).map(e -> e.path("value").asText()).findFirst();
  }
}
