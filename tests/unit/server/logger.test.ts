import Transport from 'winston-transport';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../../server/lib/logger';

class Capture extends Transport {
  readonly lines: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, next: () => void): void {
    this.lines.push(info);
    next();
  }
}

describe('logger redaction', () => {
  it('replaces secret-looking keys at any depth and leaves the rest', () => {
    expect(
      redactSecrets({
        username: 'cashier1',
        password: 'hunter2hunter2',
        nested: {
          pin: '1234',
          headers: { authorization: 'Bearer x', cookie: 'pos.sid=abc' },
          cardNumber: '4111',
        },
        list: [{ csrfToken: 't' }],
      }),
    ).toEqual({
      username: 'cashier1',
      password: '[redacted]',
      nested: {
        pin: '[redacted]',
        headers: { authorization: '[redacted]', cookie: '[redacted]' },
        cardNumber: '[redacted]',
      },
      list: [{ csrfToken: '[redacted]' }],
    });
  });

  it('is always on: a log line never carries the secret values', () => {
    const capture = new Capture();
    const logger = createLogger({ level: 'info', silent: true, transports: [capture] });
    logger.info('user changed', {
      password: 'p4ssw0rd-secret',
      body: { pin: '9876', name: 'Ann' },
      token: 'jwt.jwt.jwt',
    });
    const text = JSON.stringify(capture.lines);
    expect(text).not.toContain('p4ssw0rd-secret');
    expect(text).not.toContain('9876');
    expect(text).not.toContain('jwt.jwt.jwt');
    expect(text).toContain('Ann');
  });
});
