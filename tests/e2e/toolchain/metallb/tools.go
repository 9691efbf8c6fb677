//go:build tools

// Package tools pins the MetalLB controller (go.universe.tf/metallb/controller).
package tools

import _ "go.universe.tf/metallb/controller"
