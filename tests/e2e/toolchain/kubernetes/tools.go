//go:build tools

// Package tools pins the control-plane binaries built for the e2e harness.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
