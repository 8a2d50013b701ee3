package push

// BufferedBytes returns the bytes of buffered events counted against
// Options.MaxBufferedBytes: now, and the highest count so far.
func (s *Subscriber) BufferedBytes() (now, peak int64) {
	s.buffered.mu.Lock()
	defer s.buffered.mu.Unlock()
	return s.buffered.used, s.buffered.peak
}
