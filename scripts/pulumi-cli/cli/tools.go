//go:build tools

// Package tools records the command that this module exists to build, so that
// `go mod tidy` keeps its dependencies.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
