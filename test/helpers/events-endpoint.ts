/** A stand-in for the clinic's events endpoint on 127.0.0.1: records signed POSTs; can be "down". */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyEventSignature } from '../../src/runtime/events/signature';
import type { ClinicEvent } from '../../src/runtime/events/event';

export interface EventsEndpoint {
  url: string;
  /** Events received with a valid signature. */
  events: ClinicEvent[];
  /** Raw bodies of every request (valid or not), for canary scans. */
  raw: string[];
  badSignatures: number;
  /** While set, answers this status instead of 204. */
  downWith: number | null;
  close(): Promise<void>;
}

export async function startEventsEndpoint(secret: string): Promise<EventsEndpoint> {
  const state = { events: [] as ClinicEvent[], raw: [] as string[], badSignatures: 0, downWith: null as number | null };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      state.raw.push(body);
      if (state.downWith !== null) {
        res.statusCode = state.downWith;
        return res.end();
      }
      const sig = req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
      if (!verifyEventSignature(secret, sig, body, Math.floor(Date.now() / 1000))) {
        state.badSignatures += 1;
        res.statusCode = 401;
        return res.end();
      }
      state.events.push(JSON.parse(body) as ClinicEvent);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/events`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  });
}
