package multimarkets

// DecodeCustomerPageForTest decodes one HTTP answer of the customer list
// (envelope and data) exactly as Customers.List does after reading the
// body, for the decode benchmark in the external test package.
func DecodeCustomerPageForTest(body []byte) (*Page[Customer], error) {
	var d customerPageData
	env, err := decodeAnswer(opCustomerPage.Name, "t", 200, "application/json", body, nil, &d)
	if err != nil {
		return nil, err
	}
	if !env.decoded {
		if err := env.decodeInto(opCustomerPage, &d); err != nil {
			return nil, err
		}
	}
	return d.page(1, MaxCustomerPageSize), nil
}
