// Package safecall runs code the SDK does not control (a user's callback,
// Wallet, Store or push Handler) so that a panic in it cannot take the
// process down, and describes the panic without echoing its value.
//
// A panic in a goroutine the SDK started (an HTTP worker, a push worker)
// cannot be recovered by the caller and ends the process; the SDK's packages
// therefore call user code through Call and turn the *Panic into an error
// of their own.
package safecall

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// Panic describes a recovered panic. Its text never holds the panic value
// itself, which may carry personal data or secrets (a panic(user) or a
// panic(fmt.Sprintf("no account for %s", phone))): only a runtime error's
// own message (nil dereference, index out of range …), which holds no data,
// or else the value's type, and the place where the panic happened.
type Panic struct {
	Value any    // the recovered value, for callers that want to inspect it; never printed
	Where string // "function (file.go:123)" of the panicking frame, or "" if unknown
}

// Error returns "panic: WHAT at WHERE" without the panic value.
func (p *Panic) Error() string {
	s := "panic: " + describe(p.Value)
	if p.Where != "" {
		s += " at " + p.Where
	}
	return s
}

// describe is the message of a runtime error, else the value's type.
func describe(v any) string {
	if re, ok := v.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("value of type %T", v)
}

// Call runs f and returns nil, or a *Panic if f panicked. (A panic(nil)
// is reported too: since Go 1.21 it arrives as a *runtime.PanicNilError.)
func Call(f func()) (p *Panic) {
	defer func() {
		if v := recover(); v != nil {
			p = &Panic{Value: v, Where: where()}
		}
	}()
	f()
	return nil
}

// where finds the frame that panicked: the first frame below runtime.gopanic
// that is not in package runtime. It is called from Call's deferred
// function, while the panicking stack is still in place.
func where() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	inPanic := false
	for {
		fr, more := frames.Next()
		switch {
		case fr.Function == "runtime.gopanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(fr.Function, "runtime."):
			return fmt.Sprintf("%s (%s:%d)", fr.Function, filepath.Base(fr.File), fr.Line)
		}
		if !more {
			return ""
		}
	}
}
