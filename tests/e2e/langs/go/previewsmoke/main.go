// previewsmoke previews an inline Go program through the Automation API and
// the e2e toolchain's Pulumi CLI, and prints what the engine reported as one
// JSON object on stdout:
//
//	{"changeSummary":{"create":1},"stackOutputs":{"greeting":"hello from go"}}
//
// The inline program is served to the CLI by the Automation API's own
// language server (sdk/v3@v3.248.0 go/auto/local_workspace.go / stack.go:
// `pulumi preview --client=<address>`), so no pulumi-language-go plugin is
// needed; the module proxy does not serve one.
//
// The CLI comes from PULUMI_E2E_ROOT (the folder holding bin/pulumi); the
// backend, PULUMI_HOME and passphrase come from the environment the test sets
// (tests/e2e/support/pulumi.ts). The stack lives in the folder given by
// PULUMI_E2E_WORKDIR.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const project = "go-preview-smoke"

type result struct {
	ChangeSummary map[string]int `json:"changeSummary"`
	StackOutputs  map[string]any `json:"stackOutputs"`
}

func run(ctx context.Context) (*result, error) {
	root, workDir := os.Getenv("PULUMI_E2E_ROOT"), os.Getenv("PULUMI_E2E_WORKDIR")
	if root == "" || workDir == "" {
		return nil, fmt.Errorf("PULUMI_E2E_ROOT and PULUMI_E2E_WORKDIR must be set")
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI under %s: %w", root, err)
	}
	program := func(ctx *pulumi.Context) error {
		ctx.Export("greeting", pulumi.String("hello from go"))
		return nil
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", project, program,
		auto.Pulumi(cmd),
		auto.WorkDir(workDir),
		auto.Project(workspace.Project{Name: project, Runtime: workspace.NewProjectRuntimeInfo("go", nil)}),
	)
	if err != nil {
		return nil, fmt.Errorf("stack: %w", err)
	}
	evts := make(chan events.EngineEvent)
	outputs := map[string]any{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range evts {
			// The stack's outputs arrive as the outputs event of pulumi:pulumi:Stack
			// (sdk/v3 go/common/apitype/events.go, ResOutputsEvent).
			if o := e.ResOutputsEvent; o != nil && o.Metadata.Type == "pulumi:pulumi:Stack" && o.Metadata.New != nil {
				for k, v := range o.Metadata.New.Outputs {
					outputs[k] = v
				}
			}
		}
	}()
	res, err := stack.Preview(ctx, optpreview.EventStreams(evts))
	<-done
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	summary := map[string]int{}
	for op, n := range res.ChangeSummary {
		summary[string(op)] = n
	}
	return &result{ChangeSummary: summary, StackOutputs: outputs}, nil
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := run(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "previewsmoke: %v\n", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "previewsmoke: %v\n", err)
		os.Exit(1)
	}
}
