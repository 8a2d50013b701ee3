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
// row: row, phone, email, status (created | existed | failed), customer_no,
// code, message, trace. It is written as rows finish, so an interrupted run
// leaves a usable journal.
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
// it first writes a sample file); otherwise MM_BASE_URL, MM_COMPANY_ID and
// MM_APP_ID + MM_APP_SECRET (or MM_TOKEN) select a real server.
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
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// run is the program; client is used when not nil (tests), otherwise the
// environment decides.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, client *multimarkets.Client) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input CSV file (required)")
	out := fs.String("out", "", "output CSV file (default: <in without .csv>.out.csv)")
	concurrency := fs.Int("concurrency", 8, "registrations in flight at once")
	rate := fs.Int("rate", 0, "client-side limit in requests per minute (0: none; the server's 429s are still waited out)")
	demo := fs.Int("demo", 0, "write a sample input file with this many rows to -in first")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *in == "" || *concurrency < 1 {
		fs.Usage()
		return 2
	}
	if *out == "" {
		*out = strings.TrimSuffix(*in, ".csv") + ".out.csv"
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
	fmt.Fprintf(stdout, "%d rows: %d created, %d existed, %d skipped (done before), %d failed; output %s\n",
		len(results), s["created"], s["existed"], s["skipped"], s["failed"], *out)
	if s["failed"] > 0 || ctx.Err() != nil {
		return 1
	}
	return 0
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
	Status     string // created, existed, skipped, failed
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
				record(imp.one(ctx, rw))
			}
		}()
	}
	for _, rw := range rows {
		if prev, ok := done[rw.n]; ok && (prev.Status == "created" || prev.Status == "existed") &&
			prev.Phone == rw.params.Phone && prev.Email == rw.params.Email {
			prev.prev, prev.Status = prev.Status, "skipped"
			record(prev)
			continue
		}
		select {
		case work <- rw:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
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
