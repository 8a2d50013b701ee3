package multimarkets

// fieldPositive reports a ValidationError unless v > 0.
func fieldPositive(field string, v int64) error {
	if v <= 0 {
		return &ValidationError{Field: field, Rule: "required, > 0"}
	}
	return nil
}

// fieldNonNegative reports a ValidationError when v < 0.
func fieldNonNegative(field string, v int64) error {
	if v < 0 {
		return &ValidationError{Field: field, Rule: "must be >= 0 (0: not set)"}
	}
	return nil
}
