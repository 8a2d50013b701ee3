package redact

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMask(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"u1", "***"},
		{"123456", "***"},
		{"86000001", "***001"},
		{"203.0.113.7", "***3.7"},
		{"用户名字长一点吧", "***一点吧"},
		{"abcdefg\xff", "***"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Mask(tt.in), tt.in)
	}
}
