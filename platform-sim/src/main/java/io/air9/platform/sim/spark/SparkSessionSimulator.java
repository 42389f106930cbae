package io.air9.platform.sim.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a Spark session in client mode does inside a workspace pod, without Spark: it reads the Spark configuration
 * the workspace was given ({@code PYSPARK_SUBMIT_ARGS} in the pod's environment, the executor pod template from the
 * ConfigMap mounted at its path) and creates executor pods the way Spark 3.5/4.0's Kubernetes scheduler backend
 * does (BasicExecutorFeatureStep on top of the pod template): name PREFIX-exec-N, labels spark-app-selector,
 * spark-exec-id, spark-role=executor and the configured executor labels, resources from spark.executor.*, and an
 * owner reference (controller) to the driver pod only when {@code spark.kubernetes.driver.pod.name} is set, as in
 * Spark. Like Spark it creates pods as the workspace's user would: the namespace's quota and Pod Security apply.
 */
public final class SparkSessionSimulator {

  /** Spark's default memory overhead: 10% of the executor memory, at least 384 MiB. */
  private static final long MIN_OVERHEAD_MIB = 384;

  private final KubernetesClient client;
  private final Pod session;
  private final Pod driver;
  private final Map<String, String> conf;
  private final String appId = "spark-" + UUID.randomUUID().toString().replace("-", "");
  private final List<String> executors = new ArrayList<>();
  private int nextExecutorId = 1;

  private SparkSessionSimulator(KubernetesClient client, Pod session, Pod driver, Map<String, String> conf) {
    this.client = client;
    this.session = session;
    this.driver = driver;
    this.conf = conf;
  }

  /**
   * Starts a session in the workspace pod {@code namespace/pod} with its configuration plus {@code overrides} (as
   * {@code SparkSession.builder.config(k, v)} would).
   */
  public static SparkSessionSimulator start(KubernetesClient client, String namespace, String pod,
      Map<String, String> overrides) {
    Pod self = client.pods().inNamespace(namespace).withName(pod).get();
    if (self == null) {
      throw new IllegalStateException("no pod " + namespace + "/" + pod);
    }
    Map<String, String> conf = new LinkedHashMap<>(submitConf(self));
    conf.putAll(overrides);
    // Spark in client mode: with a driver pod name it looks the pod up and fails when it is not there.
    Pod driver = null;
    if (conf.containsKey("spark.kubernetes.driver.pod.name")) {
      String name = conf.get("spark.kubernetes.driver.pod.name");
      driver = client.pods().inNamespace(namespace(conf, self)).withName(name).get();
      if (driver == null) {
        throw new IllegalStateException("No pod was found named " + name + " in the cluster in the namespace "
            + namespace(conf, self) + " (this was supposed to be the driver pod.).");
      }
    }
    return new SparkSessionSimulator(client, self, driver, withNamespace(conf, self));
  }

  public String appId() {
    return appId;
  }

  public Map<String, String> conf() {
    return conf;
  }

  /** Names of the executor pods created so far. */
  public List<String> executors() {
    return List.copyOf(executors);
  }

  /**
   * Requests {@code count} more executors, as dynamic allocation or spark.executor.instances would; returns the
   * created pods. A refusal by the API server (quota, Pod Security) is thrown as Fabric8's exception, as Spark
   * logs it.
   */
  public List<Pod> requestExecutors(int count) {
    List<Pod> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Pod pod = client.resource(executorPod(nextExecutorId++)).create();
      executors.add(pod.getMetadata().getName());
      created.add(pod);
    }
    return created;
  }

  /** {@code spark.stop()}: Spark deletes its executors. */
  public void stop() {
    for (String name : executors) {
      client.pods().inNamespace(conf.get("spark.kubernetes.namespace")).withName(name).delete();
    }
    executors.clear();
  }

  /** The executor pod Spark would create: the template, then Spark's own settings on top. */
  Pod executorPod(int id) {
    Pod template = template().orElseGet(Pod::new);
    String namespace = conf.get("spark.kubernetes.namespace");
    String prefix = conf.getOrDefault("spark.kubernetes.executor.podNamePrefix",
        conf.getOrDefault("spark.app.name", "spark").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
            + "-" + appId.substring(6, 14));
    String name = prefix + "-exec-" + id;
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.putAll(prefixed("spark.kubernetes.executor.label."));
    labels.put("spark-app-selector", appId);
    labels.put("spark-app-name", conf.getOrDefault("spark.app.name", "pyspark-shell"));
    labels.put("spark-exec-id", Integer.toString(id));
    labels.put("spark-exec-resourceprofile-id", "0");
    labels.put("spark-role", "executor");

    String containerName = conf.get("spark.kubernetes.executor.podTemplateContainerName");
    List<Container> templateContainers = template.getSpec() == null || template.getSpec().getContainers() == null
        ? List.of() : template.getSpec().getContainers();
    Container base = templateContainers.stream().filter(c -> containerName == null || containerName.equals(c.getName()))
        .findFirst().orElseGet(Container::new);
    long memoryMib = mebibytes(conf.getOrDefault("spark.executor.memory", "1g"));
    long overheadMib = conf.containsKey("spark.executor.memoryOverhead")
        ? mebibytes(conf.get("spark.executor.memoryOverhead"))
        : Math.max(MIN_OVERHEAD_MIB, (long) (memoryMib * 0.1));
    Quantity memory = new Quantity((memoryMib + overheadMib) + "Mi");
    String cores = conf.getOrDefault("spark.kubernetes.executor.request.cores",
        conf.getOrDefault("spark.executor.cores", "1"));
    Map<String, Quantity> requests = new LinkedHashMap<>(Map.of("cpu", new Quantity(cores), "memory", memory));
    Map<String, Quantity> limits = new LinkedHashMap<>(Map.of("memory", memory));
    Optional.ofNullable(conf.get("spark.kubernetes.executor.limit.cores")).ifPresent(c -> limits.put("cpu",
        new Quantity(c)));
    String localDir = "/var/data/spark-" + UUID.randomUUID();
    Container executor = new ContainerBuilder(base)
        .withName(base.getName() != null ? base.getName() : "spark-kubernetes-executor")
        .withImage(conf.get("spark.kubernetes.container.image"))
        .withImagePullPolicy(conf.getOrDefault("spark.kubernetes.container.image.pullPolicy", "IfNotPresent"))
        .withArgs("executor")
        .addAllToEnv(executorEnv(id, cores, memoryMib, localDir))
        .addNewPort().withName("blockmanager").withContainerPort(7079).endPort()
        .withNewResources().withRequests(requests).withLimits(limits).endResources()
        .addNewVolumeMount().withName("spark-local-dir-1").withMountPath(localDir).endVolumeMount()
        .build();

    PodBuilder pod = new PodBuilder(template)
        .withApiVersion("v1").withKind("Pod")
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
        .withAnnotations(prefixed("spark.kubernetes.executor.annotation.")).endMetadata()
        .editOrNewSpec()
        .withHostname(name.length() <= 63 ? name : null)
        .withRestartPolicy("Never")
        .withContainers(executor)
        .addNewVolume().withName("spark-local-dir-1").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec();
    Optional.ofNullable(conf.get("spark.kubernetes.authenticate.executor.serviceAccountName"))
        .ifPresent(sa -> pod.editSpec().withServiceAccountName(sa).endSpec());
    if (driver != null) {
      pod.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("Pod")
          .withName(driver.getMetadata().getName()).withUid(driver.getMetadata().getUid()).withController(true)
          .endOwnerReference().endMetadata();
    }
    return pod.build();
  }

  private List<EnvVar> executorEnv(int id, String cores, long memoryMib, String localDir) {
    String driverUrl = "spark://CoarseGrainedScheduler@" + conf.get("spark.driver.host") + ":"
        + conf.getOrDefault("spark.driver.port", "7078");
    List<EnvVar> env = new ArrayList<>();
    env.add(plain("SPARK_USER", "jovyan"));
    env.add(plain("SPARK_DRIVER_URL", driverUrl));
    env.add(plain("SPARK_EXECUTOR_CORES", cores));
    env.add(plain("SPARK_EXECUTOR_MEMORY", memoryMib + "m"));
    env.add(plain("SPARK_APPLICATION_ID", appId));
    env.add(plain("SPARK_CONF_DIR", "/opt/spark/conf"));
    env.add(plain("SPARK_EXECUTOR_ID", Integer.toString(id)));
    env.add(plain("SPARK_RESOURCE_PROFILE_ID", "0"));
    env.add(new EnvVarBuilder().withName("SPARK_EXECUTOR_POD_IP").withNewValueFrom().withNewFieldRef()
        .withApiVersion("v1").withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
    env.add(new EnvVarBuilder().withName("SPARK_EXECUTOR_POD_NAME").withNewValueFrom().withNewFieldRef()
        .withApiVersion("v1").withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
    env.add(plain("SPARK_LOCAL_DIRS", localDir));
    return env;
  }

  /** The pod template file, read from the ConfigMap the driver pod mounts at the file's directory. */
  private Optional<Pod> template() {
    String file = conf.get("spark.kubernetes.executor.podTemplateFile");
    if (file == null) {
      return Optional.empty();
    }
    int slash = file.lastIndexOf('/');
    String dir = file.substring(0, slash);
    String key = file.substring(slash + 1);
    Pod self = session;
    for (Container c : self.getSpec().getContainers()) {
      for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
        if (!dir.equals(m.getMountPath())) {
          continue;
        }
        Optional<String> configMap = self.getSpec().getVolumes().stream().filter(v -> v.getName().equals(m.getName()))
            .map(Volume::getConfigMap).filter(cm -> cm != null).map(cm -> cm.getName()).findFirst();
        if (configMap.isPresent()) {
          ConfigMap cm = client.configMaps().inNamespace(self.getMetadata().getNamespace())
              .withName(configMap.get()).get();
          if (cm == null || cm.getData() == null || !cm.getData().containsKey(key)) {
            throw new IllegalStateException("pod template file " + file + " is missing (ConfigMap "
                + configMap.get() + ")");
          }
          return Optional.of(Serialization.unmarshal(cm.getData().get(key), Pod.class));
        }
      }
    }
    throw new IllegalStateException("pod template file " + file + " is not mounted in the driver pod");
  }

  private Map<String, String> prefixed(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    conf.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** The {@code --conf k=v} pairs of PYSPARK_SUBMIT_ARGS in the pod's first container, as spark-submit reads them. */
  static Map<String, String> submitConf(Pod pod) {
    Map<String, String> conf = new LinkedHashMap<>();
    String args = pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> "PYSPARK_SUBMIT_ARGS".equals(e.getName())).map(EnvVar::getValue).findFirst().orElse("");
    String[] words = args.trim().split("\\s+");
    for (int i = 0; i < words.length - 1; i++) {
      if ("--conf".equals(words[i])) {
        String kv = words[++i];
        int eq = kv.indexOf('=');
        if (eq > 0) {
          conf.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      } else if ("--master".equals(words[i])) {
        conf.put("spark.master", words[++i]);
      } else if ("--deploy-mode".equals(words[i])) {
        conf.put("spark.submit.deployMode", words[++i]);
      }
    }
    return conf;
  }

  private static Map<String, String> withNamespace(Map<String, String> conf, Pod self) {
    conf.putIfAbsent("spark.kubernetes.namespace", self.getMetadata().getNamespace());
    return conf;
  }

  private static String namespace(Map<String, String> conf, Pod self) {
    return conf.getOrDefault("spark.kubernetes.namespace", self.getMetadata().getNamespace());
  }

  /** Spark's memory strings: 512m, 2g, 1t (binary units; a bare number is MiB). */
  static long mebibytes(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    char unit = v.charAt(v.length() - 1);
    long n = Character.isDigit(unit) ? Long.parseLong(v) : Long.parseLong(v.substring(0, v.length() - 1));
    return switch (unit) {
      case 'k' -> Math.max(1, n / 1024);
      case 'g' -> n * 1024;
      case 't' -> n * 1024 * 1024;
      default -> n;
    };
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
