package multimarkets

import (
	"reflect"
	"strconv"
)

// The SDK's code lists (TradeType, OrderStatus, FlowType, …) are integer
// types with named constants. Each has a table of names, map[Type]string,
// next to its constants, and the same two one-line methods:
//
//	func (s ReviewStatus) String() string { return enumName(reviewStatusNames, s) }
//	func (s *ReviewStatus) UnmarshalJSON(b []byte) error { return decodeEnum(s, b) }
//
// so that every list prints and decodes the same way: String gives the
// table's name or "Type(n)" for a value the vendor's docs do not list (it
// is kept, never rejected), and UnmarshalJSON accepts 2, "2", "" and null
// (0), without allocating. TestEveryEnum checks that every constant of
// every such type is named in its table and decodes from both forms.

// enumName returns names[v], or "T(v)" (T the type's name) for a value the
// table does not list.
func enumName[T ~int](names map[T]string, v T) string {
	if n, ok := names[v]; ok {
		return n
	}
	return reflect.TypeFor[T]().Name() + "(" + strconv.Itoa(int(v)) + ")"
}

// decodeEnum is the UnmarshalJSON of every code list: it accepts 2, "2",
// "" and null (0), as FlexInt64 does, and sets 0 on error.
func decodeEnum[T ~int](v *T, b []byte) error {
	n, err := decodeFlexInt(b)
	*v = T(n)
	return err
}
