import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEYS, httpClient } from '../support/http-client';
import { startTestApp } from '../support/test-app';

describe('operations endpoints and start-up', () => {
  it('serves /metrics without a token, with command latency and appends', async () => {
    const service = await startTestApp({ API_KEYS });
    try {
      const http = httpClient(service.url);
      await http('POST', '/customers/CU-1/purchases', {
        body: { orderId: 'O-1', amount: 5, currency: 'EUR' },
      });
      const metrics = await http('GET', '/metrics', { token: null });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(
        /cl_command_duration_seconds_count\{type="recordPurchase",outcome="ok"\} 1/,
      );
      expect(metrics.text).toMatch(/cl_events_appended_total\{type="PurchaseRecorded"\} 1/);
    } finally {
      await service.stop();
    }
  });

  it('publishes the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const service = await startTestApp({ API_KEYS });
    try {
      const http = httpClient(service.url);
      const document = await http('GET', '/docs-json', { token: null });
      expect(document.status).toBe(200);
      expect(Object.keys(document.body.paths)).toEqual(
        expect.arrayContaining([
          '/complaints',
          '/complaints/{id}/resolution',
          '/complaints/{id}/satisfaction',
          '/customers/{id}/purchases',
          '/health',
        ]),
      );
      const ui = await http('GET', '/docs', { token: null });
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    } finally {
      await service.stop();
    }
  });

  it('never starts open: without API_KEYS it generates an admin token in the data directory', async () => {
    const service = await startTestApp({ API_KEYS: '' });
    try {
      const file = join(service.config.dataDir, 'admin-token');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const token = readFileSync(file, 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(32);
      const http = httpClient(service.url);
      expect((await http('GET', '/complaints/X-1', { token: null })).status).toBe(401);
      expect((await http('GET', '/complaints/X-1', { token })).status).toBe(404);
    } finally {
      await service.stop();
    }
  });
});
