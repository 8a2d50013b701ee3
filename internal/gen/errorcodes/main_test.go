package main

import (
	"os"
	"testing"
)

// TestErrorCodesUpToDate fails when errorcodes.go is not what `go generate`
// makes from the vendor's material, e.g. after a page was updated.
func TestErrorCodesUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../../testdata/spec/manager-api_access_error-code.md")
	if err != nil {
		t.Fatal(err)
	}
	manager, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(manager) != 339 {
		t.Errorf("parsed %d codes, the Manager page lists 339", len(manager))
	}
	entries, err := Collect("../../../testdata/spec")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 362 {
		t.Errorf("collected %d codes, want 362", len(entries))
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

// The client API's page is damaged: spaces inside keys, merged lines, codes
// listed twice with other messages.
func TestParseDamaged(t *testing.T) {
	got := ParseDamaged([]byte("```\nGGATEWAY_ CODE_012=Unavailable\nUSCUSTOMER_API_00001 07=Email exists\n"+
		"USCUSTOMER_API_0000111 R_API_0000116=merged\nUSCUSTOMER_API_0000 USTOMER_API_0000304=merged\n"+
		"GGATEWAY_CODE_016=first\nGGATEWAY_CODE_016=second\nUS500=System abnormality\nnot a code\n```\n"), "page")
	want := []entry{{"GGATEWAY_CODE_012", "Unavailable", "page"}, {"USCUSTOMER_API_0000107", "Email exists", "page"},
		{"GGATEWAY_CODE_016", "first", "page"}, {"US500", "System abnormality", "page"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestParseOpenAPISkipsPlaceholders(t *testing.T) {
	got, err := ParseOpenAPI([]byte(`
a:
  example: {code: '300', msg: System error, bizCode: ''}
b:
  example: {code: '99', msg: pariatur, bizCode: '8'}
c:
  example: {code: '0', msg: Success}
d:
  description: "Custom error codes, 0 for success, CUSTOMER_API_0000148=The current link has expired, CUSTOMER_API_0000149=Used"
`), "spec")
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{{"300", "System error", "spec"}, {"CUSTOMER_API_0000148", "The current link has expired", "spec"}, {"CUSTOMER_API_0000149", "Used", "spec"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %v, want %v", i, got[i], want[i])
		}
	}
}
