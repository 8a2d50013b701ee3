package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
)

// TestOpenDB: -db picks the driver from its form, and neither errors nor the
// logged name carry the URL's password (in the user part or as a parameter).
func TestOpenDB(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, spec string
		dialect    sqlstore.Dialect
		logged     string
		wantErr    bool
	}{
		{"sqlite file", filepath.Join(t.TempDir(), "w.db"), sqlstore.SQLite, "", false},
		{"postgres url", "postgres://wallet:s3cret-pw@db.internal:5432/wallet?sslmode=disable&password=s3cret-pw", sqlstore.PostgreSQL, "postgres://db.internal:5432/wallet", false},
		{"postgresql url", "postgresql://wallet@db.internal/wallet", sqlstore.PostgreSQL, "postgres://db.internal/wallet", false},
		{"bad port", "postgres://wallet:s3cret-pw@db.internal:notaport/wallet?password=s3cret-pw", "", "", true},
		{"bad escape", "postgres://wallet:s3cret-pw%zz@db.internal/wallet", "", "", true},
		{"bad parameter", "postgres://wallet:s3cret-pw@db.internal/wallet?sslmode=s3cret-pw", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, d, name, err := openDB(tc.spec)
			if tc.wantErr {
				require.Error(t, err)
				for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
					assert.NotContains(t, fmt.Sprintf(verb, err), "s3cret", verb)
				}
				return
			}
			require.NoError(t, err)
			defer db.Close()
			assert.Equal(t, tc.dialect, d)
			if tc.logged != "" {
				assert.Equal(t, tc.logged, name)
			}
			assert.NotContains(t, name, "s3cret")
		})
	}
}
