'use client';

import { useEffect, useState } from 'react';
import type { RefusalData } from '@/lib/realtime/protocol';
import type { ConnectionState } from './use-room';

const REFUSAL_MESSAGES: Partial<Record<RefusalData['code'], string>> = {
  'read-only': 'This is a view-only link: changes are not saved.',
  'too-large': 'That was too big to save — try a shorter stroke.',
  'rate-limited': 'Slow down a little — some changes are being retried.',
  'room-full': 'This room is full right now.',
};

/**
 * Tells people when their edits cannot reach the room (and that they are kept), and shows refusals
 * from the server for a moment. Floats over the page, so it never moves the layout.
 */
export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  const [wasConnected, setWasConnected] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { status, refusal, unacknowledged } = connection;

  useEffect(() => {
    if (status === 'connected') setWasConnected(true);
  }, [status]);

  useEffect(() => {
    if (!refusal) return;
    const message = REFUSAL_MESSAGES[refusal.code];
    if (!message) return;
    setNotice(message);
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [refusal]);

  const reconnecting = (status === 'offline' || status === 'connecting') && wasConnected;
  const message = reconnecting
    ? `Reconnecting… ${unacknowledged > 0 ? 'Your edits are kept here and will sync when the connection is back.' : 'You can keep drawing.'}`
    : status === 'offline'
      ? 'Cannot reach the room. Retrying…'
      : notice;
  return (
    <div className="pointer-events-none fixed inset-x-0 top-20 z-40 flex justify-center px-4" aria-live="polite">
      {message && (
        <p
          role="status"
          data-testid="connection-banner"
          className={`pointer-events-auto flex max-w-lg items-center gap-2 rounded-full px-4 py-2 text-sm font-medium shadow-lg ${
            reconnecting || status === 'offline' ? 'bg-amber-100 text-amber-900 ring-1 ring-amber-300' : 'bg-ink text-paper'
          }`}
        >
          {(reconnecting || status === 'offline') && <span className="size-2 animate-pulse rounded-full bg-amber-500" aria-hidden />}
          {message}
        </p>
      )}
    </div>
  );
}
