// pulumi-sdkgen writes the Python or Go SDK of a Pulumi package schema, with
// the code generators of github.com/pulumi/pulumi/pkg/v3 v3.248.0.
//
//	pulumi-sdkgen [-dep other-schema.json ...] <schema.json> <python|go> <outdir>
//
// Why: `pulumi package gen-sdk` hands generation to the language plugin
// (pkg/v3@v3.248.0 cmd/pulumi/packages/packages.go, GenSDK →
// languagePlugin.GeneratePackage), and pulumi-language-python and
// pulumi-language-go are not served by the Go module proxy. Behind that RPC
// are the generators this program calls, pkg/codegen/python.GeneratePackage
// and pkg/codegen/go.GeneratePackage (pkg/v3@v3.248.0 codegen/sdks.md: "SDKgen
// is generally exposed through the GeneratePackage method of a language host
// ... At a code level, SDKgen starts with the relevant GeneratePackage Go
// function in gen.go").
//
// The schema is bound with schema.BindSpec (pkg/codegen/schema/bind.go), which
// validates it against the metaschema, as the language plugins do before
// generating. Packages the schema refers to are served from the -dep files;
// "pulumi" is the built-in package; any other reference is an error (there is
// no plugin host here to ask).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the name the generators stamp into the files' "do not edit" header.
const tool = "pulumi-sdkgen"

type depFlags []string

func (d *depFlags) String() string     { return fmt.Sprint(*d) }
func (d *depFlags) Set(v string) error { *d = append(*d, v); return nil }

// fileLoader serves the packages given with -dep, by name; it implements
// schema.ReferenceLoader (pkg/codegen/schema/loader.go), which both binding
// and python.GeneratePackage (for pkg.Dependencies) use.
type fileLoader struct {
	specs map[string]schema.PackageSpec
	bound map[string]*schema.Package
}

func (l *fileLoader) LoadPackage(pkg string, version *semver.Version) (*schema.Package, error) {
	return l.LoadPackageV2(context.TODO(), &schema.PackageDescriptor{Name: pkg, Version: version})
}

func (l *fileLoader) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	if d.Name == "pulumi" {
		return schema.DefaultPulumiPackage, nil
	}
	if p, ok := l.bound[d.Name]; ok {
		return p, nil
	}
	spec, ok := l.specs[d.Name]
	if !ok {
		return nil, fmt.Errorf("the schema refers to package %q: pass its schema with -dep", d.Name)
	}
	p, err := schema.ImportSpec(spec, nil, l, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("binding dependency %q: %w", d.Name, err)
	}
	l.bound[d.Name] = p
	return p, nil
}

func (l *fileLoader) LoadPackageReference(pkg string, version *semver.Version) (schema.PackageReference, error) {
	return l.LoadPackageReferenceV2(context.TODO(), &schema.PackageDescriptor{Name: pkg, Version: version})
}

func (l *fileLoader) LoadPackageReferenceV2(ctx context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	p, err := l.LoadPackageV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return p.Reference(), nil
}

func readSpec(file string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	b, err := os.ReadFile(file)
	if err != nil {
		return spec, err
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		return spec, fmt.Errorf("%s: %w", file, err)
	}
	return spec, nil
}

func run(args []string) error {
	fs := flag.NewFlagSet(tool, flag.ContinueOnError)
	var deps depFlags
	fs.Var(&deps, "dep", "schema.json of a package the schema refers to (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 3 {
		return errors.New("usage: pulumi-sdkgen [-dep other-schema.json ...] <schema.json> <python|go> <outdir>")
	}
	schemaFile, language, outDir := fs.Arg(0), fs.Arg(1), fs.Arg(2)
	if language != "python" && language != "go" {
		return fmt.Errorf("language %q: only python and go", language)
	}

	loader := &fileLoader{specs: map[string]schema.PackageSpec{}, bound: map[string]*schema.Package{}}
	for _, f := range deps {
		spec, err := readSpec(f)
		if err != nil {
			return err
		}
		loader.specs[spec.Name] = spec
	}
	spec, err := readSpec(schemaFile)
	if err != nil {
		return err
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "%s\n", d.Error())
	}
	if err != nil {
		return fmt.Errorf("binding %s: %w", schemaFile, err)
	}
	if diags.HasErrors() {
		return fmt.Errorf("binding %s: %d error(s)", schemaFile, len(diags.Errs()))
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, loader)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	}
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", language, err)
	}

	// As GenSDK does: the output folder is replaced, not merged into.
	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
		fmt.Println(name)
	}
	return nil
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-sdkgen: %v\n", err)
		os.Exit(1)
	}
}
