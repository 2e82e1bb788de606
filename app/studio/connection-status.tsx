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

/** What the face can honestly claim about the sketch: live, or behind because edits have not reached the room. */
export type FaceSync = 'live' | 'offline' | 'offline-edits';

export function faceSync(connection: ConnectionState): FaceSync {
  if (connection.status === 'connected' && connection.synced) return 'live';
  return connection.unacknowledged > 0 ? 'offline-edits' : 'offline';
}

function edits(count: number): string {
  return count === 1 ? '1 edit' : `${count} edits`;
}

/**
 * The room's connection in the header, where it covers nothing: saved, syncing, or offline with the
 * number of edits kept on this device. Screen readers hear it when it changes.
 */
export function ConnectionStatus({ canEdit, connection }: { canEdit: boolean; connection: ConnectionState }) {
  const { status, synced, unacknowledged } = connection;
  const [wasConnected, setWasConnected] = useState(false);
  useEffect(() => {
    if (status === 'connected') setWasConnected(true);
  }, [status]);

  const offline = status !== 'connected';
  if (!canEdit && !offline) {
    return <span className="hidden rounded-full bg-paper-deep px-2.5 py-1 text-xs font-medium text-ink-soft md:inline">View only</span>;
  }
  let text: string;
  let short: string;
  if (offline && wasConnected) {
    text = unacknowledged > 0 ? `Offline — ${edits(unacknowledged)} kept on this device, sent when the connection is back` : 'Offline — reconnecting…';
    short = unacknowledged > 0 ? `Offline · ${edits(unacknowledged)} kept` : 'Offline';
  } else if (offline) {
    text = short = status === 'offline' ? 'Cannot reach the room. Retrying…' : 'Connecting…';
  } else if (unacknowledged > 0 || !synced) {
    text = short = 'Syncing…';
  } else {
    text = short = 'All changes saved';
  }
  const warn = offline && wasConnected;
  return (
    <span
      role="status"
      data-testid="connection-status"
      data-offline={warn ? 'true' : 'false'}
      title={text}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ${warn ? 'bg-amber-100 text-amber-950 ring-1 ring-amber-300' : 'text-ink-soft max-md:sr-only'}`}
    >
      <span className={`size-1.5 shrink-0 rounded-full ${warn ? 'animate-pulse bg-amber-600' : offline || unacknowledged > 0 ? 'bg-amber-500' : 'bg-emerald-500'}`} aria-hidden />
      {text === short ? (
        text
      ) : (
        <>
          <span className="max-lg:hidden">{text}</span>
          <span className="lg:hidden">{short}</span>
        </>
      )}
    </span>
  );
}

/** Refusals from the server, for a few seconds at the bottom of the screen, away from the tools. */
export function ConnectionNotice({ refusal }: { refusal: RefusalData | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!refusal) return;
    const message = REFUSAL_MESSAGES[refusal.code];
    if (!message) return;
    setNotice(message);
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [refusal]);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4" aria-live="polite">
      {notice && (
        <p role="status" data-testid="connection-notice" className="pointer-events-auto max-w-lg rounded-full bg-ink px-4 py-2 text-sm font-medium text-paper shadow-lg">
          {notice}
        </p>
      )}
    </div>
  );
}
