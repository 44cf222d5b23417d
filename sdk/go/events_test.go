package vivified

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// What EventBridge puts on an installation's queue.
const delivery = `{"version":"0","id":"eb-1","detail-type":"UserCreated.v1","source":"vivified.plugin.ehr-sync",
"detail":{"id":"ev-1","tenantId":"acme","installationId":"inst-1","classification":"pii","traceId":"tr-1",
"time":"2026-11-24T10:00:00Z","data":{"userId":"u-1","roles":[]},"redacted":["/data/email","/data/name"]}}`

func TestDecodeDeliveryReadsTheCanonicalEventOutOfTheEnvelope(t *testing.T) {
	event, err := decodeDelivery(delivery)
	if err != nil {
		t.Fatal(err)
	}
	if event.ID != "ev-1" || event.Type != "UserCreated.v1" || event.Source != "vivified.plugin.ehr-sync" ||
		event.TenantID != "acme" || event.TraceID != "tr-1" || len(event.Redacted) != 2 {
		t.Fatalf("decoded %+v", event)
	}
	var user struct {
		UserID string `json:"userId"`
	}
	if err := event.Decode(&user); err != nil || user.UserID != "u-1" {
		t.Fatalf("data %+v, %v", user, err)
	}
}

func TestDecodeDeliveryRefusesWhatIsNoEvent(t *testing.T) {
	for _, body := range []string{"", "not json", `{}`, `{"detail-type":"X.v1"}`, `{"detail":{}}`, `{"detail-type":"X.v1","detail":null}`} {
		if _, err := decodeDelivery(body); !errors.Is(err, errNotAnEvent) {
			t.Errorf("%q: %v", body, err)
		}
	}
}

func TestRedeliveryBackoffDoublesWithEachReceive(t *testing.T) {
	for count, want := range map[string]int32{"": 2, "1": 2, "2": 4, "3": 8, "9": 512, "10": 900, "400": 900} {
		if got := redeliveryBackoff(count); got != want {
			t.Errorf("receive %q: %d, want %d", count, got, want)
		}
	}
}

// fakeQueue hands out a batch once, then ends the poll, and records how each message was settled.
type fakeQueue struct {
	mu       sync.Mutex
	batch    []types.Message
	deleted  []string
	delayed  map[string]int32
	received int
	stop     context.CancelFunc
}

func (q *fakeQueue) ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, _ ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.received++
	if q.received > 1 {
		q.stop()
		return nil, ctx.Err()
	}
	return &sqs.ReceiveMessageOutput{Messages: q.batch}, nil
}

func (q *fakeQueue) DeleteMessage(_ context.Context, in *sqs.DeleteMessageInput, _ ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.deleted = append(q.deleted, aws.ToString(in.ReceiptHandle))
	return &sqs.DeleteMessageOutput{}, nil
}

func (q *fakeQueue) ChangeMessageVisibility(_ context.Context, in *sqs.ChangeMessageVisibilityInput, _ ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.delayed[aws.ToString(in.ReceiptHandle)] = in.VisibilityTimeout
	return &sqs.ChangeMessageVisibilityOutput{}, nil
}

func TestTheConsumerDeletesWhatWasHandledAndLeavesWhatFailed(t *testing.T) {
	// Prepare
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	message := func(handle, body, receives string) types.Message {
		return types.Message{ReceiptHandle: aws.String(handle), Body: aws.String(body), Attributes: map[string]string{"ApproximateReceiveCount": receives}}
	}
	queue := &fakeQueue{delayed: map[string]int32{}, stop: cancel, batch: []types.Message{
		message("ok", delivery, "1"),
		message("fails", `{"detail-type":"UserCreated.v1","detail":{"id":"ev-2","data":{"userId":"u-fail"}}}`, "3"),
		message("panics", `{"detail-type":"UserCreated.v1","detail":{"id":"ev-3","data":{"userId":"u-panic"}}}`, "1"),
		message("unhandled", `{"detail-type":"PaymentReceived.v1","detail":{"id":"ev-4","data":{}}}`, "1"),
		message("garbage", `nope`, "1"),
	}}
	consumer := &eventConsumer{queue: queue, queueURL: "q", waitSeconds: 1, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		handlers: map[string]EventHandler{"UserCreated.v1": func(_ context.Context, e Event) error {
			var user struct{ UserID string }
			_ = e.Decode(&user)
			switch user.UserID {
			case "u-fail":
				return errors.New("not this time")
			case "u-panic":
				panic("boom")
			}
			return nil
		}}}

	// Act
	consumer.run(ctx)

	// Assess
	if len(queue.deleted) != 1 || queue.deleted[0] != "ok" {
		t.Fatalf("deleted %v, want only the handled one", queue.deleted)
	}
	want := map[string]int32{"fails": 8, "panics": 2, "unhandled": 2, "garbage": 2}
	for handle, seconds := range want {
		if queue.delayed[handle] != seconds {
			t.Errorf("%s delayed %d s, want %d", handle, queue.delayed[handle], seconds)
		}
	}
}
