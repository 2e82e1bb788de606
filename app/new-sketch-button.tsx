'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch } from './studio/api';
import { rememberKeys } from './studio/room-keys';

interface CreatedRoom {
  room: { id: string };
  editToken: string;
  viewToken: string;
}

/** Creates a room and opens it with the edit capability in the URL fragment (never sent to servers). */
export function NewSketchButton({ className = '', compact = false }: { className?: string; compact?: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'creating' | 'failed'>('idle');

  async function createRoom() {
    setState('creating');
    try {
      const response = await apiFetch('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const { room, editToken, viewToken } = (await response.json()) as CreatedRoom;
      // The view token is shown only now: keep it, so the studio can offer a view-only link.
      rememberKeys(room.id, { edit: editToken, view: viewToken });
      router.push(`/r/${room.id}#edit=${editToken}`);
    } catch {
      setState('failed');
    }
  }

  return (
    <div className="flex flex-col items-start gap-2">
      <button
        type="button"
        onClick={createRoom}
        disabled={state === 'creating'}
        className={`inline-flex items-center gap-2 rounded-full bg-ink ${compact ? 'px-4 py-2 text-sm' : 'px-6 py-3 text-base'} font-medium text-paper shadow-[0_1px_0_0_rgba(0,0,0,0.4),0_8px_24px_-8px_rgba(29,27,24,0.5)] transition hover:bg-accent-deep disabled:cursor-wait disabled:opacity-70 ${className}`}
      >
        <svg viewBox="0 0 20 20" className="size-5" aria-hidden>
          <path d="M13.6 3.4a2 2 0 0 1 2.9 2.9L7.3 15.5l-3.8.9.9-3.8 9.2-9.2Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
        {state === 'creating' ? 'Opening a fresh page…' : 'New sketch'}
      </button>
      {state === 'failed' && (
        <p role="alert" className="text-sm text-accent-deep">
          We could not open a new sketch. Check your connection and try again.
        </p>
      )}
    </div>
  );
}
