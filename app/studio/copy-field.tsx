'use client';

import { useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** A read-only link with a copy button (falls back to selecting the text where the clipboard is refused). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async (input: HTMLInputElement | null) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1600);
    } catch {
      input?.select();
    }
  };
  return (
    <div className="flex items-center gap-1.5 rounded-xl border border-line bg-paper/60 p-1 pl-3">
      <input
        readOnly
        aria-label={label}
        value={value}
        data-testid={testId}
        onFocus={(event) => event.currentTarget.select()}
        className="min-w-0 flex-1 truncate bg-transparent font-mono text-xs text-ink-soft focus:outline-none"
      />
      <button
        type="button"
        onClick={(event) => void copy(event.currentTarget.parentElement?.querySelector('input') ?? null)}
        className={`inline-flex shrink-0 items-center gap-1 rounded-lg px-2.5 py-1.5 text-xs font-medium transition ${copied ? 'bg-emerald-600 text-white' : 'bg-ink text-paper hover:bg-accent-deep'}`}
      >
        {copied ? <CheckIcon /> : <CopyIcon />}
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
