package vivified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Event is a canonical event as a subscriber receives it: already redacted to this
// installation's clearance.
type Event struct {
	ID             string `json:"id"`
	Type           string `json:"type"`
	Source         string `json:"source"`
	TenantID       string `json:"tenantId"`
	InstallationID string `json:"installationId"`
	Classification string `json:"classification"`
	TraceID        string `json:"traceId"`
	// Time is the RFC 3339 instant the platform stamped.
	Time string `json:"time"`
	// Data is the event's payload; [Event.Decode] reads it into a struct.
	Data json.RawMessage `json:"data"`
	// Redacted lists the JSON pointers (into the event, e.g. /data/email) of the fields removed
	// because this installation's clearance does not cover them.
	Redacted []string `json:"redacted,omitempty"`
}

// Decode reads the event's data into v, as json.Unmarshal does.
func (e Event) Decode(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("decoding the data of %s %s: %w", e.Type, e.ID, err)
	}
	return nil
}

// EventHandler handles one event. Returning an error leaves the event on the queue: it is
// delivered again after a backoff and, after the queue's maximum receives, kept in the
// dead-letter queue.
type EventHandler func(ctx context.Context, event Event) error

var errNotAnEvent = errors.New("the message is not a canonical event")

// decodeDelivery reads an SQS message body. EventBridge delivers its own envelope: the event's
// type and source are its detail-type and source, the rest of the canonical event is its detail.
func decodeDelivery(body string) (Event, error) {
	var delivered struct {
		Source     string          `json:"source"`
		DetailType string          `json:"detail-type"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal([]byte(body), &delivered); err != nil {
		return Event{}, fmt.Errorf("%w: %v", errNotAnEvent, err)
	}
	if delivered.DetailType == "" || len(delivered.Detail) == 0 || string(delivered.Detail) == "null" {
		return Event{}, errNotAnEvent
	}
	var event Event
	if err := json.Unmarshal(delivered.Detail, &event); err != nil {
		return Event{}, fmt.Errorf("%w: %v", errNotAnEvent, err)
	}
	event.Type, event.Source = delivered.DetailType, delivered.Source
	return event, nil
}
