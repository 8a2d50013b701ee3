package main

import (
	"os"
	"testing"
)

// TestErrorCodesUpToDate fails when errorcodes.go is not what `go generate`
// makes from the vendor's page, e.g. after the page was updated.
func TestErrorCodesUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../../testdata/spec/manager-api_access_error-code.md")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 339 {
		t.Errorf("parsed %d codes, the page lists 339", len(entries))
	}
	want, err := Render(entries)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../errorcodes.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("errorcodes.go is out of date: run `go generate` at the module root")
	}
}

func TestParseDuplicate(t *testing.T) {
	if _, err := Parse([]byte("A=1\nA=2\n")); err == nil {
		t.Fatal("a code listed twice must fail")
	}
}
