// hubandspokes previews one hub and two spokes in Go, through the SDK
// pulumi-sdkgen generates from the package's schema (package
// edgeinterconnect): the components are declared remotely and built by the
// package's provider plugin, found on PATH. The same topology as the
// TypeScript program of tests/e2e/construct.e2e.ts. It prints one JSON
// object: the change summary and every step as "<op> <type> <name>".
//
// The inline program is served to the CLI by the Automation API's own
// language server (sdk/v3@v3.248.0 go/auto), so no pulumi-language-go plugin
// is needed. Environment: PULUMI_E2E_ROOT (the folder holding bin/pulumi),
// PULUMI_E2E_WORKDIR (the stack's folder), CONSTRUCT_KUBECONFIGS (a JSON file
// {cluster name: kubeconfig text}, set as secret configuration),
// CONSTRUCT_CLI_OUTPUT (optional: a file the CLI's whole stdout and stderr of
// the preview are written to, for the test's "no secret in plain text"
// checks), and the backend, PULUMI_HOME and passphrase of
// tests/e2e/support/pulumi.ts.
//
// The test writes this module's go.mod at run time: the SDK it imports is
// generated then (tests/e2e/constructLanguages.e2e.ts).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/edge-interconnect/pulumi-edge-interconnect/sdk/go/edgeinterconnect"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const project = "construct-go"

var spokeNames = []string{"store-1", "store-2"}

type result struct {
	ChangeSummary map[string]int `json:"changeSummary"`
	Steps         []string       `json:"steps"`
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	network, err := edgeinterconnect.NewInterconnectNetwork(ctx, "shop-mesh", &edgeinterconnect.InterconnectNetworkArgs{
		Description: pulumi.String("Shop backends for the stores"),
	})
	if err != nil {
		return err
	}
	off := &edgeinterconnect.SkupperControllerAddOnArgs{Install: pulumi.Bool(false)}
	hub, err := edgeinterconnect.NewHubCluster(ctx, "store-hub", &edgeinterconnect.HubClusterArgs{
		Network:    network,
		Kubeconfig: cfg.RequireSecret("store-hub"),
		LoadBalancer: &edgeinterconnect.LoadBalancerArgs{
			Addresses: pulumi.StringArray{pulumi.String("10.1.0.32/28")},
			RouterIp:  pulumi.String("10.1.0.33"),
		},
		AllowedSourceRanges: pulumi.StringArray{pulumi.String("10.2.0.0/16")},
		ExposedServices: edgeinterconnect.ExposedServiceArray{&edgeinterconnect.ExposedServiceArgs{
			Name: pulumi.String("my-backend"), Namespace: pulumi.String("shop"), Port: pulumi.Int(8080),
		}},
		AnnotateServices: pulumi.Bool(false),
		// The end-to-end clusters run MetalLB's controller out of cluster and no kubelet.
		Metallb:           &edgeinterconnect.MetallbAddOnArgs{Install: pulumi.Bool(false)},
		SkupperController: off,
	})
	if err != nil {
		return err
	}
	for _, name := range spokeNames {
		if _, err := edgeinterconnect.NewSpokeCluster(ctx, name, &edgeinterconnect.SpokeClusterArgs{
			Network:           network,
			Hub:               hub,
			Kubeconfig:        cfg.RequireSecret(name),
			SkupperController: off,
		}); err != nil {
			return err
		}
	}
	ctx.Export("routerIp", hub.RouterIp)
	return nil
}

func run(ctx context.Context) (*result, error) {
	root, workDir := os.Getenv("PULUMI_E2E_ROOT"), os.Getenv("PULUMI_E2E_WORKDIR")
	if root == "" || workDir == "" {
		return nil, fmt.Errorf("PULUMI_E2E_ROOT and PULUMI_E2E_WORKDIR must be set")
	}
	raw, err := os.ReadFile(os.Getenv("CONSTRUCT_KUBECONFIGS"))
	if err != nil {
		return nil, fmt.Errorf("kubeconfigs: %w", err)
	}
	kubeconfigs := map[string]string{}
	if err := json.Unmarshal(raw, &kubeconfigs); err != nil {
		return nil, fmt.Errorf("kubeconfigs: %w", err)
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI under %s: %w", root, err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", project, program,
		auto.Pulumi(cmd),
		auto.WorkDir(workDir),
		auto.Project(workspace.Project{Name: project, Runtime: workspace.NewProjectRuntimeInfo("go", nil)}),
	)
	if err != nil {
		return nil, fmt.Errorf("stack: %w", err)
	}
	values := auto.ConfigMap{}
	for name, text := range kubeconfigs {
		values[name] = auto.ConfigValue{Value: text, Secret: true}
	}
	if err := stack.SetAllConfig(ctx, values); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	evts := make(chan events.EngineEvent)
	var steps []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range evts {
			// One pre-event per step (sdk/v3 go/common/apitype/events.go, ResourcePreEvent).
			if p := e.ResourcePreEvent; p != nil && p.Metadata.Type != "pulumi:pulumi:Stack" {
				urn := p.Metadata.URN
				steps = append(steps, fmt.Sprintf("%s %s %s", p.Metadata.Op, p.Metadata.Type, urn[strings.LastIndex(urn, "::")+2:]))
			}
		}
	}()
	res, err := stack.Preview(ctx, optpreview.EventStreams(evts))
	<-done
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	if file := os.Getenv("CONSTRUCT_CLI_OUTPUT"); file != "" {
		if err := os.WriteFile(file, []byte(res.StdOut+"\n"+res.StdErr+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("CLI output: %w", err)
		}
	}
	summary := map[string]int{}
	for op, n := range res.ChangeSummary {
		summary[string(op)] = n
	}
	sort.Strings(steps)
	return &result{ChangeSummary: summary, Steps: steps}, nil
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	res, err := run(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "hubandspokes: %v\n", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "hubandspokes: %v\n", err)
		os.Exit(1)
	}
}
