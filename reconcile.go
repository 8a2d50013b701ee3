package multimarkets

import (
	"context"
	"errors"
	"time"
)

// EnsureResult is the outcome of Customers.EnsureRegistered.
type EnsureResult struct {
	// CustomerNo is the customer's number. When the customer already
	// existed it is looked up in the customer list by phone or e-mail; it
	// is "" if the list did not show it (e.g. a server that masks contact
	// details, or a customer found only by third-party code).
	CustomerNo string
	// Created is true when this call registered the customer, false when
	// the customer already existed.
	Created bool
	// Trace is the trace of the registration request that created the
	// customer (empty when it already existed).
	Trace string
}

// ensureRounds bounds EnsureRegistered's check-then-register rounds.
const ensureRounds = 4

// EnsureRegistered registers the customer unless one with the same phone
// number or e-mail address is registered already, so that a lost answer
// never creates two customers. It checks existence
// (Customers.Exists by phone, then by e-mail), registers when absent, and
// after an unknown outcome (ErrUnknownOutcome) checks again before trying
// once more. The server refuses a second customer with the same phone,
// e-mail or third-party code, so even a registration still in flight from
// an earlier attempt cannot produce a duplicate: that refusal is read as
// "already exists".
//
// Validation errors, refusals other than "already exists", and the last
// unknown outcome after all rounds are returned as errors.
func (s *CustomerService) EnsureRegistered(ctx context.Context, p *RegisterParams, opts ...RequestOption) (*EnsureResult, error) {
	if p == nil {
		return nil, &ValidationError{Field: "RegisterParams", Rule: "required"}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var lastErr error
	wait := 200 * time.Millisecond
	for round := 0; round < ensureRounds; round++ {
		if round > 0 {
			if err := sleepCtx(ctx, wait); err != nil {
				return nil, errors.Join(err, lastErr)
			}
			wait *= 2
		}
		exists, err := s.registeredAlready(ctx, p, opts)
		if err != nil {
			return nil, err
		}
		if exists {
			return s.existing(ctx, p, opts)
		}
		reg, err := s.Register(ctx, p, opts...)
		switch {
		case err == nil:
			return &EnsureResult{CustomerNo: reg.CustomerNo, Created: true, Trace: reg.Trace}, nil
		case errors.Is(err, ErrAlreadyExists):
			return s.existing(ctx, p, opts)
		case errors.Is(err, ErrUnknownOutcome):
			lastErr = err // look again before deciding
		default:
			return nil, err
		}
	}
	return nil, lastErr
}

// registeredAlready asks the server whether the phone or the e-mail is taken.
func (s *CustomerService) registeredAlready(ctx context.Context, p *RegisterParams, opts []RequestOption) (bool, error) {
	if p.Phone != "" {
		ok, err := s.Exists(ctx, &ExistsParams{Type: LoginPhone, LoginName: p.Phone, PhoneArea: p.PhoneArea}, opts...)
		if err != nil || ok {
			return ok, err
		}
	}
	if p.Email != "" {
		return s.Exists(ctx, &ExistsParams{Type: LoginEmail, LoginName: p.Email, EmailArea: p.EmailArea}, opts...)
	}
	return false, nil
}

// existing looks the customer's number up in the customer list.
func (s *CustomerService) existing(ctx context.Context, p *RegisterParams, opts []RequestOption) (*EnsureResult, error) {
	area := p.PhoneArea
	if area == "" {
		area = "+86" // the server's documented default
	}
	for c, err := range s.All(ctx, nil, opts...) {
		if err != nil {
			return nil, err
		}
		phoneArea := c.PhoneArea
		if phoneArea == "" {
			phoneArea = "+86"
		}
		if (p.Phone != "" && c.Phone == p.Phone && phoneArea == area) || (p.Email != "" && c.Email == p.Email) {
			return &EnsureResult{CustomerNo: c.CustomerNo}, nil
		}
	}
	return &EnsureResult{}, nil
}
