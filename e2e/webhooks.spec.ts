// The Webhooks admin page (issue 13): add an endpoint pointing at a real
// receiver on 127.0.0.1 (the e2e server sets WEBHOOK_ALLOW_PRIVATE=true), send
// it a test event, see the signed delivery arrive and logged, and redeliver it
// with the same webhook-id.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect, expectAccessible, test } from './fixtures';

test('add an endpoint, see its test delivery, redeliver it', async ({ page }) => {
  test.setTimeout(90_000);
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e2e-${Date.now().toString(36)}`;
  try {
    await page.goto('/admin/webhooks');
    await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
    await page.getByRole('textbox', { name: 'URL' }).fill(url);
    await page.getByRole('textbox', { name: /^Events/ }).fill('webhook.test, run.failed');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('new-webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    const card = page.getByTestId('webhook-endpoint').filter({ hasText: url });
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Send test event' }).click();
    const delivery = card.getByTestId('webhook-delivery').first();
    await expect(delivery).toContainText('webhook.test', { timeout: 30_000 });
    await expect(delivery).toContainText('succeeded', { timeout: 30_000 });
    await expect(delivery.getByTestId('webhook-attempt')).toHaveCount(1);
    await expect(delivery.getByTestId('webhook-attempt')).toContainText('200');
    expect(received).toHaveLength(1);
    const first = received[0]!;
    const payload = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string };
    expect(payload.type).toBe('webhook.test');
    await expectAccessible(page);

    await delivery.getByRole('button', { name: /^Redeliver/ }).click();
    await expect(delivery.getByTestId('webhook-attempt')).toHaveCount(2, { timeout: 30_000 });
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(first.headers['webhook-id']);
  } finally {
    server.close();
  }
});
