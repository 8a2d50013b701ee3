package mmtest

import "testing"

// The readers the fake emulates print issue 12's table as Java does.
func TestNumberReadersPrintLikeJava(t *testing.T) {
	for _, tc := range []struct{ sent, double, bigDecimal string }{
		{"100.50", "100.5", "100.50"}, {"5.00", "5.0", "5.00"}, {"100.5", "100.5", "100.5"},
		{"1000.0", "1000.0", "1000.0"}, {"1E+3", "1000.0", "1E+3"}, {"0.0001", "1.0E-4", "0.0001"},
		{"12345678.9", "1.23456789E7", "12345678.9"}, {"-0.0", "-0.0", "0.0"}, {"1e-07", "1.0E-7", "1E-7"},
		{"4.9e-324", "4.9E-324", "4.9E-324"}, {"1e400", "Infinity", "1E+400"},
	} {
		if got := doubleString(tc.sent); got != tc.double {
			t.Errorf("Double reader prints %s as %s, want %s", tc.sent, got, tc.double)
		}
		if got := bigDecimalString(tc.sent); got != tc.bigDecimal {
			t.Errorf("BigDecimal reader prints %s as %s, want %s", tc.sent, got, tc.bigDecimal)
		}
	}
}
