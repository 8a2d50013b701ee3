package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multimarkets-sdk/multimarkets-go/internal/pgtest"
	"github.com/multimarkets-sdk/multimarkets-go/wallet/sqlstore"
)

// unknownDriver is a database/sql driver sqlstore cannot recognise.
type unknownDriver struct{}

func (unknownDriver) Open(string) (driver.Conn, error) { return nil, errors.New("not a database") }

func init() { sql.Register("sqlstore-test-unknown", unknownDriver{}) }

// TestDialectFromDriver: New finds the dialect from the driver, refuses a
// driver it does not know unless WithDialect names one, and refuses an
// unknown dialect name.
func TestDialectFromDriver(t *testing.T) {
	t.Parallel()
	sqliteDB, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "d.db"))
	require.NoError(t, err)
	defer sqliteDB.Close()
	pgxDB, err := sql.Open("pgx", "postgres://nobody@127.0.0.1:1/none") // never connected
	require.NoError(t, err)
	defer pgxDB.Close()
	unknown, err := sql.Open("sqlstore-test-unknown", "")
	require.NoError(t, err)
	defer unknown.Close()

	for _, tc := range []struct {
		name    string
		db      *sql.DB
		opts    []sqlstore.Option
		want    sqlstore.Dialect
		wantErr string
	}{
		{"sqlite detected", sqliteDB, nil, sqlstore.SQLite, ""},
		{"pgx detected", pgxDB, nil, sqlstore.PostgreSQL, ""},
		{"explicit wins", pgxDB, []sqlstore.Option{sqlstore.WithDialect(sqlstore.MySQL)}, sqlstore.MySQL, ""},
		{"unknown driver refused", unknown, nil, "", "pass WithDialect"},
		{"unknown driver named", unknown, []sqlstore.Option{sqlstore.WithDialect(sqlstore.PostgreSQL)}, sqlstore.PostgreSQL, ""},
		{"unknown dialect", sqliteDB, []sqlstore.Option{sqlstore.WithDialect("oracle")}, "", "unknown dialect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlstore.New(tc.db, tc.opts...)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, s.Dialect())
		})
	}
}

// TestWrongDialectOnPostgresFailsAtMigrate: a PostgreSQL database with the SQLite
// dialect (? placeholders) fails at Migrate, not on the first webhook; the
// detected dialect works end to end.
func TestWrongDialectOnPostgresFailsAtMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.Open(t)

	wrong, err := sqlstore.New(db, sqlstore.WithDialect(sqlstore.SQLite))
	require.NoError(t, err)
	require.ErrorContains(t, wrong.Migrate(ctx), "does not accept the sqlite dialect")

	mysql, err := sqlstore.New(db, sqlstore.WithDialect(sqlstore.MySQL), sqlstore.WithTable("as_mysql"))
	require.NoError(t, err)
	require.Error(t, mysql.Migrate(ctx), "MySQL's ? placeholders on PostgreSQL")

	s, err := sqlstore.New(db) // detected: PostgreSQL
	require.NoError(t, err)
	require.NoError(t, s.Migrate(ctx))
	testStoreContractOn(t, s)
}

// TestPostgresDialectOnSQLiteFailsAtMigrate: naming PostgreSQL for a SQLite
// database fails at Migrate.
func TestPostgresDialectOnSQLiteFailsAtMigrate(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "p.db"))
	require.NoError(t, err)
	defer db.Close()
	s, err := sqlstore.New(db, sqlstore.WithDialect(sqlstore.PostgreSQL))
	require.NoError(t, err)
	require.ErrorContains(t, s.Migrate(context.Background()), "does not accept the postgres dialect")
}

// TestConcurrentMigrateOnPostgres: processes starting together all migrate
// (concurrent CREATE TABLE IF NOT EXISTS alone can fail on PostgreSQL).
func TestConcurrentMigrateOnPostgres(t *testing.T) {
	t.Parallel()
	u := pgtest.Schema(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := sql.Open("pgx", u)
			if !assert.NoError(t, err) {
				return
			}
			defer db.Close()
			s, err := sqlstore.New(db)
			if assert.NoError(t, err) {
				assert.NoError(t, s.Migrate(context.Background()))
			}
		}()
	}
	wg.Wait()
}
