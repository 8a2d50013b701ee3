// Command import bulk-registers customers from a CSV file.
//
//	go run ./examples/import -in customers.csv [-out customers.out.csv] [-concurrency 8] [-rate 300]
//
// The input has a header row; its columns (any order, unknown ones ignored):
//
//	phone, phone_area, email, email_area, password, country, source, group, third_party_code, remark
//
// phone or email, password and country are required per row; source
// defaults to PC_Web and group to 1. The output CSV has one line per input
// row tried: row, phone, email, status (created | existed | failed |
// interrupted), customer_no, code, message, trace. It is written as rows
// finish, so an interrupted run leaves a usable journal. The default output
// is the input's name without ".csv" plus ".out.csv" (customers.csv →
// customers.out.csv); it is never the input file.
//
// Ctrl-C stops the run: rows not started yet are not tried (and not
// written), rows whose registration was cut off are marked interrupted (a
// rerun checks whether they were registered), the summary says so and the
// exit status is 130. A second Ctrl-C ends the program at once.
//
// Rerunning the same file is safe: rows the output already marks created or
// existed are skipped, and every other row goes through
// Customers.EnsureRegistered, which checks whether the customer exists before
// registering, so a row whose answer was lost is never registered twice.
// Rate limits (HTTP 429) are waited out, expired tokens are renewed, and a
// row whose failure is passing (an unknown outcome, no answer, a server
// that is down) goes through EnsureRegistered again, up to three times.
//
// With no MM_BASE_URL it runs against the embedded fake server (with -demo
// it first writes a sample file, which must not exist yet unless -force is
// given); otherwise MM_BASE_URL, MM_COMPANY_ID and MM_APP_ID +
// MM_APP_SECRET (or MM_TOKEN) select a real server.
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the program at once
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// run is the program; client is used when not nil (tests), otherwise the
// environment decides.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, client *multimarkets.Client) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: go run ./examples/import -in customers.csv [flags]

Registers the customers of a CSV file (header row; columns phone,
phone_area, email, email_area, password, country, source, group,
third_party_code, remark) and writes one output line per row. Rerunning the
same file is safe: finished rows are skipped, no customer is registered
twice. Without MM_BASE_URL it runs against the embedded fake server.

Flags:
`)
		fs.PrintDefaults()
	}
	in := fs.String("in", "", "input CSV file (required)")
	out := fs.String("out", "", "output CSV file (default: <in without .csv>.out.csv); never the input file")
	concurrency := fs.Int("concurrency", 8, "registrations in flight at once, 1 to 256")
	rate := fs.Int("rate", 0, "client-side limit in requests per minute, up to 1000000 (0: none; the server's 429s are still waited out)")
	demo := fs.Int("demo", 0, "write a sample input file with this many rows (1 to 1000000) to -in first")
	force := fs.Bool("force", false, "let -demo replace an existing -in file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // -h: the usage is printed
		}
		return 2 // the flag package printed the reason
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "unexpected argument: import takes only flags; give the input file as -in FILE (-h for usage)")
		return 2
	}
	if *out == "" {
		*out = strings.TrimSuffix(*in, ".csv") + ".out.csv"
	}
	if err := checkFlags(*in, *out, *concurrency, *rate, *demo, *force); err != nil {
		fmt.Fprintln(stderr, err, "(-h for usage)")
		return 2
	}
	if *demo > 0 {
		if err := writeDemo(*in, *demo); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if client == nil {
		c, cleanup, err := newClient(stderr, *rate)
		if err != nil {
			fmt.Fprintln(stderr, "configuration:", err)
			return 2
		}
		defer cleanup()
		client = c
	}

	rows, err := readInput(*in)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	done, err := readOutput(*out)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	imp := &importer{client: client, total: len(rows), progress: newProgress(stderr, len(rows))}
	results := imp.run(ctx, rows, done, *out, *concurrency)
	if err := writeOutput(*out, results); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	imp.progress.finish()
	s := summarize(results)
	notTried := len(rows) - len(results)
	summary := fmt.Sprintf("%d rows: %d created, %d existed, %d skipped (done before), %d failed",
		len(rows), s["created"], s["existed"], s["skipped"], s["failed"])
	if notTried > 0 || s["interrupted"] > 0 {
		fmt.Fprintf(stdout, "%s, %d interrupted, %d not tried; output %s\n", summary, s["interrupted"], notTried, *out)
		fmt.Fprintf(stdout, "interrupted: %d rows were not tried and %d were cut off while registering (a rerun checks those first); run the same command again to continue\n",
			notTried, s["interrupted"])
		return 130 // as a shell reports a program ended by Ctrl-C
	}
	fmt.Fprintf(stdout, "%s; output %s\n", summary, *out)
	if s["failed"] > 0 {
		return 1
	}
	return 0
}

// checkFlags refuses flag values the import cannot use, and an output or
// sample file that would overwrite the user's data, before anything starts.
func checkFlags(in, out string, concurrency, rate, demo int, force bool) error {
	switch {
	case in == "":
		return errors.New("flag -in is required: the input CSV file")
	case concurrency < 1 || concurrency > 256:
		return errors.New("invalid value for flag -concurrency: must be 1 to 256")
	case rate < 0 || rate > 1_000_000:
		return errors.New("invalid value for flag -rate: must be 1 to 1000000 requests per minute, or 0 for no limit")
	case demo < 0 || demo > 1_000_000:
		return errors.New("invalid value for flag -demo: must be 1 to 1000000 rows, or 0 for no sample file")
	}
	// The output is written through <out>.tmp and journaled in
	// <out>.journal: none of them may be the input.
	for _, p := range []string{out, out + ".tmp", out + ".journal"} {
		if sameFile(in, p) {
			return fmt.Errorf("invalid value for flag -out: %s would overwrite the input file %s; choose another -out", p, in)
		}
	}
	if _, err := os.Stat(in); demo > 0 && !force && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("-demo would replace the existing file %s: choose another -in, or give -force to replace it", in)
	}
	return nil
}

// sameFile reports whether the paths name one file: the same path, or two
// names (links, different spellings) of one existing file.
func sameFile(a, b string) bool {
	if pa, err := filepath.Abs(a); err == nil {
		if pb, err := filepath.Abs(b); err == nil && pa == pb {
			return true
		}
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

func newClient(stderr io.Writer, rate int) (*multimarkets.Client, func(), error) {
	var opts []multimarkets.Option
	if rate > 0 {
		opts = append(opts, multimarkets.WithRateLimit(rate, max(rate/60, 1)))
	}
	if os.Getenv(multimarkets.EnvBaseURL) != "" {
		c, err := multimarkets.NewClientFromEnv(opts...)
		return c, func() {}, err
	}
	srv := mmtest.NewServer()
	fmt.Fprintln(stderr, "MM_BASE_URL is not set: using the embedded fake server at", srv.URL)
	c, err := multimarkets.NewClient(append([]multimarkets.Option{
		multimarkets.WithBaseURL(srv.URL), multimarkets.WithCompanyID(srv.CompanyID),
		multimarkets.WithAppCredentials(srv.AppID, srv.AppSecret),
	}, opts...)...)
	return c, srv.Close, err
}

// row is one input line.
type row struct {
	n      int // 1-based data row number
	params multimarkets.RegisterParams
	err    error // a problem found while reading the row
}

// result is one output line.
type result struct {
	Row        int
	Phone      string
	Email      string
	Status     string // created, existed, skipped, failed, interrupted
	CustomerNo string
	Code       string
	Message    string
	Trace      string
	prev       string // for skipped rows: the status the earlier run wrote
}

var outHeader = []string{"row", "phone", "email", "status", "customer_no", "code", "message", "trace"}

func readInput(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["password"]; !ok {
		return nil, fmt.Errorf("%s: the header has no password column (columns: phone, phone_area, email, email_area, password, country, source, group, third_party_code, remark)", path)
	}
	var rows []row
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", path, n, err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		rw := row{n: n, params: multimarkets.RegisterParams{
			Phone: get("phone"), PhoneArea: get("phone_area"), Email: get("email"), EmailArea: get("email_area"),
			Password: multimarkets.PlainPassword(get("password")), Country: strings.ToUpper(get("country")),
			Source: multimarkets.SourcePCWeb, CustomerGroupID: 1, ThirdPartyCode: get("third_party_code"), Remark: get("remark"),
		}}
		if v := get("source"); v != "" {
			rw.params.Source, rw.err = multimarkets.ParseRegisterSource(v)
		}
		if v := get("group"); v != "" && rw.err == nil {
			rw.params.CustomerGroupID, rw.err = strconv.ParseInt(v, 10, 64)
		}
		rows = append(rows, rw)
	}
}

// readOutput reads a previous run's output: row number → result.
func readOutput(path string) (map[int]result, error) {
	done := map[int]result{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(outHeader)
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: not an output of this program: %w", path, err)
	}
	for _, rec := range recs {
		n, err := strconv.Atoi(rec[0])
		if err != nil {
			continue // header
		}
		done[n] = result{Row: n, Phone: rec[1], Email: rec[2], Status: rec[3], CustomerNo: rec[4], Code: rec[5], Message: rec[6], Trace: rec[7]}
	}
	return done, nil
}

func writeOutput(path string, results []result) error {
	sort.Slice(results, func(i, j int) bool { return results[i].Row < results[j].Row })
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write(outHeader)
	for _, r := range results {
		status := r.Status
		if status == "skipped" {
			status = r.prev
		}
		_ = w.Write([]string{strconv.Itoa(r.Row), r.Phone, r.Email, status, r.CustomerNo, r.Code, r.Message, r.Trace})
	}
	w.Flush()
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

type importer struct {
	client   *multimarkets.Client
	total    int
	progress *progress
}

// run registers the rows not done yet with bounded concurrency. Each
// finished row is appended to a journal next to the output at once, so an
// interrupted run loses nothing.
func (imp *importer) run(ctx context.Context, rows []row, done map[int]result, out string, concurrency int) []result {
	journal, _ := os.OpenFile(out+".journal", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if journal != nil {
		defer func() { journal.Close(); os.Remove(out + ".journal") }()
	}
	// A previous run killed before writing its output left a journal.
	if prev, err := readOutput(out + ".journal"); err == nil {
		for n, r := range prev {
			done[n] = r
		}
	}
	var mu sync.Mutex
	jw := csv.NewWriter(journal)
	results := make([]result, 0, len(rows))
	record := func(r result) {
		mu.Lock()
		defer mu.Unlock()
		results = append(results, r)
		if journal != nil && r.Status != "skipped" {
			_ = jw.Write([]string{strconv.Itoa(r.Row), r.Phone, r.Email, r.Status, r.CustomerNo, r.Code, r.Message, r.Trace})
			jw.Flush()
		}
		imp.progress.add(r.Status)
	}

	work := make(chan row)
	var wg sync.WaitGroup
	for i := 0; i < concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rw := range work {
				if ctx.Err() != nil {
					continue // interrupted before it was tried: not recorded
				}
				record(imp.one(ctx, rw))
			}
		}()
	}
	for _, rw := range rows {
		if prev, ok := done[rw.n]; ok && (prev.Status == "created" || prev.Status == "existed") &&
			prev.Phone == rw.params.Phone && prev.Email == rw.params.Email {
			prev.prev, prev.Status = prev.Status, "skipped"
			record(prev) // even after Ctrl-C, so that the output keeps it
			continue
		}
		select {
		case work <- rw:
		case <-ctx.Done(): // interrupted: this row and the later ones are not tried
		}
	}
	close(work)
	wg.Wait()
	return results
}

func (imp *importer) one(ctx context.Context, rw row) result {
	res := result{Row: rw.n, Phone: rw.params.Phone, Email: rw.params.Email}
	if rw.err != nil {
		res.Status, res.Message = "failed", rw.err.Error()
		return res
	}
	ens, err := imp.ensure(ctx, &rw.params)
	if errors.Is(err, multimarkets.ErrCustomerNumberUnknown) && ens != nil {
		// Registered, but the customer list did not show its number.
		err, res.Message = nil, "customer number unknown: the customer list does not show it"
	}
	if err != nil {
		res.Status, res.Message = "failed", err.Error()
		var apiErr *multimarkets.APIError
		var unknown *multimarkets.UnknownOutcomeError
		if ctx.Err() != nil && (errors.Is(err, ctx.Err()) || passing(err)) {
			// Cut off by Ctrl-C, not refused: the server may or may not
			// have registered the customer; a rerun checks first.
			res.Status, res.Message = "interrupted", "interrupted while registering: the outcome is unknown; a rerun checks before registering"
		}
		switch {
		case errors.As(err, &apiErr):
			res.Code, res.Message, res.Trace = string(apiErr.Code), apiErr.Text(), apiErr.Trace
		case errors.As(err, &unknown):
			res.Code, res.Trace = "UNKNOWN_OUTCOME", unknown.Trace
		}
		return res
	}
	res.CustomerNo, res.Trace = ens.CustomerNo, ens.Trace
	res.Status = "existed"
	if ens.Created {
		res.Status = "created"
	}
	return res
}

// rowAttempts bounds how often one row goes through EnsureRegistered.
const rowAttempts = 3

// ensure runs EnsureRegistered, and again (it checks before registering, so
// repeating it is safe) while the failure is passing: an unknown outcome,
// a rate limit, an unavailable server, a token that kept expiring, no
// answer. Refusals (a bad phone, a missing group) are final.
func (imp *importer) ensure(ctx context.Context, p *multimarkets.RegisterParams) (*multimarkets.EnsureResult, error) {
	var err error
	for i := 0; i < rowAttempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, errors.Join(ctx.Err(), err)
			case <-time.After(time.Duration(i) * time.Second):
			}
		}
		var res *multimarkets.EnsureResult
		res, err = imp.client.Customers.EnsureRegistered(ctx, p)
		if err == nil || !passing(err) {
			return res, err
		}
	}
	return nil, err
}

func passing(err error) bool {
	var terr *multimarkets.TransportError
	return errors.Is(err, multimarkets.ErrUnknownOutcome) || errors.Is(err, multimarkets.ErrRateLimited) ||
		errors.Is(err, multimarkets.ErrServerUnavailable) || errors.Is(err, multimarkets.ErrTokenExpired) ||
		errors.Is(err, multimarkets.ErrBadResponse) || errors.As(err, &terr)
}

func summarize(results []result) map[string]int {
	s := map[string]int{}
	for _, r := range results {
		s[r.Status]++
	}
	return s
}

func writeDemo(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"phone", "phone_area", "email", "password", "country", "source", "group", "third_party_code"})
	for i := 1; i <= n; i++ {
		_ = w.Write([]string{fmt.Sprintf("1380%07d", i), "+86", fmt.Sprintf("demo%d@example.com", i), "a123456", "CN", "PC_Web", "1", fmt.Sprintf("crm-%d", i)})
	}
	w.Flush()
	return errors.Join(w.Error(), f.Close())
}

// progress draws a progress bar on a terminal and stays quiet otherwise.
type progress struct {
	mu     sync.Mutex
	w      io.Writer
	tty    bool
	total  int
	counts map[string]int
	last   time.Time
}

func newProgress(w io.Writer, total int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, tty: tty, total: total, counts: map[string]int{}}
}

func (p *progress) add(status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[status]++
	if p.tty && time.Since(p.last) > 100*time.Millisecond {
		p.draw()
	}
}

func (p *progress) draw() {
	p.last = time.Now()
	done := 0
	for _, n := range p.counts {
		done += n
	}
	const width = 30
	filled := 0
	if p.total > 0 {
		filled = done * width / p.total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d  created %d  existed %d  skipped %d  failed %d ",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total,
		p.counts["created"], p.counts["existed"], p.counts["skipped"], p.counts["failed"])
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		p.draw()
		fmt.Fprintln(p.w)
	}
}
