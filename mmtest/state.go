package mmtest

import (
	"strconv"
	"sync"
	"time"
)

// state is the fake's data: customers and their accounts. Every handler
// reads and changes it under mu.
type state struct {
	mu        sync.Mutex
	customers []*Customer
	byNo      map[string]*Customer
	byPhone   map[string]*Customer // area+phone
	byEmail   map[string]*Customer
	byThird   map[string]*Customer
	nextNo    int64
	nextID    int64
	groups    map[int64]bool
	companyID string
	fx        fundState // balances, locks, bonuses, proposals, messages, codes, webhooks (funds.go)
}

// Customer is a customer the fake holds, as registration created it.
type Customer struct {
	ID          int64      // numeric ID, assigned by the fake
	CustomerNo  string     // customer number, assigned in order from 86021976 (the fake's startNumber)
	Phone       string     // mobile number without area code; empty if registered by e-mail only
	PhoneArea   string     // area code as sent, e.g. "+86"; empty if none (duplicates are then checked under "+86")
	Email       string     // e-mail address; empty if registered by phone only
	EmailArea   string     // area code sent with the e-mail; may be empty
	PasswordMD5 string     // the pwd field as sent: the password's MD5, lower-case hex
	Country     string     // two-letter country code, e.g. "US"
	Source      int        // registerSource as sent, 1 to 9
	GroupID     int64      // customerGroupId, one of the fake's groups
	ThirdCode   string     // thirdServerCode; unique among the customers when not empty
	Remark      string     // registration remark; may be empty
	CreatedAt   time.Time  // registration time, by the fake's clock
	Accounts    []*Account // one per tradeTypeCurrencyList entry (default: type 1, USDT); Customers and CustomerByNo return copies
}

// Account is a trading account opened at registration.
type Account struct {
	ID        int64  // account ID, assigned by the fake
	TradeType int    // trading mode, e.g. 1 (cross contract) or 5 (spot)
	Currency  string // account currency (allCurrency), e.g. "USDT"
}

func newState(cfg config) *state {
	st := &state{
		byNo: map[string]*Customer{}, byPhone: map[string]*Customer{}, byEmail: map[string]*Customer{}, byThird: map[string]*Customer{},
		nextNo: cfg.startCustomerNo, nextID: 1000, groups: map[int64]bool{}, companyID: cfg.companyID,
	}
	for _, g := range cfg.groups {
		st.groups[g] = true
	}
	st.fx.init()
	return st
}

// Customers returns a copy of the registered customers, oldest first.
func (s *Server) Customers() []Customer {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Customer, len(s.state.customers))
	for i, c := range s.state.customers {
		out[i] = c.clone()
	}
	return out
}

// clone copies a customer and its accounts, so callers can keep it without
// racing with the fake.
func (c *Customer) clone() Customer {
	out := *c
	out.Accounts = make([]*Account, len(c.Accounts))
	for i, a := range c.Accounts {
		cp := *a
		out.Accounts[i] = &cp
	}
	return out
}

// CustomerByNo returns the customer with that number.
func (s *Server) CustomerByNo(no string) (Customer, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c, ok := s.state.byNo[no]
	if !ok {
		return Customer{}, false
	}
	return c.clone(), true
}

func phoneKey(area, phone string) string {
	if area == "" {
		area = "+86" // the documented default area code
	}
	return area + " " + phone
}

// byLogin finds a customer by login type (1 e-mail, 2 phone with its area
// code, 3 customer number), as checkCustomerExist and the client login
// identify one. ok is false for an unknown type. The caller holds mu.
func (st *state) byLogin(typ int64, name, area string) (c *Customer, ok bool) {
	switch typ {
	case 1:
		return st.byEmail[name], true
	case 2:
		return st.byPhone[phoneKey(area, name)], true
	case 3:
		return st.byNo[name], true
	}
	return nil, false
}

// add stores a new customer; the caller holds mu and has checked duplicates.
func (st *state) add(c *Customer) {
	c.ID = st.nextID
	st.nextID++
	c.CustomerNo = strconv.FormatInt(st.nextNo, 10)
	st.nextNo++
	for i := range c.Accounts {
		c.Accounts[i].ID = st.nextID
		st.nextID++
	}
	st.customers = append(st.customers, c)
	st.byNo[c.CustomerNo] = c
	if c.Phone != "" {
		st.byPhone[phoneKey(c.PhoneArea, c.Phone)] = c
	}
	if c.Email != "" {
		st.byEmail[c.Email] = c
	}
	if c.ThirdCode != "" {
		st.byThird[c.ThirdCode] = c
	}
}
