'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { clearStrokes, setMeta, type StrokeTool } from '@/lib/doc';
import type { PresenceState } from '@/lib/realtime/presence';
import { Logo } from '../logo';
import { ConnectionBanner } from './connection-banner';
import { FacePanel } from './face-panel';
import { EyeIcon } from './icons';
import { loadIdentity, saveIdentity } from './identity';
import { People } from './people';
import { PresencePublisher, remoteDrags, roster, usePeers, useStable } from './presence';
import { editLink, parseFragment, rememberedKeys, rememberKeys, viewLink, type RoomKeys } from './room-keys';
import { SaveDialog } from './save-dialog';
import { ShareMenu } from './share-menu';
import { SketchCanvas } from './sketch-canvas';
import { SliderPanel } from './slider-panel';
import { Toolbar, WIDTHS } from './toolbar';
import { useLiveFace } from './use-face';
import { LOCAL_ORIGIN, useConnection, useMeta, useRoomSession, useSliders, useStrokes, useUndoState, type RoomSession } from './use-room';
import './studio.css';

export interface StudioProps {
  roomId: string;
  /** The room's title as stored with the room (the document's title wins once known). */
  title: string;
  modelName: string | null;
  attributes: readonly string[];
}

const NO_PRESENCE = { set() {} };
const NO_DRAGS: [] = [];

/** The room page's client side: reads the capability from the link, connects, and shows the studio. */
export function Studio(props: StudioProps) {
  const [keys, setKeys] = useState<RoomKeys | null>(null);
  useEffect(() => {
    const fromLink = parseFragment(window.location.hash);
    const known = { ...rememberedKeys(props.roomId), ...fromLink };
    // A view link must not pick up an edit token this browser remembers: the link says what to be.
    const chosen = fromLink.view && !fromLink.edit ? { view: fromLink.view } : known;
    rememberKeys(props.roomId, fromLink);
    setKeys(chosen);
  }, [props.roomId]);
  const token = keys?.edit ?? keys?.view ?? null;
  const session = useRoomSession(props.roomId, token);

  if (keys && !token) return <Shell title={props.title}><MissingKey /></Shell>;
  if (!session || !keys) return <Shell title={props.title}><Workspace attributes={props.attributes} modelName={props.modelName} /></Shell>;
  return <LiveStudio {...props} session={session} keys={keys} />;
}

function Shell({ title, header, children }: { title: string; header?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-line bg-paper/85 backdrop-blur">
        <div className="mx-auto flex h-16 w-full max-w-[1400px] items-center gap-3 px-4 sm:px-6">
          <Logo />
          <span className="hidden h-6 w-px bg-line sm:block" aria-hidden />
          <h1 className="hidden min-w-0 truncate font-display text-lg font-medium sm:block">{title || 'Untitled sketch'}</h1>
          <div className="ml-auto flex items-center gap-2">{header}</div>
        </div>
      </header>
      {children}
    </div>
  );
}

function MissingKey() {
  return (
    <main className="mx-auto flex w-full max-w-lg flex-1 flex-col items-start justify-center gap-5 px-6 pb-24">
      <p className="font-display text-sm text-accent italic">A key is missing</p>
      <h2 className="font-display text-4xl font-medium tracking-tight">This room opens with its link.</h2>
      <p className="text-lg leading-relaxed text-ink-soft">
        Rooms are private: ask whoever shared it for the full link (it ends in <code className="rounded bg-paper-deep px-1.5">#edit=…</code> or{' '}
        <code className="rounded bg-paper-deep px-1.5">#view=…</code>), or start a sketch of your own.
      </p>
      <Link href="/" className="rounded-full bg-ink px-5 py-2.5 font-medium text-paper transition hover:bg-accent-deep">
        Start a new sketch
      </Link>
    </main>
  );
}

interface WorkspaceProps {
  attributes: readonly string[];
  modelName: string | null;
  toolbar?: React.ReactNode;
  canvas?: React.ReactNode;
  face?: React.ReactNode;
  sliders?: React.ReactNode;
  overlay?: React.ReactNode;
}

/** The studio's layout; with no content yet it is the loading skeleton, at the same sizes. */
function Workspace({ attributes, modelName, toolbar, canvas, face, sliders, overlay }: WorkspaceProps) {
  const idleDoc = useMemo(() => new Y.Doc(), []);
  return (
    <main className="mx-auto grid w-full max-w-[1400px] flex-1 gap-6 px-4 py-5 sm:px-6 lg:grid-cols-[minmax(0,1fr)_minmax(320px,420px)] lg:gap-8">
      <section aria-label="Sketch" className="flex min-w-0 flex-col items-center gap-3">
        <div className="flex min-h-11 w-full justify-center">{toolbar}</div>
        <div className="relative w-full max-w-[min(100%,calc(100dvh-11rem))] min-w-0 overflow-hidden rounded-[1.75rem] border border-line bg-white shadow-[0_30px_60px_-40px_rgba(29,27,24,0.45)] [background-image:radial-gradient(var(--color-line)_1px,transparent_1px)] [background-size:22px_22px]">
          {canvas ?? <div className="aspect-square w-full" />}
          {overlay}
        </div>
      </section>
      <aside className="flex min-w-0 flex-col gap-6">
        <div className="mx-auto w-full max-w-sm lg:max-w-none">{face ?? <FacePanel face={null} rendering={false} empty modelName={modelName} />}</div>
        {sliders ?? <SliderPanel doc={idleDoc} attributes={attributes} committed={{}} drags={NO_DRAGS} canEdit={false} publisher={NO_PRESENCE} />}
      </aside>
    </main>
  );
}

function LiveStudio({ roomId, title, modelName, attributes, session, keys }: StudioProps & { session: RoomSession; keys: RoomKeys }) {
  const { doc, provider, undo } = session;
  const connection = useConnection(provider);
  const strokes = useStrokes(doc);
  const sliders = useSliders(doc);
  const meta = useMeta(doc);
  const peers = usePeers(provider.awareness);
  const people = useStable(roster(peers));
  const drags = useStable(remoteDrags(peers));
  const undoState = useUndoState(undo);
  const { face, rendering } = useLiveFace(provider);
  const [tool, setTool] = useState<StrokeTool>('pen');
  const [widthIndex, setWidthIndex] = useState<Record<StrokeTool, number>>({ pen: 1, eraser: 1 });
  const [cleared, setCleared] = useState(false);

  const publisher = useMemo(() => new PresencePublisher(provider.awareness), [provider]);
  useEffect(() => {
    const identity = loadIdentity();
    const initial: PresenceState = { ...identity, cursor: null, drawing: null, dragging: null };
    provider.awareness.setLocalState(initial);
    return () => publisher.dispose();
  }, [provider, publisher]);

  const canEdit = Boolean(keys.edit) && connection.capability !== 'view';
  const roomTitle = meta.title || title || 'Untitled sketch';

  // A room keeps the model it was created with: the first editor writes it into the document, which is
  // what the server renders with. (Not with LOCAL_ORIGIN: it is no edit of this person's to undo.)
  useEffect(() => {
    if (canEdit && connection.synced && modelName && !meta.model) setMeta(doc, { model: modelName });
  }, [canEdit, connection.synced, modelName, meta.model, doc]);

  const clear = () => {
    clearStrokes(doc, LOCAL_ORIGIN);
    setCleared(true);
  };
  useEffect(() => {
    if (!cleared) return;
    const timer = setTimeout(() => setCleared(false), 6000);
    return () => clearTimeout(timer);
  }, [cleared]);

  useEffect(() => {
    if (!canEdit) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) undo.redo();
        else undo.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        undo.redo();
      } else if (!mod && !event.altKey && key === 'b') {
        setTool('pen');
      } else if (!mod && !event.altKey && key === 'e') {
        setTool('eraser');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canEdit, undo]);

  const rename = useCallback(
    (name: string) => {
      saveIdentity({ name, color: loadIdentity().color });
      publisher.set({ name }, true);
    },
    [publisher],
  );

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const header = (
    <>
      <SyncStatus canEdit={canEdit} connection={connection} />
      <People peers={people} onRename={rename} />
      <ShareMenu editUrl={canEdit ? editLink(origin, roomId, keys) : null} viewUrl={viewLink(origin, roomId, keys)} />
      {canEdit && keys.edit && <SaveDialog roomId={roomId} editToken={keys.edit} defaultTitle={meta.title || title} canSave={strokes.length > 0} />}
    </>
  );

  const width = WIDTHS[tool][widthIndex[tool]]!.value;
  return (
    <Shell title={roomTitle} header={header}>
      <ConnectionBanner connection={connection} />
      {connection.status === 'denied' ? (
        <LinkRefused message={connection.refusal?.message} />
      ) : (
        <Workspace
          attributes={attributes}
          modelName={modelName}
          toolbar={
            canEdit ? (
              <Toolbar
                tool={tool}
                onTool={setTool}
                widthIndex={widthIndex[tool]}
                onWidthIndex={(index) => setWidthIndex({ ...widthIndex, [tool]: index })}
                canUndo={undoState.canUndo}
                canRedo={undoState.canRedo}
                canClear={strokes.length > 0}
                onUndo={() => undo.undo()}
                onRedo={() => undo.redo()}
                onClear={clear}
              />
            ) : (
              <p className="inline-flex items-center gap-2 self-center rounded-full border border-line bg-white/80 px-3.5 py-2 text-sm text-ink-soft" data-testid="view-only">
                <EyeIcon /> View only — you are watching this room live
              </p>
            )
          }
          canvas={<SketchCanvas doc={doc} strokes={strokes} peers={peers} tool={tool} width={width} canEdit={canEdit} publisher={publisher} />}
          overlay={
            cleared && (
              <div className="absolute inset-x-0 bottom-4 flex justify-center">
                <p className="flex items-center gap-3 rounded-full bg-ink py-1.5 pr-1.5 pl-4 text-sm text-paper shadow-lg">
                  Canvas cleared
                  <button
                    type="button"
                    onClick={() => {
                      undo.undo();
                      setCleared(false);
                    }}
                    className="rounded-full bg-paper/15 px-3 py-1 font-medium hover:bg-paper/25"
                  >
                    Undo
                  </button>
                </p>
              </div>
            )
          }
          face={<FacePanel face={face} rendering={rendering} empty={strokes.length === 0} modelName={modelName} />}
          sliders={<SliderPanel doc={doc} attributes={attributes} committed={sliders} drags={drags} canEdit={canEdit} publisher={publisher} />}
        />
      )}
    </Shell>
  );
}

function SyncStatus({ canEdit, connection }: { canEdit: boolean; connection: ReturnType<typeof useConnection> }) {
  if (!canEdit) {
    return <span className="hidden rounded-full bg-paper-deep px-2.5 py-1 text-xs font-medium text-ink-soft md:inline">View only</span>;
  }
  const saving = connection.unacknowledged > 0 || !connection.synced;
  return (
    <span className="mr-1 hidden items-center gap-1.5 text-xs text-ink-soft md:inline-flex" data-testid="sync-status">
      <span className={`size-1.5 rounded-full ${saving ? 'bg-amber-500' : 'bg-emerald-500'}`} aria-hidden />
      {connection.status !== 'connected' ? 'Connecting…' : saving ? 'Syncing…' : 'All changes saved'}
    </span>
  );
}

function LinkRefused({ message }: { message: string | undefined }) {
  return (
    <main className="mx-auto flex w-full max-w-lg flex-1 flex-col items-start justify-center gap-5 px-6 pb-24">
      <p className="font-display text-sm text-accent italic">This link does not open the room</p>
      <h2 className="font-display text-4xl font-medium tracking-tight">The key does not fit.</h2>
      <p className="text-lg leading-relaxed text-ink-soft">{message ? `The server said: ${message}.` : 'The link may be incomplete.'} Ask for a fresh link, or start a sketch of your own.</p>
      <Link href="/" className="rounded-full bg-ink px-5 py-2.5 font-medium text-paper transition hover:bg-accent-deep">
        Start a new sketch
      </Link>
    </main>
  );
}
