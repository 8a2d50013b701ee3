package multimarkets_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	mm "github.com/multimarkets-sdk/multimarkets-go"
)

// minimalHandler answers every registration with the documented success
// envelope, so the benchmarks measure the client, not a server.
func minimalHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"msg":"Success","fail":false,"trace":"`+r.Header.Get("trace")+`","code":"0","data":"86021976","bizCode":"","tm":1,"msgParams":null,"ok":true}`)
	})
}

// BenchmarkRegister compares the SDK's registration with a hand-written
// net/http client doing the same request (same headers, same body, envelope
// decoded) against the same loopback handler in the same run. Target: the
// SDK within 1.5x the baseline's time and 2x its allocations.
func BenchmarkRegister(b *testing.B) {
	srv := httptest.NewServer(minimalHandler())
	defer srv.Close()
	base := srv.URL + "/openapi-b"

	b.Run("sdk", func(b *testing.B) {
		c, err := mm.NewClient(mm.WithBaseURL(base), mm.WithCompanyID("10086"), mm.WithToken("tok"))
		require.NoError(b, err)
		p := validParams()
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, err := c.Customers.Register(ctx, p)
			require.NoError(b, err)
		}
	})

	b.Run("net-http-baseline", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone(), Timeout: 20 * time.Second}
		url := base + "/customer.admin.WhiteCustomerAdminApiService.addCusAndOpenAccountAndKyc"
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, err := baselineRegister(hc, url)
			require.NoError(b, err)
		}
	})
}

func baselineRegister(hc *http.Client, url string) (string, error) {
	sum := md5.Sum([]byte("a123456"))
	body, err := json.Marshal(map[string]any{
		"phone": "13800138000", "phoneArea": "+86", "pwd": hex.EncodeToString(sum[:]), "country": "CN",
		"registerSource": 1, "customerGroupId": 1,
		"tradeTypeCurrencyList": []map[string]string{{"allCurrency": "USDT", "tradeType": "1"}},
	})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header["trace"] = []string{uuid.NewString()}
	req.Header["companyId"] = []string{"10086"}
	req.Header["token"] = []string{"tok"}
	req.Header["version"] = []string{"0.0.1"}
	req.Header["timestamp"] = []string{strconv.FormatInt(time.Now().UnixMilli(), 10)}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "baseline")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var env struct {
		Code string `json:"code"`
		Msg  string `json:"msg"`
		Data string `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&env); err != nil {
		return "", err
	}
	if env.Code != "0" {
		return "", fmt.Errorf("code %s: %s", env.Code, env.Msg)
	}
	return env.Data, nil
}

func BenchmarkRegisterEncrypted(b *testing.B) {
	srv, c := newFake(b, nil, mm.WithEncryption(""))
	_ = srv
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := validParams()
		p.Phone = fmt.Sprintf("13%09d", i)
		_, err := c.Customers.Register(ctx, p)
		require.NoError(b, err)
	}
}
