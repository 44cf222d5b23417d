package vivified

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// QueueClient is the part of *sqs.Client that receives events, so tests can hand in a fake.
type QueueClient interface {
	ReceiveMessage(context.Context, *sqs.ReceiveMessageInput, ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(context.Context, *sqs.DeleteMessageInput, ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ChangeMessageVisibility(context.Context, *sqs.ChangeMessageVisibilityInput, ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

// eventConsumer long-polls the installation's queue and hands each event to its handler. A
// message is deleted only after its handler succeeded; a failure makes it visible again after a
// backoff that grows with each receive, and after the queue's maximum receives SQS moves it to
// the dead-letter queue, where `vivified plugins redrive` brings it back. Nothing is
// acknowledged that was not handled.
type eventConsumer struct {
	queue       QueueClient
	queueURL    string
	handlers    map[string]EventHandler
	waitSeconds int32
	log         *slog.Logger
}

// run polls until ctx is done, then waits for the batch in hand. Handlers and the calls that
// settle their messages run on a context that shutdown does not cancel: an event being handled
// finishes (within the runtime's stop grace) instead of being cut off half done.
func (c *eventConsumer) run(ctx context.Context) {
	settle := context.WithoutCancel(ctx)
	for ctx.Err() == nil {
		received, err := c.queue.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(c.queueURL),
			MaxNumberOfMessages:         10,
			WaitTimeSeconds:             c.waitSeconds,
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameApproximateReceiveCount},
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.log.Error("receiving events", "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		var batch sync.WaitGroup
		for _, message := range received.Messages {
			batch.Add(1)
			go func() {
				defer batch.Done()
				c.handle(settle, message)
			}()
		}
		batch.Wait()
	}
}

func (c *eventConsumer) handle(ctx context.Context, message types.Message) {
	event, err := decodeDelivery(aws.ToString(message.Body))
	if err == nil {
		err = c.dispatch(ctx, event)
	}
	if err == nil {
		_, err = c.queue.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(c.queueURL), ReceiptHandle: message.ReceiptHandle})
		if err != nil {
			c.log.Error("acknowledging an event", "event", event.ID, "error", err)
		}
		return
	}
	c.log.Error("handling an event", "event", event.ID, "type", event.Type, "error", err)
	_, err = c.queue.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
		QueueUrl:          aws.String(c.queueURL),
		ReceiptHandle:     message.ReceiptHandle,
		VisibilityTimeout: redeliveryBackoff(message.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)]),
	})
	if err != nil {
		c.log.Error("delaying an event's redelivery", "event", event.ID, "error", err)
	}
}

// dispatch runs the event's handler; a panic is a failed event, not a dead plugin.
func (c *eventConsumer) dispatch(ctx context.Context, event Event) (err error) {
	handler, ok := c.handlers[event.Type]
	if !ok {
		return fmt.Errorf("no handler for %s", event.Type)
	}
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("the handler for %s panicked: %v", event.Type, recovered)
		}
	}()
	return handler(ctx, event)
}

// redeliveryBackoff is how long a failed event stays invisible: 2, 4, 8 … seconds with each
// receive, at most SQS's 15 minutes.
func redeliveryBackoff(receiveCount string) int32 {
	receives, err := strconv.Atoi(receiveCount)
	if err != nil || receives < 1 {
		receives = 1
	}
	if receives >= 10 {
		return 900
	}
	return min(900, int32(1)<<receives)
}
