'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** A button that opens a panel below it; Escape or a click outside closes it. */
export function Popover({
  label,
  button,
  children,
  buttonClassName = 'rounded-full p-0.5 transition hover:bg-paper-deep',
  align = 'right',
}: {
  label: string;
  button: ReactNode;
  children: ReactNode;
  buttonClassName?: string;
  align?: 'left' | 'right';
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button type="button" aria-label={label} title={label} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} className={buttonClassName}>
        {button}
      </button>
      {open && (
        <div
          id={panelId}
          className={`absolute top-full z-30 mt-2 rounded-2xl border border-line bg-white shadow-[0_24px_48px_-20px_rgba(29,27,24,0.45)] ${align === 'right' ? 'right-0' : 'left-0'}`}
        >
          {children}
        </div>
      )}
    </div>
  );
}
