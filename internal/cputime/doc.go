// Package cputime reads the CPU time the process has used, for the
// benchmarks: CPU per request is a steadier figure than latency or
// throughput on a shared, busy machine.
package cputime
