package multimarkets_test

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

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
	_, c := fakeAndClient(t)
	ctx := context.Background()
	rates, err := c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT", "BNB": "USDT"}, Type: mm.RateDeposit})
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 2 || rates[0].SourceCurrency != "BNB" || rates[1].SourceCurrency != "BTC" ||
		rates[1].Rate.String() != "16755.38" || rates[1].Formula != mm.RateMultiply || rates[1].SourceDigits != 8 || rates[1].TargetDigits != 4 {
		t.Fatalf("rates = %+v", rates)
	}
	_, err = c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"DOGE": "EUR"}})
	wantAPICode(t, err, mm.CodeFS540017)

	// The spec's example sends rate as a number; it keeps its digits.
	ex := envelopeServer(t, `[{"targetCurrency":"USDT","rate":16755.38,"formulaSymbol":"multiply","targetDigits":4,"sourceCurrency":"BTC","class":"com.cats.fund.api.dto.ExchangeRateConvertDto","sourceDigits":"8"}]`)
	rates, err = ex.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT"}})
	if err != nil || rates[0].Rate.String() != "16755.38" || rates[0].SourceDigits != 8 {
		t.Fatalf("example rates = %+v, %v", rates, err)
	}
}

func TestTransferLocks(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	no := register(t, c, "7700900200", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	target := func(d mm.TransferDirection) *mm.LockTarget {
		return &mm.LockTarget{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: d}
	}
	locked := func(d mm.TransferDirection) bool {
		t.Helper()
		ok, err := c.Funds.TransferLocked(ctx, target(d))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if locked(mm.TransferIn) || locked(mm.TransferInOut) {
		t.Fatal("locked before locking")
	}
	if err := c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn}); err != nil {
		t.Fatal(err)
	}
	if !locked(mm.TransferIn) || locked(mm.TransferOut) || locked(mm.TransferInOut) || !srv.TransferLocked(no, 5, 1) {
		t.Fatal("lock in: wrong state")
	}
	if err := c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferOut,
		Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	all, err := c.Funds.TransferLocks(ctx, &mm.LockQuery{CustomerNo: no, TradeType: mm.TradeTypeSpot})
	if err != nil {
		t.Fatal(err)
	}
	want := []mm.TransferLock{{Direction: mm.TransferIn, Locked: true}, {Direction: mm.TransferOut, Locked: true}, {Direction: mm.TransferInOut, Locked: true}}
	if len(all) != 3 || all[0] != want[0] || all[1] != want[1] || all[2] != want[2] {
		t.Fatalf("locks = %+v", all)
	}
	if err := c.Funds.UnlockTransfers(ctx, target(mm.TransferInOut)); err != nil {
		t.Fatal(err)
	}
	if locked(mm.TransferIn) || locked(mm.TransferOut) {
		t.Fatal("still locked after unlocking both")
	}
	// A lock with an end is in force until then.
	if err := c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferInOut,
		Until: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if !locked(mm.TransferInOut) {
		t.Fatal("lock until: not locked")
	}
	// Refusals: a customer without an account of that trading mode.
	err = c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Direction: mm.TransferIn})
	wantAPICode(t, err, mm.CodeFS404)
	if srv.Acted(opLock) != 3 {
		t.Fatalf("acted %d locks, want 3", srv.Acted(opLock))
	}

	// The spec's example of the batch query: type as a number.
	ex := envelopeServer(t, `[{"lockStatus":false,"type":1,"class":"x"},{"lockStatus":"true","type":"2"},{"lockStatus":false,"type":3}]`)
	all, err = ex.Funds.TransferLocks(ctx, &mm.LockQuery{CustomerNo: "86000020", TradeType: 5})
	if err != nil || len(all) != 3 || all[1] != (mm.TransferLock{Direction: mm.TransferOut, Locked: true}) {
		t.Fatalf("example locks = %+v, %v", all, err)
	}
	if got, err := envelopeServer(t, "false").Funds.TransferLocked(ctx, target(mm.TransferIn)); got || err != nil {
		t.Fatalf("example single lock = %v, %v", got, err)
	}
}

func TestTransferLockExpires(t *testing.T) {
	var skew atomic.Int64
	srv, c := fakeAndClient(t, mmtest.WithClock(func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }))
	ctx := context.Background()
	no := srv.SeedCustomers(1)
	if err := c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: 1, Direction: mm.TransferOut, Duration: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if !srv.TransferLocked(no, 1, 2) {
		t.Fatal("not locked")
	}
	skew.Store(int64(2 * time.Minute)) // within the fake's 5-minute timestamp window
	if ok, err := c.Funds.TransferLocked(ctx, &mm.LockTarget{CustomerNo: no, TradeType: 1, Direction: mm.TransferOut}); ok || err != nil {
		t.Fatalf("after the lock's end: %v, %v", ok, err)
	}
}

func TestBonusChangesBalance(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	no := register(t, c, "7700900300", mm.TradeTypeCurrency{TradeType: mm.TradeTypeSpot, Currency: "USDT"})
	balance := func() string {
		t.Helper()
		accts, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeSpot})
		if err != nil {
			t.Fatal(err)
		}
		return accts[0].Balance.String()
	}
	bonus := func(op mm.BonusOperation, id, amount string) (*mm.BonusResult, error) {
		return c.Bonuses.Operate(ctx, &mm.BonusParams{Operation: op, CustomerNo: no, ActivityID: id, Currency: "USDT", Amount: mm.MustDecimal(amount)})
	}
	r, err := bonus(mm.BonusIssue, "act-1", "58.125")
	if err != nil || !r.Done || r.Amount.String() != "58.125000" {
		t.Fatalf("issue = %+v, %v", r, err)
	}
	if got := balance(); got != "58.125000" {
		t.Fatalf("balance after issue = %s", got)
	}
	// The activity ID is single-use.
	_, err = bonus(mm.BonusIssue, "act-1", "1")
	wantAPICode(t, err, mm.CodeFS570001)
	// Recovery takes back at most what the account holds.
	r, err = bonus(mm.BonusRecover, "act-2", "100")
	if err != nil || r.Amount.String() != "58.125000" {
		t.Fatalf("recover = %+v, %v", r, err)
	}
	if got := balance(); got != "0.000000" {
		t.Fatalf("balance after recover = %s", got)
	}
	// Locked transfers in refuse a bonus.
	if err := c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Direction: mm.TransferIn}); err != nil {
		t.Fatal(err)
	}
	_, err = bonus(mm.BonusIssue, "act-3", "5")
	wantAPICode(t, err, mm.CodeFS570005)
	if srv.Acted(opBonus) != 2 {
		t.Fatalf("acted %d bonuses, want 2", srv.Acted(opBonus))
	}
	// A lost answer of a write is an unknown outcome and is not resent.
	srv.InjectFault(opBonus, mmtest.DropAfterActing())
	_, err = c.Bonuses.Operate(ctx, &mm.BonusParams{Operation: mm.BonusRecover, CustomerNo: no, ActivityID: "act-4", Currency: "USDT", Amount: mm.MustDecimal("1")})
	if !errors.Is(err, mm.ErrUnknownOutcome) || srv.Requests(opBonus) != 5 {
		t.Fatalf("lost answer: %v after %d requests", err, srv.Requests(opBonus))
	}
}

func TestAdjustmentChangesBalance(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	no := register(t, c, "7700900400")
	accts, err := c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract})
	if err != nil || len(accts) != 1 {
		t.Fatalf("accounts = %+v, %v", accts, err)
	}
	rc, err := c.Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT",
		Amount: mm.MustDecimal("5"), AccountID: accts[0].AccountID, Remark: "welcome bonus"})
	if err != nil || rc.ProposalNo == "" || rc.Trace == "" {
		t.Fatalf("adjust = %+v, %v", rc, err)
	}
	if _, err := c.Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT",
		Amount: mm.MustDecimal("-1.25")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := srv.Balance(no, 1, "USDT"); got != "3.750000" {
		t.Fatalf("fake balance = %s, want 3.750000", got)
	}
	accts, _ = c.Customers.Accounts(ctx, &mm.AccountListParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract})
	if accts[0].Balance.Cmp(mm.MustDecimal("3.75")) != 0 {
		t.Fatalf("balance = %s", accts[0].Balance)
	}
	a, err := c.Bonuses.Adjustment(ctx, &mm.AdjustmentQuery{ProposalNo: rc.ProposalNo})
	if err != nil {
		t.Fatal(err)
	}
	if a.ProposalNo != rc.ProposalNo || a.CustomerNo != no || a.AccountID != accts[0].AccountID || a.Amount.String() != "5.000000" ||
		a.BusinessType != mm.AdjustmentBonus || a.CheckStatus != mm.ReviewApproved || a.Status != mm.RecordEnabled ||
		!a.Withdrawable || a.Remark != "welcome bonus" || a.CreatedAt.IsZero() {
		t.Fatalf("adjustment = %+v", a)
	}
	// Refusals: a rebate larger than the balance, an unknown proposal, an
	// account of another trading mode.
	_, err = c.Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeCrossContract, Currency: "USDT", Amount: mm.MustDecimal("-4")})
	wantAPICode(t, err, mm.CodeFS52001)
	_, err = c.Bonuses.Adjustment(ctx, &mm.AdjustmentQuery{ProposalNo: "AP0"})
	wantAPICode(t, err, mm.CodeFS404)
	if !errors.Is(err, mm.ErrNotFound) {
		t.Fatal("unknown proposal does not match ErrNotFound")
	}
	_, err = c.Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: mm.TradeTypeSpot, Currency: "USDT", Amount: mm.MustDecimal("1"), AccountID: accts[0].AccountID})
	wantAPICode(t, err, mm.CodeFS520010)

	// The spec's examples: data true for the proposal number, data false
	// for the proposal.
	rc, err = envelopeServer(t, "true").Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("5")})
	if err != nil || rc.ProposalNo != "" {
		t.Fatalf("example adjust = %+v, %v", rc, err)
	}
	rc, err = envelopeServer(t, "20240000001").Bonuses.Adjust(ctx, &mm.AdjustmentParams{CustomerNo: no, TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("5")})
	if err != nil || rc.ProposalNo != "20240000001" {
		t.Fatalf("numeric proposal = %+v, %v", rc, err)
	}
	_, err = envelopeServer(t, "false").Bonuses.Adjustment(ctx, &mm.AdjustmentQuery{ProposalNo: "x"})
	if !errors.Is(err, mm.ErrNotFound) || !errors.Is(err, mm.ErrBadResponse) {
		t.Fatalf("data false: %v", err)
	}
	a, err = envelopeServer(t, `{"id":"9","proposalNo":123,"customerId":"189","accountId":"1003496","tradeType":"1","amount":"-2.5","withdraw":"true","checkStatus":"1","businessType":4}`).
		Bonuses.Adjustment(ctx, &mm.AdjustmentQuery{ProposalNo: "123"})
	if err != nil || a.ID != 9 || a.ProposalNo != "123" || a.AccountID != 1003496 || a.Amount.String() != "-2.5" ||
		a.CheckStatus != mm.ReviewPending || !a.Withdrawable {
		t.Fatalf("string-typed proposal = %+v, %v", a, err)
	}
}

func TestFundValidation(t *testing.T) {
	srv, c := fakeAndClient(t)
	ctx := context.Background()
	pairs51 := map[string]string{}
	for i := 0; i < 51; i++ {
		pairs51["C"+strconv.Itoa(i)] = "USDT"
	}
	okBonus := func(mut func(*mm.BonusParams)) error {
		p := mm.BonusParams{Operation: mm.BonusIssue, CustomerNo: "86000020", ActivityID: "a", Currency: "USDT", Amount: mm.MustDecimal("1")}
		mut(&p)
		_, err := c.Bonuses.Operate(ctx, &p)
		return err
	}
	okAdjust := func(mut func(*mm.AdjustmentParams)) error {
		p := mm.AdjustmentParams{CustomerNo: "86000020", TradeType: 1, Currency: "USDT", Amount: mm.MustDecimal("1")}
		mut(&p)
		_, err := c.Bonuses.Adjust(ctx, &p)
		return err
	}
	tests := []struct {
		name, op, field, rule string
		call                  func() error
	}{
		{"rates nil", opRates, "ExchangeRateParams", "required", func() error { _, err := c.Funds.ExchangeRates(ctx, nil); return err }},
		{"rates none", opRates, "ExchangeRateParams.Pairs", "1 to 50", func() error { _, err := c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{}); return err }},
		{"rates 51", opRates, "ExchangeRateParams.Pairs", "1 to 50", func() error {
			_, err := c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: pairs51})
			return err
		}},
		{"rates code", opRates, "ExchangeRateParams.Pairs", "currency codes", func() error {
			_, err := c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "US DT"}})
			return err
		}},
		{"rates type", opRates, "ExchangeRateParams.Type", "RateDeposit", func() error {
			_, err := c.Funds.ExchangeRates(ctx, &mm.ExchangeRateParams{Pairs: map[string]string{"BTC": "USDT"}, Type: 3})
			return err
		}},
		{"lock nil", opLock, "LockParams", "required", func() error { return c.Funds.LockTransfers(ctx, nil) }},
		{"lock customer", opLock, "LockParams.CustomerNo", "required", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockParams{TradeType: 5, Direction: mm.TransferIn})
		}},
		{"lock trade type", opLock, "LockParams.TradeType", "> 0", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: "86000020", Direction: mm.TransferIn})
		}},
		{"lock direction", opLock, "LockParams.Direction", "TransferIn", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: "86000020", TradeType: 5, Direction: 4})
		}},
		{"lock duration", opLock, "LockParams.Duration", "whole seconds", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: "86000020", TradeType: 5, Direction: 1, Duration: 1500 * time.Millisecond})
		}},
		{"lock until", opLock, "LockParams.Until", "after 1970", func() error {
			return c.Funds.LockTransfers(ctx, &mm.LockParams{CustomerNo: "86000020", TradeType: 5, Direction: 1, Until: time.Unix(-5, 0)})
		}},
		{"unlock nil", opUnlock, "LockTarget", "required", func() error { return c.Funds.UnlockTransfers(ctx, nil) }},
		{"unlock direction", opUnlock, "LockTarget.Direction", "TransferIn", func() error {
			return c.Funds.UnlockTransfers(ctx, &mm.LockTarget{CustomerNo: "86000020", TradeType: 5})
		}},
		{"locked customer", opLockOne, "LockTarget.CustomerNo", "digits", func() error {
			_, err := c.Funds.TransferLocked(ctx, &mm.LockTarget{CustomerNo: "abc", TradeType: 5, Direction: 1})
			return err
		}},
		{"locks trade type", opLockAll, "LockQuery.TradeType", "> 0", func() error {
			_, err := c.Funds.TransferLocks(ctx, &mm.LockQuery{CustomerNo: "86000020"})
			return err
		}},
		{"bonus nil", opBonus, "BonusParams", "required", func() error { _, err := c.Bonuses.Operate(ctx, nil); return err }},
		{"bonus operation", opBonus, "BonusParams.Operation", "BonusIssue", func() error { return okBonus(func(p *mm.BonusParams) { p.Operation = 52 }) }},
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
		{"adjust nil", opAdjust, "AdjustmentParams", "required", func() error { _, err := c.Bonuses.Adjust(ctx, nil); return err }},
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
		{"adjustment nil", opAdjustment, "AdjustmentQuery", "required", func() error { _, err := c.Bonuses.Adjustment(ctx, nil); return err }},
		{"adjustment no", opAdjustment, "AdjustmentQuery.ProposalNo", "required", func() error {
			_, err := c.Bonuses.Adjustment(ctx, &mm.AdjustmentQuery{})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkValidation(t, srv, tc.op, tc.field, tc.rule, tc.call()) })
	}
}

func TestFundConstantsNames(t *testing.T) {
	for v, want := range map[interface{ String() string }]string{
		mm.RateWithdrawal: "withdrawal", mm.TransferInOut: "in and out", mm.BonusRecover: "recover",
		mm.AdjustmentBonus: "bonus", mm.ReviewRejected: "rejected", mm.RecordDeleted: "deleted",
		mm.TransferDirection(0): "TransferDirection(0)", mm.BonusOperation(52): "BonusOperation(52)",
	} {
		if v.String() != want {
			t.Errorf("%T %v: %q, want %q", v, v, v.String(), want)
		}
	}
}
