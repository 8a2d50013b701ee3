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
	ID          int64
	CustomerNo  string
	Phone       string
	PhoneArea   string
	Email       string
	EmailArea   string
	PasswordMD5 string
	Country     string
	Source      int
	GroupID     int64
	ThirdCode   string
	Remark      string
	CreatedAt   time.Time
	Accounts    []*Account
}

// Account is a trading account opened at registration.
type Account struct {
	ID        int64
	TradeType int
	Currency  string
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
		out[i] = *c
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
	return *c, true
}

func phoneKey(area, phone string) string {
	if area == "" {
		area = "+86" // the documented default area code
	}
	return area + " " + phone
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
