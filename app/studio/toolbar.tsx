'use client';

import type { KeyboardEvent, ReactNode } from 'react';
import type { StrokeTool } from '@/lib/doc';
import { EraserIcon, PenIcon, RedoIcon, TrashIcon, UndoIcon } from './icons';

/** Line widths as fractions of the canvas side, per tool. */
export const WIDTHS: Record<StrokeTool, readonly { label: string; value: number }[]> = {
  pen: [
    { label: 'Fine', value: 0.005 },
    { label: 'Medium', value: 0.009 },
    { label: 'Bold', value: 0.016 },
  ],
  eraser: [
    { label: 'Small', value: 0.025 },
    { label: 'Medium', value: 0.05 },
    { label: 'Large', value: 0.09 },
  ],
};

interface ToolbarProps {
  tool: StrokeTool;
  onTool(tool: StrokeTool): void;
  widthIndex: number;
  onWidthIndex(index: number): void;
  canUndo: boolean;
  canRedo: boolean;
  canClear: boolean;
  onUndo(): void;
  onRedo(): void;
  onClear(): void;
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function ToolButton({ label, shortcut, active, disabled, onClick, children }: { label: string; shortcut?: string; active?: boolean; disabled?: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      aria-pressed={active}
      title={shortcut ? `${label} (${shortcut})` : label}
      className={`grid size-9 place-items-center rounded-full transition ${
        active ? 'bg-ink text-paper shadow-sm' : 'text-ink-soft hover:bg-paper-deep hover:text-ink'
      } disabled:pointer-events-none disabled:opacity-35`}
    >
      {children}
    </button>
  );
}

/** Pen, eraser, line width, undo/redo and clear: the canvas's controls. */
export function Toolbar(props: ToolbarProps) {
  const mod = isMac() ? '⌘' : 'Ctrl+';
  // A radio group is one Tab stop; arrow keys move the choice (WAI-ARIA radio group pattern).
  const onWidthKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const count = WIDTHS[props.tool].length;
    const next = (props.widthIndex + step + count) % count;
    props.onWidthIndex(next);
    event.currentTarget.querySelector<HTMLElement>(`[data-width-index="${next}"]`)?.focus();
  };
  return (
    <div role="toolbar" aria-label="Drawing tools" className="flex flex-wrap items-center gap-1 rounded-full border border-line bg-white/85 p-1 shadow-[0_8px_24px_-16px_rgba(29,27,24,0.45)] backdrop-blur">
      <ToolButton label="Pen" shortcut="B" active={props.tool === 'pen'} onClick={() => props.onTool('pen')}>
        <PenIcon />
      </ToolButton>
      <ToolButton label="Eraser" shortcut="E" active={props.tool === 'eraser'} onClick={() => props.onTool('eraser')}>
        <EraserIcon />
      </ToolButton>
      <span className="mx-1 h-5 w-px bg-line" aria-hidden />
      <div role="radiogroup" aria-label="Line width" className="flex items-center" onKeyDown={onWidthKey}>
        {WIDTHS[props.tool].map((width, index) => (
          <button
            key={width.label}
            type="button"
            role="radio"
            aria-checked={props.widthIndex === index}
            tabIndex={props.widthIndex === index ? 0 : -1}
            data-width-index={index}
            aria-label={`${width.label} line`}
            title={`${width.label} line`}
            onClick={() => props.onWidthIndex(index)}
            className={`grid size-9 place-items-center rounded-full transition ${props.widthIndex === index ? 'bg-paper-deep' : 'hover:bg-paper-deep/70'}`}
          >
            <span
              className={`rounded-full ${props.tool === 'eraser' ? 'border border-ink-soft bg-white' : 'bg-ink'}`}
              style={{ width: 4 + index * 4, height: 4 + index * 4 }}
            />
          </button>
        ))}
      </div>
      <span className="mx-1 h-5 w-px bg-line" aria-hidden />
      <ToolButton label="Undo" shortcut={`${mod}Z`} disabled={!props.canUndo} onClick={props.onUndo}>
        <UndoIcon />
      </ToolButton>
      <ToolButton label="Redo" shortcut={`Shift+${mod}Z`} disabled={!props.canRedo} onClick={props.onRedo}>
        <RedoIcon />
      </ToolButton>
      <ToolButton label="Clear canvas" disabled={!props.canClear} onClick={props.onClear}>
        <TrashIcon />
      </ToolButton>
    </div>
  );
}
