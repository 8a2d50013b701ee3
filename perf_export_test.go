package multimarkets

// DecodeCustomerPageForTest decodes one HTTP answer of the customer list
// (envelope and data) exactly as Customers.List does after reading the
// body, pooled scratch records included, for the decode benchmark in the
// external test package.
func DecodeCustomerPageForTest(body []byte) (*Page[Customer], error) {
	d := customerPageData{Records: takeCustomerWires()}
	env, err := decodeAnswer(opCustomerPage.Name, "t", 200, "application/json", body, nil, &d)
	if err != nil {
		return nil, err
	}
	if !env.decoded {
		if err := env.decodeInto(opCustomerPage, &d); err != nil {
			return nil, err
		}
	}
	pg := d.page(1, MaxCustomerPageSize)
	putCustomerWires(d.Records)
	return pg, nil
}
