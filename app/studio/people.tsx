'use client';

import { memo, useEffect, useRef, useState } from 'react';
import { cleanName, NAME_MAX } from './identity';
import type { Peer } from './presence';
import { Popover } from './popover';

function initials(name: string): string {
  const words = name.split(' ').filter(Boolean);
  return (words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

type Person = Pick<Peer, 'clientId' | 'name' | 'color' | 'isSelf'>;

function Avatar({ peer, ring = true }: { peer: Person; ring?: boolean }) {
  return (
    <span
      className={`grid size-8 shrink-0 place-items-center rounded-full text-[11px] font-semibold text-white ${ring ? 'ring-2 ring-paper' : ''}`}
      style={{ backgroundColor: peer.color }}
      aria-hidden
    >
      {initials(peer.name)}
    </span>
  );
}

/** Who is here: overlapping avatars that open the list, where one's own name can be changed. */
export const People = memo(function People({ peers, onRename }: { peers: Person[]; onRename(name: string): void }) {
  const shown = peers.slice(0, 4);
  const more = peers.length - shown.length;
  return (
    <Popover
      label={`${peers.length} ${peers.length === 1 ? 'person' : 'people'} in this room`}
      button={
        <span className="flex items-center -space-x-2" data-testid="people-count" data-count={peers.length}>
          {shown.map((peer) => (
            <Avatar key={peer.clientId} peer={peer} />
          ))}
          {more > 0 && <span className="grid size-8 place-items-center rounded-full bg-paper-deep text-[11px] font-semibold text-ink-soft ring-2 ring-paper">+{more}</span>}
        </span>
      }
    >
      <div className="flex w-72 flex-col gap-3 p-4">
        <h2 className="text-xs font-semibold tracking-wide text-ink-soft uppercase">In this room</h2>
        <ul className="flex max-h-72 flex-col gap-2 overflow-y-auto" data-testid="people-list">
          {peers.map((peer) => (
            <li key={peer.clientId} className="flex items-center gap-2.5">
              <Avatar peer={peer} ring={false} />
              {peer.isSelf ? <NameField name={peer.name} onRename={onRename} /> : <span className="truncate text-sm">{peer.name}</span>}
              {peer.isSelf && <span className="ml-auto shrink-0 text-xs text-ink-soft">you</span>}
            </li>
          ))}
        </ul>
      </div>
    </Popover>
  );
});

function NameField({ name, onRename }: { name: string; onRename(name: string): void }) {
  const [draft, setDraft] = useState(name);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(name);
  }, [name]);
  const submit = () => {
    const cleaned = cleanName(draft);
    if (cleaned) onRename(cleaned);
    else setDraft(name);
  };
  return (
    <input
      aria-label="Your display name"
      value={draft}
      maxLength={NAME_MAX}
      onFocus={() => (focused.current = true)}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        focused.current = false;
        submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
      className="min-w-0 flex-1 rounded-lg border border-line bg-white px-2 py-1 text-sm focus:border-ink focus:outline-none"
    />
  );
}
