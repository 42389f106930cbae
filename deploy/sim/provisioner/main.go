// air9-sim-provisioner: the volume provisioner of the simulated cluster.
//
// A dynamic provisioner built on sigs.k8s.io/sig-storage-lib-external-provisioner, the library real
// external provisioners (NFS, hostPath/local-path style) use. For each PersistentVolumeClaim of a
// StorageClass whose provisioner is --name it creates a PersistentVolume pre-bound to the claim
// (spec.claimRef); kube-controller-manager's PV controller then completes the binding exactly as on a
// real cluster. Nodes and pods of the simulated cluster are fake, so a volume needs no storage asset:
// the PV's hostPath names a directory that is never created, and deleting a volume frees nothing.
//
// Throughput is the point (the in-tree hostPath provisioner of kube-controller-manager binds a burst of
// 1000 claims in minutes): the workers, the work-queue rate and the client QPS are flags.
package main

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"path"
	"syscall"
	"time"

	"golang.org/x/time/rate"
	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v11/controller"
)

// Per-claim retry back-off after an error (the library's default starts at 15 s).
const (
	rateBase = 100 * time.Millisecond
	rateMax  = 30 * time.Second
)

type simProvisioner struct{ root string }

// Provision returns a PV that matches the claim: its requested size, access modes and volume mode,
// the class's reclaim policy and mount options. The library sets spec.claimRef (pre-binding).
func (p simProvisioner) Provision(_ context.Context, o controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	reclaim := v1.PersistentVolumeReclaimDelete
	if o.StorageClass.ReclaimPolicy != nil {
		reclaim = *o.StorageClass.ReclaimPolicy
	}
	hostPathType := v1.HostPathDirectoryOrCreate
	pv := &v1.PersistentVolume{
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   o.PVC.Spec.AccessModes,
			VolumeMode:                    o.PVC.Spec.VolumeMode,
			MountOptions:                  o.StorageClass.MountOptions,
			Capacity: v1.ResourceList{
				v1.ResourceStorage: o.PVC.Spec.Resources.Requests[v1.ResourceStorage],
			},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				HostPath: &v1.HostPathVolumeSource{Path: path.Join(p.root, o.PVName), Type: &hostPathType},
			},
		},
	}
	pv.Name = o.PVName
	return pv, controller.ProvisioningFinished, nil
}

// Delete has no storage asset to free: the simulated nodes never wrote to the directory.
func (p simProvisioner) Delete(context.Context, *v1.PersistentVolume) error { return nil }

func main() {
	klog.InitFlags(nil)
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	name := flag.String("name", "air9.io/sim-volumes", "provisioner name, as in StorageClass.provisioner")
	root := flag.String("root", "/var/lib/air9-sim/volumes", "hostPath prefix written into the PVs (never created)")
	threads := flag.Int("threads", 16, "claims and volumes worked on in parallel")
	queueQPS := flag.Float64("queue-qps", 500, "work-queue rate (items/s); the library's default is 10")
	clientQPS := flag.Float64("client-qps", 500, "API client QPS; client-go's default is 5")
	flag.Parse()

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	logger := klog.FromContext(ctx)

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		logger.Error(err, "reading kubeconfig")
		os.Exit(1)
	}
	cfg.QPS = float32(*clientQPS)
	cfg.Burst = int(*clientQPS) * 2
	cfg.UserAgent = "air9-sim-provisioner"
	client := kubernetes.NewForConfigOrDie(cfg)

	limiter := workqueue.NewMaxOfRateLimiter(
		workqueue.NewItemExponentialFailureRateLimiter(rateBase, rateMax),
		&workqueue.BucketRateLimiter{Limiter: rate.NewLimiter(rate.Limit(*queueQPS), int(*queueQPS))},
	)
	pc := controller.NewProvisionController(ctx, client, *name, simProvisioner{root: *root},
		controller.LeaderElection(false),
		controller.Threadiness(*threads),
		controller.RateLimiter(limiter),
		controller.FailedProvisionThreshold(0),
	)
	logger.Info("provisioning", "name", *name, "threads", *threads, "queueQPS", *queueQPS, "clientQPS", *clientQPS)
	pc.Run(ctx)
}
