import { describe, expect, it } from 'vitest';
import { QUOTAS, QuotaExceeded, Quotas, scaledQuotas } from '../../server/http/quotas.ts';

describe('scaledQuotas', () => {
  it('multiplies every quota by QUOTA_SCALE and keeps its window', () => {
    const scaled = scaledQuotas(100);
    expect(scaled.createRoom).toEqual({ ...QUOTAS.createRoom, points: 3000 });
    expect(Object.keys(scaled)).toEqual(Object.keys(QUOTAS));
    for (const [name, quota] of Object.entries(scaled)) expect(quota.points).toBe(QUOTAS[name as keyof typeof QUOTAS].points * 100);
  });

  it('gives a scaled limiter the larger allowance, then refuses', async () => {
    const quotas = new Quotas(scaledQuotas(3, { ...QUOTAS, createRoom: { points: 2, windowSeconds: 3600, what: 'rooms created' } }));
    for (let i = 0; i < 6; i++) await quotas.take('createRoom', '10.0.0.1');
    await expect(quotas.take('createRoom', '10.0.0.1')).rejects.toBeInstanceOf(QuotaExceeded);
    await quotas.take('createRoom', '10.0.0.2');
  });
});
