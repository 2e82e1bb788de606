'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import { addStroke, clearStrokes, setMeta, setSlider, type Stroke, type StrokeTool } from '@/lib/doc';
import type { PresenceState } from '@/lib/realtime/presence';
import { restoreCheckpoint, type CheckpointJson, type SketchSnapshot } from '@/lib/studio/history';
import { starterStrokes } from '@/lib/studio/starters';
import type { ReplayFrame } from '@/lib/studio/replay';
import { Logo } from '../logo';
import { CompareButton, useCompare } from './compare';
import { ConnectionNotice, ConnectionStatus, faceSync } from './connection-status';
import { FacePanel } from './face-panel';
import { Explore } from './explore';
import { EyeIcon } from './icons';
import { loadIdentity, saveIdentity } from './identity';
import { People } from './people';
import { PhotoImport } from './photo-import';
import { PresencePublisher, remoteDrags, roster, usePeers, useStable } from './presence';
import { editLink, parseFragment, rememberedKeys, rememberKeys, viewLink, type RoomKeys } from './room-keys';
import { SaveDialog } from './save-dialog';
import { ShareMenu } from './share-menu';
import { RoomTitle } from './room-title';
import { SketchCanvas } from './sketch-canvas';
import { StartingPoints } from './starting-points';
import { SnapshotFaces, useSnapshotFace } from './sketch-faces';
import { HistoryPanel, PreviewBar, ReplayControls, checkpointTime } from './timeline';
import { PenRenderer, usePenFace } from './use-pen-render';
import { useTimeline } from './use-timeline';
import { SliderPanel } from './slider-panel';
import { Toolbar, WIDTHS } from './toolbar';
import { Workspace } from './workspace';
import { useLiveFace, type LiveFace } from './use-face';
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
const NO_PEERS: [] = [];

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
  if (!session || !keys || !token) return <Shell title={props.title}><Skeleton attributes={props.attributes} modelName={props.modelName} /></Shell>;
  return <LiveStudio {...props} session={session} keys={keys} token={token} />;
}

function Shell({ title, titleEditor, header, children }: { title: string; titleEditor?: React.ReactNode; header?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-line bg-paper/85 backdrop-blur">
        <div className="mx-auto flex h-16 w-full max-w-[1400px] items-center gap-3 px-4 sm:px-6">
          <Logo />
          <span className="hidden h-6 w-px bg-line sm:block" aria-hidden />
          {titleEditor ?? <h1 className="hidden min-w-0 truncate font-display text-lg font-medium sm:block">{title || 'Untitled sketch'}</h1>}
          <div className="ml-auto flex items-center gap-2">{header}</div>
        </div>
      </header>
      {children}
    </div>
  );
}

/** The studio at its real sizes before the room has connected. */
function Skeleton({ attributes, modelName }: { attributes: readonly string[]; modelName: string | null }) {
  const idleDoc = useMemo(() => new Y.Doc(), []);
  return (
    <Workspace
      face={<FacePanel face={null} rendering={false} empty modelName={modelName} />}
      sliders={<SliderPanel doc={idleDoc} attributes={attributes} committed={{}} drags={NO_DRAGS} canEdit={false} publisher={NO_PRESENCE} />}
    />
  );
}

function MissingKey() {
  return (
    <main className="mx-auto flex w-full max-w-lg flex-1 flex-col items-start justify-center gap-5 px-6 pb-24">
      <p className="font-display text-sm text-accent-deep italic">A key is missing</p>
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

/** What the studio shows: the room as it is, an earlier state from its history, or its replay. */
type HistoryView =
  | { kind: 'now' }
  | { kind: 'preview'; checkpoint: CheckpointJson; snapshot: SketchSnapshot }
  | { kind: 'replay'; snapshots: SketchSnapshot[]; keys: string[]; frame: ReplayFrame | null };

/** How long Clear waits for this browser's edits to be durable before recording the state it removes. */
const CHECKPOINT_WAIT_MS = 1500;

function LiveStudio({ roomId, title, modelName, attributes, session, keys, token }: StudioProps & { session: RoomSession; keys: RoomKeys; token: string }) {
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
  const [view, setView] = useState<HistoryView>({ kind: 'now' });
  const timeline = useTimeline(roomId, token, true);
  const snapshotFaces = useMemo(() => new SnapshotFaces(modelName), [modelName]);
  useEffect(() => () => snapshotFaces.dispose(), [snapshotFaces]);
  const pen = useMemo(() => new PenRenderer(), []);
  pen.context = { strokes, sliders, model: modelName };
  useEffect(() => pen.roomFace(face?.hash ?? null), [pen, face?.hash]);
  useEffect(() => () => pen.dispose(), [pen]);
  const compare = useCompare(strokes, modelName);
  const [exploring, setExploring] = useState(false);
  const edited = Object.values(sliders).some((value) => value !== 0);

  const addStrokes = (added: Stroke[]) =>
    doc.transact(() => {
      for (const stroke of added) addStroke(doc, stroke);
    }, LOCAL_ORIGIN);
  const strokePrefix = () => `${doc.clientID.toString(36)}-${Date.now().toString(36)}`;

  const pickVariation = (values: Record<string, number>) =>
    doc.transact(() => {
      for (const [attribute, value] of Object.entries(values)) setSlider(doc, attribute, value);
    }, LOCAL_ORIGIN);

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

  const clear = async () => {
    // The state about to go is kept in the room's history first, for everyone to get back to.
    if (connection.status === 'connected') {
      await Promise.race([provider.whenAcknowledged(), new Promise((resolve) => setTimeout(resolve, CHECKPOINT_WAIT_MS))]);
      await timeline.record({ kind: 'clear' });
    }
    clearStrokes(doc, LOCAL_ORIGIN);
    setCleared(true);
  };

  const preview = async (checkpoint: CheckpointJson | null) => {
    if (!checkpoint) return setView({ kind: 'now' });
    try {
      const snapshot = await timeline.snapshot(checkpoint.id);
      setView({ kind: 'preview', checkpoint, snapshot });
    } catch {
      setView({ kind: 'now' });
    }
  };

  const restore = async (checkpoint: CheckpointJson) => {
    restoreCheckpoint(doc, await timeline.state(checkpoint.id), LOCAL_ORIGIN);
    setView({ kind: 'now' });
  };

  const replay = useCallback(async () => {
    const checkpoints = timeline.checkpoints;
    const snapshots = await Promise.all(checkpoints.map((checkpoint) => timeline.snapshot(checkpoint.id)));
    const now = { strokes, sliders };
    setView({ kind: 'replay', snapshots: [...snapshots, now], keys: [...checkpoints.map((checkpoint) => checkpoint.id), 'now'], frame: null });
  }, [timeline, strokes, sliders]);

  // A link to the replay (from a face page) starts it once the timeline is in.
  const replayRequested = useRef(typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('replay'));
  useEffect(() => {
    if (!replayRequested.current || timeline.checkpoints.length === 0) return;
    replayRequested.current = false;
    void replay();
  }, [timeline.checkpoints, replay]);
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

  if (connection.status === 'denied') {
    return (
      <Shell title={title}>
        <LinkRefused message={connection.refusal?.message} />
      </Shell>
    );
  }

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const header = (
    <>
      <ConnectionStatus canEdit={canEdit} connection={connection} />
      <People peers={people} onRename={rename} />
      <ShareMenu editUrl={canEdit ? editLink(origin, roomId, keys) : null} viewUrl={viewLink(origin, roomId, keys)} />
      {canEdit && keys.edit && (
        <SaveDialog
          roomId={roomId}
          editToken={keys.edit}
          defaultTitle={meta.title || title}
          canSave={strokes.length > 0}
          online={connection.status === 'connected'}
          onSaved={(saved) => void timeline.record({ kind: 'save', label: saved.title })}
        />
      )}
    </>
  );

  const width = WIDTHS[tool][widthIndex[tool]]!.value;
  return (
    <Shell title={roomTitle} titleEditor={canEdit ? <RoomTitle title={meta.title || title} onRename={(next) => setMeta(doc, { title: next }, LOCAL_ORIGIN)} /> : undefined} header={header}>
      <ConnectionNotice refusal={connection.refusal} />
      <Workspace
        toolbar={
          view.kind === 'preview' ? (
            <PreviewBar checkpoint={view.checkpoint} canRestore={canEdit} onRestore={() => void restore(view.checkpoint)} onClose={() => setView({ kind: 'now' })} />
          ) : view.kind === 'replay' ? (
            <ReplayControls snapshots={view.snapshots} onFrame={(frame) => setView((current) => (current.kind === 'replay' ? { ...current, frame } : current))} onClose={() => setView({ kind: 'now' })} />
          ) : canEdit ? (
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
              onClear={() => void clear()}
            />
          ) : (
            <p className="inline-flex items-center gap-2 self-center rounded-full border border-line bg-white/80 px-3.5 py-2 text-sm text-ink-soft" data-testid="view-only">
              <EyeIcon /> View only — you are watching this room live
            </p>
          )
        }
        canvas={
          view.kind === 'now' ? (
            <SketchCanvas doc={doc} strokes={strokes} peers={peers} tool={tool} width={width} canEdit={canEdit} publisher={publisher} onLiveStroke={pen.update} />
          ) : (
            <SketchCanvas doc={doc} strokes={view.kind === 'preview' ? view.snapshot.strokes : (view.frame?.strokes ?? [])} peers={NO_PEERS} tool={tool} width={width} canEdit={false} publisher={NO_PRESENCE} />
          )
        }
        overlay={
          view.kind !== 'now' ? null : cleared ? (
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
          ) : (
            canEdit &&
            strokes.length === 0 && (
              <StartingPoints
                onStarter={(starter) => addStrokes(starterStrokes(starter, strokePrefix()))}
                extra={<PhotoImport model={modelName} idPrefix={strokePrefix()} onStrokes={addStrokes} />}
              />
            )
          )
        }
        face={
          view.kind === 'now' ? (
            <NowFace
              pen={pen}
              roomFace={face}
              compareFace={compare.holding ? compare.face : undefined}
              rendering={rendering}
              empty={strokes.length === 0}
              modelName={modelName}
              sync={faceSync(connection)}
              caption={compare.holding ? 'Before slider edits' : undefined}
              controls={edited && strokes.length > 0 ? <CompareButton onHold={compare.setHolding} /> : undefined}
            />
          ) : (
            <HistoryFace view={view} faces={snapshotFaces} liveFace={face} modelName={modelName} />
          )
        }
        sliders={
          <SliderPanel
            doc={doc}
            attributes={attributes}
            committed={view.kind === 'preview' ? view.snapshot.sliders : sliders}
            drags={view.kind === 'now' ? drags : NO_DRAGS}
            canEdit={canEdit && view.kind === 'now'}
            publisher={publisher}
            actions={
              canEdit &&
              view.kind === 'now' && (
                <button
                  type="button"
                  onClick={() => setExploring(!exploring)}
                  disabled={strokes.length === 0}
                  aria-expanded={exploring}
                  className="rounded-full px-2.5 py-1 text-xs font-medium text-ink-soft transition hover:bg-paper-deep hover:text-ink disabled:opacity-40"
                >
                  Explore
                </button>
              )
            }
          >
            {exploring && view.kind === 'now' && strokes.length > 0 && (
              <Explore strokes={strokes} sliders={sliders} attributes={attributes} model={modelName} onPick={pickVariation} onClose={() => setExploring(false)} />
            )}
          </SliderPanel>
        }
        history={
          <HistoryPanel
            checkpoints={timeline.checkpoints}
            selected={view.kind === 'preview' ? view.checkpoint.id : null}
            error={timeline.error}
            onSelect={(checkpoint) => void preview(checkpoint)}
            onReplay={() => void replay()}
          />
        }
      />
    </Shell>
  );
}

/** The room's face, or the pen's while a stroke is drawn, or the unedited one while Compare is held. */
function NowFace({ pen, roomFace, compareFace, rendering, ...panel }: { pen: PenRenderer; roomFace: LiveFace | null; compareFace: LiveFace | null | undefined } & Omit<React.ComponentProps<typeof FacePanel>, 'face'>) {
  const penFace = usePenFace(pen);
  const comparing = compareFace !== undefined;
  return <FacePanel {...panel} face={comparing ? compareFace : (penFace ?? roomFace)} rendering={comparing ? compareFace === null : rendering && !penFace} />;
}

/** The face of an earlier state (rendered on demand), or of the replay's current frame. */
function HistoryFace({ view, faces, liveFace, modelName }: { view: Exclude<HistoryView, { kind: 'now' }>; faces: SnapshotFaces; liveFace: LiveFace | null; modelName: string | null }) {
  let key: string | null;
  let snapshot: SketchSnapshot | null;
  let caption: string;
  if (view.kind === 'preview') {
    key = view.checkpoint.id;
    snapshot = view.snapshot;
    caption = `Face at ${checkpointTime(view.checkpoint)}`;
  } else {
    // While a checkpoint's strokes are drawn, the face is still the one before it.
    const index = view.frame ? (view.frame.complete ? view.frame.index : view.frame.index - 1) : -1;
    key = index >= 0 ? view.keys[index]! : null;
    snapshot = index >= 0 ? view.snapshots[index]! : null;
    caption = 'Replay';
  }
  const rendered = useSnapshotFace(faces, key === 'now' ? null : key, snapshot);
  const face = key === 'now' ? liveFace : rendered;
  const empty = !snapshot || snapshot.strokes.length === 0;
  return <FacePanel face={face} rendering={!empty && face === null} empty={empty} modelName={modelName} caption={caption} />;
}

function LinkRefused({ message }: { message: string | undefined }) {
  return (
    <main className="mx-auto flex w-full max-w-lg flex-1 flex-col items-start justify-center gap-5 px-6 pb-24" data-testid="link-refused">
      <p className="font-display text-sm text-accent-deep italic">This link does not open the room</p>
      <h2 className="font-display text-4xl font-medium tracking-tight">The key does not fit.</h2>
      <p className="text-lg leading-relaxed text-ink-soft">{message ? `The server said: ${message}.` : 'The link may be incomplete.'} Ask for a fresh link, or start a sketch of your own.</p>
      <Link href="/" className="rounded-full bg-ink px-5 py-2.5 font-medium text-paper transition hover:bg-accent-deep">
        Start a new sketch
      </Link>
    </main>
  );
}
