package multimarkets

import "net/http"

// OperationMarketForTest maps the path of every SDK operation to whether it
// is a market operation (sent as GET). It exists only in tests, so that the
// spec-coverage test, which needs mmtest (and through it push and wallet,
// which import this package), can live in the external test package.
func OperationMarketForTest() map[string]bool {
	m := make(map[string]bool, len(operations))
	for _, op := range operations {
		m[op.path()] = op.Market
	}
	return m
}

// DefaultTransportForTest returns a new transport configured as the one a
// client without WithHTTPClient or WithTransport uses, so that a test can
// count its connections.
func DefaultTransportForTest() *http.Transport { return defaultTransport() }

// WriteOperationsForTest lists the bizType of every operation not declared
// read-only, so that the lost-answer test covers every write by itself.
func WriteOperationsForTest() []string {
	var names []string
	for _, op := range operations {
		if op.write() {
			names = append(names, op.Name)
		}
	}
	return names
}

// OperationNamesForTest lists the bizType (for market data, the path) of
// every SDK operation, for the test that each has one service method.
func OperationNamesForTest() []string {
	names := make([]string, 0, len(operations))
	for _, op := range operations {
		names = append(names, op.Name)
	}
	return names
}
