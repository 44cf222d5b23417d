import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';

/** This machine's own addresses other than loopback: where another host would reach it. */
const externalAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address && !address.internal && address.family === 'IPv4')
  .map((address) => address!.address);

/** Whether a TCP connection to `host:port` is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => resolve(socket.destroy() && true));
    socket.once('timeout', () => resolve(socket.destroy() && false));
    socket.once('error', () => resolve(false));
  });

// The emulators hold the platform's keys and secrets: those `npm run localstack:up` starts must
// answer on 127.0.0.1 only. Emulators a user runs elsewhere (VIVIFIED_*_URL) are theirs to bind.
describe.skipIf(process.env.VIVIFIED_LOCALSTACK_URL || process.env.VIVIFIED_MOTO_URL)(
  'the emulators this project starts',
  () => {
    it.each([
      ['LocalStack', 4566],
      ['moto', 5000],
    ])('%s answers on 127.0.0.1 and on no other address of this machine', async (_name, port) => {
      expect(await accepts('127.0.0.1', port)).toBe(true);
      for (const address of externalAddresses) {
        expect(await accepts(address, port), `${address}:${port}`).toBe(false);
      }
    });
  },
);
