package vivified

import (
	"sync"
	"time"
)

// Defaults of the replay cache: a process answering more than DefaultReplayCacheSize operator
// calls within a signature's lifetime plus the skew refuses the rest until the oldest expire.
const (
	DefaultReplayCacheSize = 10_000
	DefaultReplaySkew      = 30 * time.Second
	// A platform-signed call carries a UUID; a longer id is not the platform's and would only
	// make each remembered call cost more.
	maxCallIDLength = 128
)

type replayVerdict int

const (
	callAdmitted replayVerdict = iota
	callReplayed
	callCacheFull
)

type rememberedCall struct {
	id       string
	forgetAt time.Time
}

// replayCache remembers the id (jti) of each operator call this process accepted until its
// signature's expiry plus a skew: until then a second use of the same signature is refused.
// After that the signature no longer verifies by itself, unless the clock stepped back by more
// than the skew. It is bounded: when it holds max calls that are all still live it refuses
// (fails closed) rather than forget one, so flooding it cannot make a captured signature usable
// again.
type replayCache struct {
	mu    sync.Mutex
	max   int
	skew  time.Duration
	seen  map[string]time.Time
	order []rememberedCall // in the order admitted, which is close to the order of expiry
}

func newReplayCache(max int, skew time.Duration) *replayCache {
	return &replayCache{max: max, skew: skew, seen: make(map[string]time.Time)}
}

// admit records a call's id and expiry, unless it was seen already or there is no room left.
func (c *replayCache) admit(id string, expiry, now time.Time) replayVerdict {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetFront(now)
	if forgetAt, ok := c.seen[id]; ok && now.Before(forgetAt) {
		return callReplayed
	}
	if len(c.seen) >= c.max {
		c.forgetAll(now)
		if len(c.seen) >= c.max {
			return callCacheFull
		}
	}
	forgetAt := expiry.Add(c.skew)
	c.seen[id] = forgetAt
	c.order = append(c.order, rememberedCall{id: id, forgetAt: forgetAt})
	return callAdmitted
}

// forgetFront drops the expired calls at the front: cheap, and enough while signatures arrive
// in the order they were signed.
func (c *replayCache) forgetFront(now time.Time) {
	n := 0
	for n < len(c.order) && !now.Before(c.order[n].forgetAt) {
		c.forget(c.order[n])
		n++
	}
	c.order = c.order[n:]
}

// forgetAll drops every expired call wherever it is, for a full cache whose front is live.
func (c *replayCache) forgetAll(now time.Time) {
	live := c.order[:0]
	for _, call := range c.order {
		if now.Before(call.forgetAt) {
			live = append(live, call)
		} else {
			c.forget(call)
		}
	}
	c.order = live
}

// forget drops a call unless its id was admitted again since (after the clock stepped back).
func (c *replayCache) forget(call rememberedCall) {
	if c.seen[call.id].Equal(call.forgetAt) {
		delete(c.seen, call.id)
	}
}

func (c *replayCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}
