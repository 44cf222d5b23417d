import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** A canonical event as a subscriber receives it: already redacted to this installation's clearance. */
export interface CanonicalEvent<T = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly tenantId: string;
  readonly installationId: string;
  readonly classification: string;
  readonly traceId: string;
  readonly time: string;
  readonly data: T;
  /** JSON pointers (into the event, e.g. `/data/email`) of the fields removed because this installation's clearance does not cover them. */
  readonly redacted?: readonly string[];
}

export type EventHandler<T = Record<string, unknown>> = (event: CanonicalEvent<T>) => Promise<void> | void;

export interface EventConsumerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly handlers: ReadonlyMap<string, EventHandler>;
  /** Long-poll wait per receive. @default 20 */
  readonly waitSeconds?: number;
  readonly onError: (error: unknown, event?: CanonicalEvent) => void;
}

/**
 * Long-polls the installation's queue and hands each event to its handler. A message is deleted
 * only after its handler succeeded; a failure makes it visible again after a backoff that grows
 * with each receive, and after the queue's maximum receives SQS moves it to the dead-letter queue,
 * where `vivified plugins redrive` can bring it back. Nothing is acknowledged that was not handled.
 */
export class EventConsumer {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loop?: Promise<void>;

  constructor(private readonly options: EventConsumerOptions) {}

  start(): void {
    this.loop ??= this.poll();
  }

  /** Stops receiving and waits for the events being handled to finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    while (!this.abort.signal.aborted) {
      let messages: Message[] = [];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: this.options.waitSeconds ?? 20,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      const batch = messages.map((message) => this.handle(message));
      for (const handling of batch) {
        this.inFlight.add(handling);
        void handling.finally(() => this.inFlight.delete(handling));
      }
      await Promise.allSettled(batch);
    }
  }

  private async handle(message: Message): Promise<void> {
    const { sqs, queueUrl, handlers } = this.options;
    let event: CanonicalEvent | undefined;
    try {
      // EventBridge delivers its own envelope: the type and source are its `detail-type` and
      // `source`, the rest of the canonical event is its detail.
      const delivered = JSON.parse(message.Body ?? '{}') as {
        source?: string;
        'detail-type'?: string;
        detail?: Omit<CanonicalEvent, 'type' | 'source'>;
      };
      event =
        delivered.detail && delivered['detail-type']
          ? { ...delivered.detail, type: delivered['detail-type'], source: delivered.source ?? '' }
          : undefined;
      const handler = event ? handlers.get(event.type) : undefined;
      if (!event || !handler)
        throw new Error(`No handler for ${event?.type ?? 'a message without an event'}.`);
      await handler(event);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    } catch (error) {
      this.options.onError(error, event);
      const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
      await sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: Math.min(900, 2 ** receives),
          }),
        )
        .catch((visibilityError: unknown) => this.options.onError(visibilityError, event));
    }
  }
}
