import { connect, createServer, type Socket } from 'node:net';

export interface OutageSwitch {
  /** The endpoint to give the SDK instead of the emulator's. */
  readonly url: string;
  /** The emulator "stops": open connections are reset and new ones are dropped on arrival. */
  cut(): void;
  /** The emulator is back. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of an emulator that a test can cut and restore, so one test can take
 * LocalStack or moto "down" mid-operation without stopping the emulators every other test shares.
 */
export async function outageSwitch(target: string): Promise<OutageSwitch> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    open.add(client).add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${relayPort}`,
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
