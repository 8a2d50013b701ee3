package multimarkets_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
	"github.com/multimarkets-sdk/multimarkets-go/mmtest"
)

const (
	opRates      = "fund.admin.CustomerFundAdminDubboService.getExchangeRate"
	opLock       = "fund.admin.CustomerActivityBonusAdminDubboService.lockTradeAccount"
	opUnlock     = "fund.admin.CustomerActivityBonusAdminDubboService.unlockTradeAccount"
	opLockOne    = "fund.admin.CustomerActivityBonusAdminDubboService.queryOneLockTradeAccount"
	opLockAll    = "fund.admin.CustomerActivityBonusAdminDubboService.queryTradeTypeLockTradeAccount"
	opBonus      = "fund.admin.CustomerActivityBonusAdminDubboService.operationBonus"
	opAdjust     = "fund.admin.CustomerAdjustProposalAdminDubboService.addCustomerAdjustProposal"
	opAdjustment = "fund.admin.CustomerAdjustProposalAdminDubboService.getCustomerAdjustProposalById"
	opMessage    = "message.admin.PlatFormMessageThirdSendAdminService.add"
	opCodeStatus = "message.admin.VerificationAdminService.queryCodeSendStatus"
	opWebhook    = "admin.admin.CompanyWebhookDubboService.subscribe"
)

func TestExchangeRates(t *testing.T) {
	t.Parallel()
	_, c := newFake(t, nil)
	ctx := context.Background()
	rates, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT", "BNB": "USDT"}, Type: mm.RateDeposit})
	require.NoError(t, err)
	require.Len(t, rates, 2, "rates = %+v", rates)
	require.EqualValues(t, "BNB", rates[0].SourceCurrency, "rates = %+v", rates)
	require.EqualValues(t, "BTC", rates[1].SourceCurrency, "rates = %+v", rates)
	require.EqualValues(t, "16755.38", rates[1].Rate.String(), "rates = %+v", rates)
	require.EqualValues(t, mm.RateMultiply, rates[1].Formula, "rates = %+v", rates)
	require.EqualValues(t, 8, rates[1].SourceDigits, "rates = %+v", rates)
	require.EqualValues(t, 4, rates[1].TargetDigits, "rates = %+v", rates)
	_, err = c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"DOGE": "EUR"}})
	wantAPICode(t, err, mm.CodeFS540017)

	// The spec's example sends rate as a number; it keeps its digits.
	ex := envelopeServer(t, `[{"targetCurrency":"USDT","rate":16755.38,"formulaSymbol":"multiply","targetDigits":4,"sourceCurrency":"BTC","class":"com.cats.fund.api.dto.ExchangeRateConvertDto","sourceDigits":"8"}]`)
	rates, err = ex.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT"}})
	require.NoError(t, err, "example rates = %+v, %v", rates, err)
	require.EqualValues(t, "16755.38", rates[0].Rate.String(), "example rates = %+v, %v", rates, err)
	require.EqualValues(t, 8, rates[0].SourceDigits, "example rates = %+v, %v", rates, err)
}

func TestTransferLocks(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	no := register(t, c, "7700900200", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	target := func(d mm.TransferDirection) *mm.TransferLockParams {
		return &mm.TransferLockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: d}
	}
	locked := func(d mm.TransferDirection) bool {
		t.Helper()
		ok, err := c.Funds.IsTransferLocked(ctx, target(d))
		require.NoError(t, err)
		return ok
	}
	require.False(t, locked(mm.TransferIn), "locked before locking")
	require.False(t, locked(mm.TransferInOut), "locked before locking")
	err := c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn})
	require.NoError(t, err)
	require.True(t, locked(mm.TransferIn), "lock in: wrong state")
	require.False(t, locked(mm.TransferOut), "lock in: wrong state")
	require.False(t, locked(mm.TransferInOut), "lock in: wrong state")
	require.True(t, srv.TransferLocked(no, 5, 1), "lock in: wrong state")
	err = c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferOut,
		Duration: time.Hour})
	require.NoError(t, err)
	all, err := c.Funds.ListTransferLocks(ctx, &mm.TransferLockListParams{CustomerNo: no, TradeType: mm.TradeTypeSpot})
	require.NoError(t, err)
	want := []mm.TransferLock{{Direction: mm.TransferIn, Locked: true}, {Direction: mm.TransferOut, Locked: true}, {Direction: mm.TransferInOut, Locked: true}}
	require.Len(t, all, 3, "locks = %+v", all)
	require.EqualValues(t, want[0], all[0], "locks = %+v", all)
	require.EqualValues(t, want[1], all[1], "locks = %+v", all)
	require.EqualValues(t, want[2], all[2], "locks = %+v", all)
	err = c.Funds.UnlockTransfers(ctx, target(mm.TransferInOut))
	require.NoError(t, err)
	require.False(t, locked(mm.TransferIn), "still locked after unlocking both")
	require.False(t, locked(mm.TransferOut), "still locked after unlocking both")
	// A lock with an end is in force until then.
	err = c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferInOut,
		Until: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	require.True(t, locked(mm.TransferInOut), "lock until: not locked")
	// Refusals: a customer without an account of that trading mode.
	err = c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Direction: mm.TransferIn})
	wantAPICode(t, err, mm.CodeFS404)
	require.EqualValues(t, 3, srv.Acted(opLock), "acted %d locks, want 3", srv.Acted(opLock))

	// The spec's example of the batch query: type as a number.
	ex := envelopeServer(t, `[{"lockStatus":false,"type":1,"class":"x"},{"lockStatus":"true","type":"2"},{"lockStatus":false,"type":3}]`)
	all, err = ex.Funds.ListTransferLocks(ctx, &mm.TransferLockListParams{CustomerNo: "86000020", TradeType: 5})
	require.NoError(t, err, "example locks = %+v, %v", all, err)
	require.Len(t, all, 3, "example locks = %+v, %v", all, err)
	require.EqualValues(t, (mm.TransferLock{Direction: mm.TransferOut, Locked: true}), all[1], "example locks = %+v, %v", all, err)
	got, err := envelopeServer(t, "false").Funds.IsTransferLocked(ctx, target(mm.TransferIn))
	require.False(t, got, "example single lock = %v, %v", got, err)
	require.EqualValues(t, nil, err, "example single lock = %v, %v", got, err)
}

func TestTransferLockExpires(t *testing.T) {
	t.Parallel()
	var skew atomic.Int64
	srv, c := newFake(t, []mmtest.Option{mmtest.WithClock(func() time.Time { return time.Now().Add(time.Duration(skew.Load())) })})
	ctx := context.Background()
	no := srv.SeedCustomers(1)
	err := c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: 1, Direction: mm.TransferOut, Duration: time.Minute})
	require.NoError(t, err)
	require.True(t, srv.TransferLocked(no, 1, 2), "not locked")
	skew.Store(int64(2 * time.Minute)) // within the fake's 5-minute timestamp window
	ok, err := c.Funds.IsTransferLocked(ctx, &mm.TransferLockParams{CustomerNo: no, TradeType: 1, Direction: mm.TransferOut})
	require.False(t, ok, "after the lock's end: %v, %v", ok, err)
	require.EqualValues(t, nil, err, "after the lock's end: %v, %v", ok, err)
}

func TestBonusChangesBalance(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	no := register(t, c, "7700900300", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	balance := func() string {
		t.Helper()
		accts, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeSpot})
		require.NoError(t, err)
		return accts[0].Balance.String()
	}
	bonus := func(op func(context.Context, *mm.BonusParams, ...mm.RequestOption) (*mm.BonusResult, error), id, amount string) (*mm.BonusResult, error) {
		return op(ctx, &mm.BonusParams{CustomerNo: no, ActivityID: id, Currency: "USDT", Amount: mm.MustDecimal(amount)})
	}
	r, err := bonus(c.Bonuses.Issue, "act-1", "58.125")
	require.NoError(t, err, "issue = %+v, %v", r, err)
	require.True(t, r.Done, "issue = %+v, %v", r, err)
	require.EqualValues(t, "58.125000", r.Amount.String(), "issue = %+v, %v", r, err)
	got := balance()
	require.EqualValues(t, "58.125000", got, "balance after issue = %s", got)
	// The activity ID is single-use.
	_, err = bonus(c.Bonuses.Issue, "act-1", "1")
	wantAPICode(t, err, mm.CodeFS570001)
	// Recovery takes back at most what the account holds.
	r, err = bonus(c.Bonuses.Recover, "act-2", "100")
	require.NoError(t, err, "recover = %+v, %v", r, err)
	require.EqualValues(t, "58.125000", r.Amount.String(), "recover = %+v, %v", r, err)
	got = balance()
	require.EqualValues(t, "0.000000", got, "balance after recover = %s", got)
	// Locked transfers in refuse a bonus.
	err = c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn})
	require.NoError(t, err)
	_, err = bonus(c.Bonuses.Issue, "act-3", "5")
	wantAPICode(t, err, mm.CodeFS570005)
	require.EqualValues(t, 2, srv.Acted(opBonus), "acted %d bonuses, want 2", srv.Acted(opBonus))
	// A lost answer of a write is an unknown outcome and is not resent.
	srv.InjectFault(opBonus, mmtest.DropAfterActing())
	_, err = c.Bonuses.Recover(ctx, &mm.BonusParams{CustomerNo: no, ActivityID: "act-4", Currency: "USDT", Amount: mm.MustDecimal("1")})
	require.ErrorIs(t, err, mm.ErrUnknownOutcome, "lost answer: %v after %d requests", err, srv.Requests(opBonus))
	require.EqualValues(t, 5, srv.Requests(opBonus), "lost answer: %v after %d requests", err, srv.Requests(opBonus))
}

func TestAdjustmentChangesBalance(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	no := register(t, c, "7700900400")
	accts, err := c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract})
	require.NoError(t, err, "accounts = %+v, %v", accts, err)
	require.Len(t, accts, 1, "accounts = %+v, %v", accts, err)
	rc, err := c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT",
		Amount: mm.MustDecimal("5"), AccountID: accts[0].AccountID, Remark: "welcome bonus"})
	require.NoError(t, err, "adjust = %+v, %v", rc, err)
	require.NotEqualValues(t, "", rc.ProposalNo, "adjust = %+v, %v", rc, err)
	require.NotEqualValues(t, "", rc.Trace, "adjust = %+v, %v", rc, err)
	_, err = c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT",
		Amount: mm.MustDecimal("-1.25")})
	require.NoError(t, err)
	got, _ := srv.Balance(no, 1, "USDT")
	require.EqualValues(t, "3.750000", got, "fake balance = %s, want 3.750000", got)
	accts, _ = c.Customers.ListAccounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract})
	require.EqualValues(t, 0, accts[0].Balance.Cmp(mm.MustDecimal("3.75")), "balance = %s", accts[0].Balance)
	a, err := c.Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: rc.ProposalNo})
	require.NoError(t, err)
	require.EqualValues(t, rc.ProposalNo, a.ProposalNo, "adjustment = %+v", a)
	require.EqualValues(t, no, a.CustomerNo, "adjustment = %+v", a)
	require.EqualValues(t, accts[0].AccountID, a.AccountID, "adjustment = %+v", a)
	require.EqualValues(t, "5.000000", a.Amount.String(), "adjustment = %+v", a)
	require.EqualValues(t, mm.AdjustmentBonus, a.BusinessType, "adjustment = %+v", a)
	require.EqualValues(t, mm.ReviewApproved, a.CheckStatus, "adjustment = %+v", a)
	require.EqualValues(t, mm.RecordEnabled, a.Status, "adjustment = %+v", a)
	require.True(t, a.Withdrawable, "adjustment = %+v", a)
	require.EqualValues(t, "welcome bonus", a.Remark, "adjustment = %+v", a)
	require.False(t, a.CreatedAt.IsZero(), "adjustment = %+v", a)
	// Refusals: a rebate larger than the balance, an unknown proposal, an
	// account of another trading mode.
	_, err = c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT", Amount: mm.MustDecimal("-4")})
	wantAPICode(t, err, mm.CodeFS52001)
	_, err = c.Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: "AP0"})
	wantAPICode(t, err, mm.CodeFS404)
	require.ErrorIs(t, err, mm.ErrNotFound, "unknown proposal does not match ErrNotFound")
	_, err = c.Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Currency: "USDT", Amount: mm.MustDecimal("1"), AccountID: accts[0].AccountID})
	wantAPICode(t, err, mm.CodeFS520010)

	// The spec's examples: data true for the proposal number, data false
	// for the proposal.
	rc, err = envelopeServer(t, "true").Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("5")})
	require.NoError(t, err, "example adjust = %+v, %v", rc, err)
	require.EqualValues(t, "", rc.ProposalNo, "example adjust = %+v, %v", rc, err)
	rc, err = envelopeServer(t, "20240000001").Funds.AdjustBalance(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("5")})
	require.NoError(t, err, "numeric proposal = %+v, %v", rc, err)
	require.EqualValues(t, "20240000001", rc.ProposalNo, "numeric proposal = %+v, %v", rc, err)
	_, err = envelopeServer(t, "false").Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: "x"})
	require.ErrorIs(t, err, mm.ErrNotFound, "data false: %v", err)
	require.ErrorIs(t, err, mm.ErrBadResponse, "data false: %v", err)
	a, err = envelopeServer(t, `{"id":"9","proposalNo":123,"customerId":"189","accountId":"1003496","tradeType":"1","amount":"-2.5","withdraw":"true","checkStatus":"1","businessType":4}`).
		Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{ProposalNo: "123"})
	require.NoError(t, err, "string-typed proposal = %+v, %v", a, err)
	require.EqualValues(t, 9, a.ID, "string-typed proposal = %+v, %v", a, err)
	require.EqualValues(t, "123", a.ProposalNo, "string-typed proposal = %+v, %v", a, err)
	require.EqualValues(t, 1003496, a.AccountID, "string-typed proposal = %+v, %v", a, err)
	require.EqualValues(t, "-2.5", a.Amount.String(), "string-typed proposal = %+v, %v", a, err)
	require.EqualValues(t, mm.ReviewPending, a.CheckStatus, "string-typed proposal = %+v, %v", a, err)
	require.True(t, a.Withdrawable, "string-typed proposal = %+v, %v", a, err)
}

func TestFundValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, nil)
	ctx := context.Background()
	pairs51 := map[string]string{}
	for i := 0; i < 51; i++ {
		pairs51["C"+strconv.Itoa(i)] = "USDT"
	}
	okBonus := func(mut func(*mm.BonusParams)) error {
		p := mm.BonusParams{CustomerNo: "86000020", ActivityID: "a", Currency: "USDT", Amount: mm.MustDecimal("1")}
		mut(&p)
		_, err := c.Bonuses.Issue(ctx, &p)
		return err
	}
	okAdjust := func(mut func(*mm.AdjustmentParams)) error {
		p := mm.AdjustmentParams{CustomerNo: "86000020", TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("1")}
		mut(&p)
		_, err := c.Funds.AdjustBalance(ctx, &p)
		return err
	}
	tests := []struct {
		name, op, field, rule string
		call                  func() error
	}{
		{"rates nil", opRates, "ExchangeRateParams", "required", func() error { _, err := c.Funds.ListExchangeRates(ctx, nil); return err }},
		{"rates none", opRates, "ExchangeRateParams.Pairs", "1 to 50", func() error { _, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{}); return err }},
		{"rates 51", opRates, "ExchangeRateParams.Pairs", "1 to 50", func() error {
			_, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: pairs51})
			return err
		}},
		{"rates code", opRates, "ExchangeRateParams.Pairs", "currency codes", func() error {
			_, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "US DT"}})
			return err
		}},
		{"rates type", opRates, "ExchangeRateParams.Type", "RateDeposit", func() error {
			_, err := c.Funds.ListExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT"}, Type: 3})
			return err
		}},
		{"lock nil", opLock, "LockTransfersParams", "required", func() error { return c.Funds.LockTransfers(ctx, nil) }},
		{"lock customer", opLock, "LockTransfersParams.CustomerNo", "required", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{TradeType: 5, Direction: mm.TransferIn})
		}},
		{"lock trade type", opLock, "LockTransfersParams.TradeType", "> 0", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86000020", Direction: mm.TransferIn})
		}},
		{"lock direction", opLock, "LockTransfersParams.Direction", "TransferIn", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86000020", TradeType: 5, Direction: 4})
		}},
		{"lock duration", opLock, "LockTransfersParams.Duration", "whole seconds", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86000020", TradeType: 5, Direction: 1, Duration: 1500 * time.Millisecond})
		}},
		{"lock until", opLock, "LockTransfersParams.Until", "after 1970", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockTransfersParams{CustomerNo: "86000020", TradeType: 5, Direction: 1, Until: time.Unix(-5, 0)})
		}},
		{"unlock nil", opUnlock, "TransferLockParams", "required", func() error { return c.Funds.UnlockTransfers(ctx, nil) }},
		{"unlock direction", opUnlock, "TransferLockParams.Direction", "TransferIn", func() error {
			return c.Funds.UnlockTransfers(ctx, &mm.TransferLockParams{CustomerNo: "86000020", TradeType: 5})
		}},
		{"locked customer", opLockOne, "TransferLockParams.CustomerNo", "digits", func() error {
			_, err := c.Funds.IsTransferLocked(ctx, &mm.TransferLockParams{CustomerNo: "abc", TradeType: 5, Direction: 1})
			return err
		}},
		{"locks trade type", opLockAll, "TransferLockListParams.TradeType", "> 0", func() error {
			_, err := c.Funds.ListTransferLocks(ctx, &mm.TransferLockListParams{CustomerNo: "86000020"})
			return err
		}},
		{"bonus nil", opBonus, "BonusParams", "required", func() error { _, err := c.Bonuses.Issue(ctx, nil); return err }},
		{"bonus customer", opBonus, "BonusParams.CustomerNo", "required", func() error { return okBonus(func(p *mm.BonusParams) { p.CustomerNo = "" }) }},
		{"bonus activity", opBonus, "BonusParams.ActivityID", "required", func() error { return okBonus(func(p *mm.BonusParams) { p.ActivityID = "" }) }},
		{"bonus activity customer", opBonus, "BonusParams.ActivityCustomerNo", "digits", func() error {
			return okBonus(func(p *mm.BonusParams) { p.ActivityCustomerNo = "x1" })
		}},
		{"bonus currency", opBonus, "BonusParams.Currency", "currency", func() error { return okBonus(func(p *mm.BonusParams) { p.Currency = "" }) }},
		{"bonus zero", opBonus, "BonusParams.Amount", "> 0", func() error { return okBonus(func(p *mm.BonusParams) { p.Amount = mm.Decimal{} }) }},
		{"bonus negative", opBonus, "BonusParams.Amount", "> 0", func() error { return okBonus(func(p *mm.BonusParams) { p.Amount = mm.MustDecimal("-1") }) }},
		{"bonus trade type", opBonus, "BonusParams.TradeType", "only TradeTypeSpot", func() error {
			return okBonus(func(p *mm.BonusParams) { p.TradeType = mm.TradeTypeCrossContract })
		}},
		{"bonus account", opBonus, "BonusParams.AccountID", ">= 0", func() error { return okBonus(func(p *mm.BonusParams) { p.AccountID = -1 }) }},
		{"adjust nil", opAdjust, "AdjustmentParams", "required", func() error { _, err := c.Funds.AdjustBalance(ctx, nil); return err }},
		{"adjust customer", opAdjust, "AdjustmentParams.CustomerNo", "required", func() error {
			return okAdjust(func(p *mm.AdjustmentParams) { p.CustomerNo = "" })
		}},
		{"adjust trade type", opAdjust, "AdjustmentParams.TradeType", "> 0", func() error { return okAdjust(func(p *mm.AdjustmentParams) { p.TradeType = 0 }) }},
		{"adjust currency", opAdjust, "AdjustmentParams.Currency", "currency", func() error {
			return okAdjust(func(p *mm.AdjustmentParams) { p.Currency = "U$" })
		}},
		{"adjust zero", opAdjust, "AdjustmentParams.Amount", "not be 0", func() error {
			return okAdjust(func(p *mm.AdjustmentParams) { p.Amount = mm.MustDecimal("0.00") })
		}},
		{"adjust account", opAdjust, "AdjustmentParams.AccountID", ">= 0", func() error { return okAdjust(func(p *mm.AdjustmentParams) { p.AccountID = -3 }) }},
		{"adjust remark", opAdjust, "AdjustmentParams.Remark", "500", func() error {
			return okAdjust(func(p *mm.AdjustmentParams) { p.Remark = string(make([]rune, 501)) })
		}},
		{"adjustment nil", opAdjustment, "AdjustmentDetailParams", "required", func() error { _, err := c.Funds.GetAdjustment(ctx, nil); return err }},
		{"adjustment no", opAdjustment, "AdjustmentDetailParams.ProposalNo", "required", func() error {
			_, err := c.Funds.GetAdjustment(ctx, &mm.AdjustmentDetailParams{})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkValidation(t, srv, tc.op, tc.field, tc.rule, tc.call()) })
	}
}

func TestFundConstantsNames(t *testing.T) {
	t.Parallel()
	for v, want := range map[interface{ String() string }]string{
		mm.RateWithdrawal: "withdrawal", mm.TransferInOut: "in and out",
		mm.AdjustmentBonus: "bonus", mm.ReviewRejected: "rejected", mm.RecordDeleted: "deleted",
		mm.TransferDirection(0): "TransferDirection(0)",
	} {
		assert.EqualValues(t, want, v.String(), "%T %v: %q, want %q", v, v, v.String(), want)
	}
}
