/**
 * What each client puts in its awareness state (y-protocols awareness): transient, per-connection,
 * never persisted. The server only caps its size and keeps one socket from speaking for another's
 * clientID; readers treat remote states as untrusted input and check what they use.
 */
export interface PresenceState {
  name: string;
  /** A CSS colour. */
  color: string;
  /** Pointer position in the normalised canvas space, null when off the canvas. */
  cursor: { x: number; y: number } | null;
  /** The stroke being drawn, shown to others before the pen lifts (x, y, pressure triples in 0..1). */
  drawing: { id: string; tool: 'pen' | 'eraser'; width: number; points: number[] } | null;
  /** A slider being dragged: its live value, before it is committed to the document. */
  dragging: { attribute: string; value: number } | null;
}
