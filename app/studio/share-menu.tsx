'use client';

import { CopyField } from './copy-field';
import { ShareIcon } from './icons';
import { Popover } from './popover';

/** The room's two links: one to draw along, one to watch. */
export function ShareMenu({ editUrl, viewUrl }: { editUrl: string | null; viewUrl: string | null }) {
  return (
    <Popover
      label="Share"
      buttonClassName="inline-flex items-center gap-1.5 rounded-full border border-line bg-white px-3.5 py-2 text-sm font-medium transition hover:border-ink"
      button={
        <>
          <ShareIcon />
          <span className="hidden sm:inline">Share</span>
        </>
      }
    >
      <div className="flex w-[min(22rem,calc(100vw-2rem))] flex-col gap-4 p-4">
        {editUrl && (
          <div className="flex flex-col gap-1.5">
            <h3 className="text-sm font-semibold">Invite to draw</h3>
            <p className="text-xs text-ink-soft">Anyone with this link can draw, move sliders and save faces.</p>
            <CopyField label="Edit link" value={editUrl} testId="edit-link" />
          </div>
        )}
        <div className="flex flex-col gap-1.5">
          <h3 className="text-sm font-semibold">Invite to watch</h3>
          {viewUrl ? (
            <>
              <p className="text-xs text-ink-soft">Viewers see the drawing and the face live, but cannot change anything.</p>
              <CopyField label="View-only link" value={viewUrl} testId="view-link" />
            </>
          ) : (
            <p className="text-xs text-ink-soft">This browser does not have the view-only link for this room. Whoever started the room can share it.</p>
          )}
        </div>
      </div>
    </Popover>
  );
}
