// Command slowest reads the event stream of `go test -json` on standard
// input, prints what go test prints without -json, and at the end lists the
// slowest top-level tests, then repeats each package's result line ("ok",
// "FAIL", "?") and, if a package failed, a last "FAIL", so that the last
// lines read like plain go test output.
//
//	go test -race -json ./... | go run ./internal/tools/slowest
//	go test -race -json ./... | go run ./internal/tools/slowest -n 20 -v
//
// Without -v only failing tests' output and package results are printed, as
// go test does without -v; with -v every output line is. It never changes
// the outcome and exits 0 unless its input cannot be read: run it in a
// pipeline with `set -o pipefail` so that the pipeline's status is go
// test's. Lines that are not test2json events (for example build errors
// from an older go command) are printed unchanged.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is the part of a test2json event this command uses.
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64 // seconds
	Output  string
}

// result is the duration and outcome of one finished test.
type result struct {
	pkg, test, action string
	elapsed           time.Duration
}

func main() {
	n := flag.Int("n", 10, "how many of the slowest tests to list")
	verbose := flag.Bool("v", false, "print every output line, as go test -v does")
	flag.Parse()
	if err := run(os.Stdin, os.Stdout, *n, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "slowest:", err)
		os.Exit(2)
	}
}

// printer turns test2json events back into go test's output.
type printer struct {
	w        *bufio.Writer
	verbose  bool
	held     map[[2]string][]string // output of running tests, printed if they fail
	lastOut  map[string]string      // each package's last package-level output line
	results  []result
	pkgLines []string // each package's result line, in finishing order
}

func run(in io.Reader, out io.Writer, n int, verbose bool) error {
	p := &printer{w: bufio.NewWriter(out), verbose: verbose, held: map[[2]string][]string{}, lastOut: map[string]string{}}
	defer p.w.Flush()
	// ReadBytes, not a Scanner: a test may print a line longer than any
	// fixed buffer, and that must not end the output (or change the status).
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		line, rerr := r.ReadBytes('\n')
		if len(line) > 0 {
			line = bytes.TrimSuffix(line, []byte("\n"))
			var ev event
			if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
				p.w.Write(line)
				p.w.WriteByte('\n')
			} else {
				p.event(ev)
			}
			// Flush per line so that a hang shows the output so far.
			if err := p.w.Flush(); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return rerr
		}
	}
	p.summary(n)
	return nil
}

func (p *printer) event(ev event) {
	key := [2]string{ev.Package, ev.Test}
	switch {
	case ev.Action == "output" && ev.Test != "":
		if p.verbose {
			p.w.WriteString(ev.Output)
		} else if !strings.HasPrefix(ev.Output, "=== ") {
			p.held[key] = append(p.held[key], ev.Output)
		}
	case ev.Action == "output" || ev.Action == "build-output":
		p.lastOut[ev.Package] = ev.Output
		if p.verbose || !(ev.Output == "PASS\n" || strings.HasPrefix(ev.Output, "=== ")) {
			p.w.WriteString(ev.Output)
		}
	case ev.Test != "" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
		if ev.Action == "fail" {
			p.flush(key)
		}
		delete(p.held, key)
		if !strings.Contains(ev.Test, "/") { // subtests are inside their parent's time
			p.results = append(p.results, result{ev.Package, ev.Test, ev.Action, time.Duration(ev.Elapsed * float64(time.Second))})
		}
	case ev.Test == "" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
		if ev.Action == "fail" { // a crash or timeout: show what the unfinished tests printed
			for k := range p.held {
				if k[0] == ev.Package {
					p.flush(k)
				}
			}
		}
		if l := strings.TrimRight(p.lastOut[ev.Package], "\n"); isResultLine(l) {
			p.pkgLines = append(p.pkgLines, l)
		}
	}
}

// flush prints and forgets the held output of one test.
func (p *printer) flush(key [2]string) {
	for _, o := range p.held[key] {
		p.w.WriteString(o)
	}
	delete(p.held, key)
}

// isResultLine reports whether l is go test's per-package summary line.
func isResultLine(l string) bool {
	return strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "ok\t") ||
		strings.HasPrefix(l, "FAIL") || strings.HasPrefix(l, "?")
}

// summary lists the n slowest top-level tests, then the package results.
func (p *printer) summary(n int) {
	rs := p.results
	if len(rs) > 0 && n > 0 {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].elapsed > rs[j].elapsed })
		if len(rs) > n {
			rs = rs[:n]
		}
		fmt.Fprintf(p.w, "== slowest %d tests\n", len(rs))
		for _, r := range rs {
			fmt.Fprintf(p.w, "%8.2fs  %-4s  %s  %s\n", r.elapsed.Seconds(), r.action, r.pkg, r.test)
		}
	}
	if len(p.pkgLines) == 0 {
		return
	}
	fmt.Fprintln(p.w, "== package results")
	failed := false
	for _, l := range p.pkgLines {
		fmt.Fprintln(p.w, l)
		failed = failed || strings.HasPrefix(l, "FAIL")
	}
	if failed {
		fmt.Fprintln(p.w, "FAIL") // as go test ends when a package failed
	}
}
