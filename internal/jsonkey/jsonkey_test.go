package jsonkey

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"amount":                 "amount",
		"amountDigits":           "amount_digits",
		"reverseRequestUniqueNo": "reverse_request_unique_no",
		"ip":                     "ip",
		"already_snake":          "already_snake",
		"orderID":                "order_i_d", // each capital on its own; no documented key has a run
		"Trace":                  "_trace",
		"währungCode":            "währung_code",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}
