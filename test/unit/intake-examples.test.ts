import { describe, expect, it } from 'vitest';
import { intakeExamples } from '../../src/http/ui/intake-examples.ts';

describe('intake examples', () => {
  const token = 'cpiAbCdEfGhIjKlMnOpQrStUvWxYz12';

  it('fill every example with the base URL (without a doubled slash) and the token', () => {
    const x = intakeExamples('https://cp.example.org/', token);
    expect(x.ntfyServer).toBe('https://cp.example.org/intake/ntfy');
    expect(x.ntfyCurl).toBe(
      [
        `curl -H "Authorization: Bearer ${token}" \\`,
        '  -H "Title: Backup failed" -H "Priority: high" -H "Tags: warning" \\',
        '  -d "Disk /dev/sda1 is full" \\',
        '  "https://cp.example.org/intake/ntfy/backups"',
      ].join('\n'),
    );
    expect(x.gotifyCurl).toContain(`"https://cp.example.org/intake/gotify/message?token=${token}"`);
    expect(x.pushoverCurl).toContain(`--form-string "token=${token}"`);
    expect(x.androidUrl).toBe('https://cp.example.org/intake/webhook/phone');
    expect(JSON.parse(x.smsHeaders)).toEqual({ Authorization: `Bearer ${token}` });
    expect(x.iosHeader).toBe(`Bearer ${token}`);
    for (const [name, text] of Object.entries(x)) {
      expect(text, name).not.toContain('//intake');
    }
  });

  it('keep a path prefix of the base URL (Checkpoint behind a reverse proxy)', () => {
    const x = intakeExamples('https://example.org/checkpoint', token);
    expect(x.ntfyServer).toBe('https://example.org/checkpoint/intake/ntfy');
    expect(x.ntfyCli).toBe(
      `ntfy publish --token ${token} "https://example.org/checkpoint/intake/ntfy/alerts" "Disk full"`,
    );
  });
});
