'use client';

import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '@/lib/doc';

/**
 * The room's name in the header; editors click it to rename the room for everyone (the document's
 * title). Enter or leaving the field saves, Escape cancels.
 */
export function RoomTitle({ title, onRename }: { title: string; onRename(title: string): void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const save = () => {
    setEditing(false);
    const next = draft.trim().slice(0, LIMITS.titleLength);
    if (next !== title.trim()) onRename(next);
  };

  if (editing) {
    return (
      <input
        ref={input}
        aria-label="Room name"
        value={draft}
        maxLength={LIMITS.titleLength}
        placeholder="Untitled sketch"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') save();
          if (event.key === 'Escape') {
            setDraft(title);
            setEditing(false);
          }
        }}
        className="min-w-0 flex-1 rounded-lg border border-line bg-white px-2 py-1 font-display text-lg font-medium focus:border-ink focus:outline-none sm:max-w-sm"
      />
    );
  }
  return (
    <h1 className="min-w-0 max-sm:hidden">
      <button
        type="button"
        onClick={() => {
          setDraft(title);
          setEditing(true);
        }}
        title="Rename this room"
        data-testid="room-title"
        className="block max-w-full truncate rounded-lg px-1.5 py-0.5 font-display text-lg font-medium hover:bg-paper-deep"
      >
        {title || 'Untitled sketch'}
      </button>
    </h1>
  );
}
