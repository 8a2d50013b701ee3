package mmtest

import (
	"math/big"
	"strconv"

	"github.com/multimarkets-sdk/multimarkets-go/push/pushtest"
)

// publishRegistration emits register and open_account for a new customer,
// as the real server pushes them. The caller holds the state's lock.
func (s *Server) publishRegistration(c *Customer) {
	for i, a := range c.Accounts {
		r := pushtest.Registration{
			CompanyID: s.companyIDNumber(), CustomerID: c.ID, CustomerNo: c.CustomerNo, CustomerGroupID: c.GroupID,
			Country: c.Country, Phone: c.Phone, PhoneArea: c.PhoneArea, Email: c.Email, EmailArea: c.EmailArea,
			RegisterSource: c.Source, AccountID: a.ID, CurrencyCode: a.Currency, TradeType: a.TradeType, Time: c.CreatedAt,
		}
		if i == 0 {
			_ = s.push.PublishRegistration(r) // register + open_account
			continue
		}
		_ = s.push.Publish("open_account", pushtest.OpenAccountData(r))
	}
}

// publishAdjustment emits subject_update and subject_water_insert for a
// balance change of an account. The caller holds the state's lock.
func (s *Server) publishAdjustment(c *Customer, a *Account, currency string, amount, balance *big.Rat) {
	s.pushSeq++
	_ = s.push.PublishAdjustment(pushtest.Adjustment{
		CompanyID: s.companyIDNumber(), CustomerID: c.ID, CustomerNo: c.CustomerNo, AccountID: a.ID,
		SubjectID: a.ID, WaterID: s.pushSeq, CurrencyCode: currency, TradeType: a.TradeType,
		Amount: ratString(amount), BalanceAfter: ratString(balance), Version: s.pushSeq, Time: s.clock(),
		Remark: "mmtest adjustment " + strconv.FormatInt(s.pushSeq, 10),
	})
}
