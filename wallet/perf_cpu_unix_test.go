//go:build unix

package wallet_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used,
// and true; the benchmark reports it per request, a steadier figure than
// latency on a shared machine.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
