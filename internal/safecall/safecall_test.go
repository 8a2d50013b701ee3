package safecall

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCall(t *testing.T) {
	t.Parallel()
	var nilMap map[string]int
	tests := []struct {
		name string
		f    func()
		want string // in Error()
		hide string // never in Error()
	}{
		{name: "string value", f: func() { panic("no account for +8613800001234") }, want: "value of type string", hide: "13800001234"},
		{name: "error value", f: func() { panic(errors.New("user alice@example.com")) }, want: "value of type *errors.errorString", hide: "alice"},
		{name: "runtime error", f: func() { nilMap["x"] = 1 }, want: "assignment to entry in nil map"},
		{name: "nil panic", f: func() { panic(nil) }, want: "panic called with nil argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Call(tt.f)
			require.NotNil(t, p)
			assert.Contains(t, p.Error(), tt.want)
			assert.Contains(t, p.Error(), "safecall_test.go:", "names the panicking line")
			if tt.hide != "" {
				assert.NotContains(t, p.Error(), tt.hide)
			}
		})
	}
	assert.Nil(t, Call(func() {}))
}
