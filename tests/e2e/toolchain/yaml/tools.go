//go:build tools

// Package tools pins the YAML language host (github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml).
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
