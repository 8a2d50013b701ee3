package multimarkets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// EnsureResult is the outcome of Customers.EnsureRegistered.
type EnsureResult struct {
	// CustomerNo is the customer's number, never empty in a result
	// returned without error. When the customer already existed it is
	// looked up in the customer list by phone or e-mail; when the list does
	// not show it, EnsureRegistered returns an error matching
	// ErrCustomerNumberUnknown together with a result whose CustomerNo is "".
	CustomerNo string
	// Created is true when this call registered the customer — also when
	// the registering request's answer was lost and a later check found
	// the customer — and false when the customer existed before the call.
	Created bool
	// Trace is the trace of the registration request that created the
	// customer (empty when it already existed).
	Trace string
}

const (
	// ensureRounds bounds EnsureRegistered's check-then-register rounds.
	ensureRounds = 4
	// ensureScanPages bounds the customer-list pages scanned to find an
	// existing customer's number (2,000 customers a page).
	ensureScanPages = 50
)

// ErrCustomerNumberUnknown: EnsureRegistered made sure the customer is
// registered (by this call when the result's Created is true) but could
// not learn its number: the customer list did not show a customer with the
// phone or e-mail within the first 100,000 customers it scans (a server
// that masks contact details in the list, or a larger company). The
// customer exists; registering again is not needed. Find the number another
// way: the client-API login (Embed.Login) answers it, and so does a data
// push register event.
var ErrCustomerNumberUnknown = errors.New("multimarkets: customer registered, number unknown")

// EnsureRegistered registers the customer unless one with the same phone
// number or e-mail address is registered already, so that a lost answer
// never creates two customers. It checks existence (Customers.Exists by
// phone and by e-mail), registers when absent, and after an unknown outcome
// (ErrUnknownOutcome) checks again before trying once more. The server
// refuses a second customer with the same phone, e-mail or third-party
// code, so even a registration still in flight from an earlier round cannot
// produce a duplicate.
//
// The existing customer must match every identifier given: if the phone is
// registered but the e-mail is free (or belongs to someone else), or the
// server refuses the third-party code although phone and e-mail are free,
// the call fails with an error matching ErrAlreadyExists that says which
// identifier conflicts, instead of reporting some other customer.
//
// Validation errors, refusals and the last unknown outcome after all rounds
// are returned as errors; an error after an unknown outcome still matches
// ErrUnknownOutcome. With WithTrace, every request gets its own trace
// starting with the caller's: the first registration request uses it as
// is, the lookups add "-exists-phone", "-exists-email", "-recheck…" and
// "-lookup", the rounds after a lost answer add "-e2", "-e3", … first
// (order-42-e2, order-42-e2-exists-phone), and retries add "-r2", ….
//
// When the customer existed, its number is looked up in the customer list,
// which costs up to 50 requests in a large company. If the list does not
// show the customer, the call returns both a result (Created and Trace
// filled, CustomerNo "") and an error matching ErrCustomerNumberUnknown, so
// an empty number is never mistaken for a complete answer.
func (s *CustomerService) EnsureRegistered(ctx context.Context, p *RegisterParams, opts ...RequestOption) (*EnsureResult, error) {
	return s.ensure(ctx, p, true, opts)
}

// ensure is EnsureRegistered; without lookup, an existing customer's number
// is not looked up (the result's CustomerNo is "" then, and no list page is
// requested), which keeps the call's requests bounded.
func (s *CustomerService) ensure(ctx context.Context, p *RegisterParams, lookup bool, opts []RequestOption) (*EnsureResult, error) {
	// Refused params are observed once, as a registration refused (the
	// write they are for); the checks and registrations that follow are
	// observed as calls of their own.
	if p == nil {
		return nil, s.client.refuse(ctx, opRegister, &ValidationError{Field: "RegisterParams", Rule: "required"})
	}
	if err := p.Validate(); err != nil {
		return nil, s.client.refuse(ctx, opRegister, err)
	}
	var unknown error  // the last unknown outcome of a registration attempt
	pendingTrace := "" // trace of a registration whose answer was lost
	fail := func(err error) (*EnsureResult, error) {
		if unknown != nil {
			err = errors.Join(err, unknown)
		}
		return nil, err
	}
	wait := 200 * time.Millisecond
	for round := 0; round < ensureRounds; round++ {
		// Every HTTP request carries its own trace: with WithTrace, the
		// rounds after the first add "-e2", "-e3", … before the step's
		// own suffix, so a re-check after a lost answer never repeats a
		// trace the server may already have logged.
		opts := opts
		if round > 0 {
			if err := sleepCtx(ctx, wait); err != nil {
				return fail(err)
			}
			wait *= 2
			opts = append(slices.Clip(opts), withTraceSuffix("-e"+strconv.Itoa(round+1)))
		}
		found, err := s.registeredAlready(ctx, p, opts)
		if err != nil {
			return fail(err)
		}
		if found {
			return s.existing(ctx, p, pendingTrace, lookup, opts)
		}
		reg, err := s.Register(ctx, p, opts...)
		var u *UnknownOutcomeError
		switch {
		case err == nil:
			return &EnsureResult{CustomerNo: reg.CustomerNo, Created: true, Trace: reg.Trace}, nil
		case errors.As(err, &u):
			unknown, pendingTrace = err, u.Trace // look again before deciding
		case errors.Is(err, ErrAlreadyExists):
			// Taken since the check (an earlier round's request landing
			// late), or a conflict on something Exists cannot see.
			found, ferr := s.registeredAlready(ctx, p, append(slices.Clip(opts), withTraceSuffix("-recheck")))
			if ferr != nil {
				return fail(ferr)
			}
			if !found {
				return fail(fmt.Errorf("multimarkets: EnsureRegistered: phone and e-mail are free but the server refuses the customer (third-party code taken?): %w", err))
			}
			return s.existing(ctx, p, pendingTrace, lookup, opts)
		default:
			return fail(err)
		}
	}
	return nil, unknown
}

// registeredAlready reports whether the customer's identity is taken. Every
// identifier given must agree: a taken phone with a free e-mail (or the
// reverse) is a conflict, reported as an error matching ErrAlreadyExists.
func (s *CustomerService) registeredAlready(ctx context.Context, p *RegisterParams, opts []RequestOption) (bool, error) {
	phoneTaken, emailTaken := false, false
	var err error
	if p.Phone != "" {
		phoneTaken, err = s.Exists(ctx, &ExistsParams{Type: LoginPhone, LoginName: p.Phone, PhoneArea: p.PhoneArea},
			append(slices.Clip(opts), withTraceSuffix("-exists-phone"))...)
		if err != nil {
			return false, err
		}
	}
	if p.Email != "" {
		emailTaken, err = s.Exists(ctx, &ExistsParams{Type: LoginEmail, LoginName: p.Email, EmailArea: p.EmailArea},
			append(slices.Clip(opts), withTraceSuffix("-exists-email"))...)
		if err != nil {
			return false, err
		}
	}
	switch {
	case p.Phone != "" && p.Email != "" && phoneTaken != emailTaken:
		taken, free := "phone", "e-mail"
		if emailTaken {
			taken, free = free, taken
		}
		return false, fmt.Errorf("multimarkets: EnsureRegistered: the %s is registered but the %s is not: another customer's identity: %w", taken, free, ErrAlreadyExists)
	}
	return phoneTaken || emailTaken, nil
}

// existing looks the customer's number up in the customer list (when
// lookup is set) and checks that the record found carries every identifier
// given.
func (s *CustomerService) existing(ctx context.Context, p *RegisterParams, pendingTrace string, lookup bool, opts []RequestOption) (*EnsureResult, error) {
	res := &EnsureResult{Created: pendingTrace != "", Trace: pendingTrace}
	if !lookup {
		return res, nil
	}
	area := defaultArea(p.PhoneArea)
	lookupOpts := append(slices.Clip(opts), withTraceSuffix("-lookup"))
	seen := 0
	for c, err := range s.ListAll(ctx, &CustomerListParams{PageSize: MaxCustomerPageSize}, lookupOpts...) {
		if err != nil {
			return nil, err
		}
		if seen++; seen > ensureScanPages*MaxCustomerPageSize {
			break
		}
		phoneMatch := p.Phone != "" && c.Phone == p.Phone && defaultArea(c.PhoneArea) == area
		emailMatch := p.Email != "" && c.Email == p.Email
		if !phoneMatch && !emailMatch {
			continue
		}
		if (p.Phone != "" && !phoneMatch) || (p.Email != "" && !emailMatch) {
			return nil, fmt.Errorf("multimarkets: EnsureRegistered: customer %s has this phone or e-mail but not both: %w", c.CustomerNo, ErrAlreadyExists)
		}
		res.CustomerNo = c.CustomerNo
		return res, nil
	}
	return res, fmt.Errorf("multimarkets: EnsureRegistered: the customer is registered but the customer list does not show it (%d customers scanned): %w",
		min(seen, ensureScanPages*MaxCustomerPageSize), ErrCustomerNumberUnknown)
}

// defaultArea is the area code the server assumes when none was given.
func defaultArea(area string) string {
	if area == "" {
		return "+86"
	}
	return area
}
