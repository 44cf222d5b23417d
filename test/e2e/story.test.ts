import { Agent, fetch as fetchThrough } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { DEMO_MAILER_TOKEN } from '../../cli/dev/demo-upstream';
import { eventually, jsonClient } from '../support/http';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

// The demo's EHR and mailer use a throwaway CA; the test reads them directly, as a person with
// `curl -k` would. Plugins reach them only through the proxy lane, which verifies that CA.
const insecure = new Agent({ connect: { rejectUnauthorized: false } });

interface Message {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly reference: string;
}

/**
 * The whole story of `npm start`, driven over HTTP against `vivified dev --demo` run as a user
 * runs it: the example plugins on the SDK exchange an event, an operator call and egress.
 */
describe('vivified dev --demo: the three lanes end to end', () => {
  let dev: RunningDev;
  let upstream = '';
  const tokens: Record<string, string> = {};
  const base = `/v1/tenants/${DEMO_TENANT}`;

  const call = jsonClient(() => dev.url);
  const api = (user: string, method: string, path: string, body?: unknown) =>
    call(tokens[user], method, path, body);
  const outside = async (method: string, path: string, body?: unknown) => {
    const response = await fetchThrough(`${upstream}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: insecure,
    });
    return response.json() as Promise<any>;
  };
  const admit = (name: string, email: string) =>
    outside('POST', '/fhir/Patient', { name, email, birthDate: '1961-04-12' });
  /** Every audit record matching the query, following the cursor. */
  const audit = async (query: string) => {
    const records: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(
        'avi',
        'GET',
        `${base}/audit?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      records.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    return records;
  };
  /** Polls until `probe` answers something truthy; a failure shows what the platform printed. */
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) =>
    eventually(what, probe, 60).catch((error: Error) => {
      throw new Error(`${error.message} Platform output:\n${dev.output().slice(-3000)}`);
    });

  beforeAll(async () => {
    dev = await startDevProcess();
    upstream = /demo EHR and mailer \(self-signed TLS\) at (https:\/\/127\.0\.0\.1:\d+)/.exec(
      dev.output(),
    )![1]!;
    for (const user of ['pat', 'cam', 'avi']) {
      tokens[user] = await devToken(dev.url, user);
    }
  });

  afterAll(() => dev?.stop());

  it('installs, configures and enables the notifier; a new patient flows through all three lanes', async () => {
    const listed = await api('pat', 'GET', `${base}/installations`);
    const states = Object.fromEntries(listed.body.items.map((i: any) => [i.pluginId, i.state]));
    expect(states).toMatchObject({
      'ehr-sync': 'Active',
      storage: 'Active',
      notifier: 'Active',
      'patient-count': 'Active',
      'welcome-letters': 'Active',
    });

    // The plugin manager takes the notifier through its whole lifecycle again.
    expect((await api('pat', 'POST', `${base}/installations/notifier/disable`)).body.state).toBe('Disabled');
    expect((await api('pat', 'DELETE', `${base}/installations/notifier`)).status).toBe(204);
    const refused = await api('pat', 'POST', `${base}/installations`, {
      pluginId: 'notifier',
      consent: false,
    });
    expect(refused.status).toBe(400);
    const installed = await api('pat', 'POST', `${base}/installations`, {
      pluginId: 'notifier',
      consent: true,
    });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const mailer = upstream.replace('127.0.0.1', 'api.mailer.example');
    const configured = await api('cam', 'PUT', `${base}/installations/notifier/config`, {
      values: {
        sender: 'hello@demo-clinic.example',
        mailerUrl: `${mailer}/v1/messages`,
        apiToken: DEMO_MAILER_TOKEN,
      },
    });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    const enabled = await api('pat', 'POST', `${base}/installations/notifier/enable`);
    expect(enabled.body.state, JSON.stringify(enabled.body)).toBe('Active');

    // A patient admitted in the EHR: ehr-sync reads the feed (proxy lane), files the record in
    // storage (operator lane) and announces the user (canonical lane); the notifier receives it and
    // sends the welcome through the mail API (proxy lane, token injected by reference).
    const patient = await admit('Katherine Johnson', 'katherine@example.org');
    const welcome = await waitFor<Message>('the welcome message', async () => {
      const { messages } = await outside('GET', '/v1/messages');
      return (messages as Message[]).find((m) => m.to === 'katherine@example.org');
    });
    expect(welcome).toMatchObject({ from: 'hello@demo-clinic.example', reference: `patient-${patient.id}` });
    // The notifier is cleared for PII only: the MRN and date of birth never reached it.
    expect(JSON.stringify(welcome)).not.toMatch(/MRN-|1961-04-12/);

    const calls = await audit('action=operator.call');
    expect(
      calls.some((r) => r.decision === 'allow' && r.target.id === 'storage.putDocument'),
      JSON.stringify(calls.slice(-3)),
    ).toBe(true);
    // The Python plugin (welcome-letters) asks the Go plugin (patient-count) for its census over
    // the operator lane for each new patient: a plugin in each SDK, on the same lanes.
    await waitFor('the Python plugin calling the Go one', async () =>
      (await audit('action=operator.call')).find(
        (r) => r.decision === 'allow' && r.target.id === 'patient-count.count',
      ),
    );
    const published = await audit('action=canonical.publish');
    expect(published.some((r) => r.decision === 'allow')).toBe(true);
    const egress = await audit('action=proxy.egress.completed');
    expect(egress.some((r) => r.target.id === 'api.mailer.example' && r.details?.status === 202)).toBe(true);
    expect(JSON.stringify(egress)).not.toContain(DEMO_MAILER_TOKEN);
  });

  it('refuses egress to a host off the allowlist and audits it; nothing reaches the mail API', async () => {
    const configured = await api('cam', 'PUT', `${base}/installations/notifier/config`, {
      values: {
        sender: 'hello@demo-clinic.example',
        mailerUrl: 'https://api.mailer.evil.example/v1/messages',
      },
    });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    await admit('Dorothy Vaughan', 'dorothy@example.org');

    const denial = await waitFor('the audited egress denial', async () =>
      (await audit('action=proxy.egress')).find(
        (r) => r.decision === 'deny' && r.target.id === 'api.mailer.evil.example',
      ),
    );
    expect(denial.reasons.join(' ')).toMatch(/allowlist|allowed_domains/);
    const { messages } = await outside('GET', '/v1/messages');
    expect((messages as Message[]).some((m) => m.to === 'dorothy@example.org')).toBe(false);
  });

  it('disables a plugin and the tenant’s audit chain verifies', async () => {
    expect((await api('pat', 'POST', `${base}/installations/notifier/disable`)).body.state).toBe('Disabled');
    const verified = await api('avi', 'GET', `${base}/audit/verify`);
    expect(verified.body, JSON.stringify(verified.body)).toMatchObject({ ok: true });
  });
});
