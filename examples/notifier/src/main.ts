import { createPlugin } from '../../../sdk/node/src';
import manifest from '../manifest.json';
import { type NewUser, welcomeMessage } from './welcome';

const plugin = createPlugin({ manifest });

// The API token never reaches this process: the proxy lane puts the secret in place of the
// reference on the way out, and scrubs it from whatever comes back.
plugin.on<NewUser>('UserCreated.v1', async (event) => {
  const { values } = await plugin.config<{ sender: string; mailerUrl?: string }>();
  const response = await plugin.fetch(values.mailerUrl ?? 'https://api.mailer.example/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer {{secret:apiToken}}' },
    body: JSON.stringify(welcomeMessage(event.data, values.sender)),
  });
  // Throwing leaves the event on the queue: it is retried, then kept in the dead-letter queue.
  if (!response.ok) throw new Error(`The mail API answered ${response.status}: ${await response.text()}`);
  console.log(`welcomed ${event.data.userId}`);
});

plugin.start().then(
  () => console.log('notifier waiting for new users'),
  (error: unknown) => {
    console.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
