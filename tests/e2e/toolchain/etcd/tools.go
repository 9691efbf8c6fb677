//go:build tools

// Package tools pins the etcd server binary (package main at the module root,
// see go.etcd.io/etcd/server/v3@v3.6.16/main.go).
package tools

import _ "go.etcd.io/etcd/server/v3"
