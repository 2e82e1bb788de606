import {
  mean,
  meanChange,
  median,
  rightWayShare,
  SAME_PERSON_DISTANCE,
  shareBelow,
} from './metrics.ts';
import type { SketchStyle } from './options.ts';
import { EDITS, type EditAttribute, type FaceScores, SYSTEMS, type SystemName } from './scores.ts';

export interface RunFacts {
  model: string;
  /** sha256 of the model's decoder graph: which export of the model was measured. */
  decoderSha256: string;
  /** The model's input (sketch) resolution. */
  inputResolution: number;
  /** The resolution faces, true photos and baselines are judged at: the model's output resolution. */
  resolution: number;
  style: SketchStyle;
  seed: number;
  trainingFaces: number;
  runtimeSeconds: number;
  date: string;
}

export interface SystemSummary {
  system: SystemName | 'real';
  label: string;
  detectionRate: number;
  meanScore: number;
  /** null for the real photos, which are the reference themselves. */
  identityMedian: number | null;
  identitySameShare: number | null;
  landmarkError: number | null;
}

export interface EditSummary {
  attribute: EditAttribute;
  unit: string;
  direction: 1 | -1;
  rightWayShare: number;
  meanChange: number;
  /** Median descriptor distance of the −1 and +1 faces to the neutral face. */
  identityKept: number;
}

export interface Report extends RunFacts {
  faces: number;
  systems: SystemSummary[];
  edits: EditSummary[];
  /** Median descriptor distance of every edited face to its neutral face, all edits pooled. */
  identityKept: number;
}

export const SYSTEM_LABELS: Record<SystemName | 'real', string> = {
  model: 'model',
  nearest: 'baseline: nearest-neighbour retrieval',
  mean: 'baseline: mean training face',
  real: 'reference: the true photos',
};

function summariseSystem(faces: readonly FaceScores[], system: SystemName): SystemSummary {
  const scores = faces.map((face) => face.systems[system]);
  const identity = scores.map((s) => s.identityDistance);
  return {
    system,
    label: SYSTEM_LABELS[system],
    detectionRate: mean(scores.map((s) => (s.detected ? 1 : 0))),
    meanScore: mean(scores.map((s) => s.score)),
    identityMedian: median(identity),
    identitySameShare: shareBelow(identity, SAME_PERSON_DISTANCE),
    landmarkError: mean(scores.map((s) => s.landmarkError)),
  };
}

export function summarise(faces: readonly FaceScores[], facts: RunFacts): Report {
  if (faces.length === 0) throw new Error('no faces were scored');
  const real: SystemSummary = {
    system: 'real',
    label: SYSTEM_LABELS.real,
    detectionRate: mean(faces.map((face) => (face.real.detected ? 1 : 0))),
    meanScore: mean(faces.map((face) => face.real.score)),
    identityMedian: null,
    identitySameShare: null,
    landmarkError: null,
  };
  const edits = EDITS.map(({ attribute, unit, direction }): EditSummary => {
    const scores = faces.map((face) => face.edits[attribute]);
    return {
      attribute,
      unit,
      direction,
      rightWayShare: rightWayShare(scores, direction),
      meanChange: meanChange(scores),
      identityKept: median(scores.flatMap((s) => [s.keptLow, s.keptHigh])),
    };
  });
  const kept = faces.flatMap((face) => EDITS.flatMap(({ attribute }) => [face.edits[attribute].keptLow, face.edits[attribute].keptHigh]));
  return {
    ...facts,
    faces: faces.length,
    systems: [...SYSTEMS.map((system) => summariseSystem(faces, system)), real],
    edits,
    identityKept: median(kept),
  };
}

const STYLE_NAMES: Record<SketchStyle, string> = {
  clean: 'clean synthetic sketches',
  rough: 'badly drawn (rough) synthetic sketches',
  studio: "studio-style strokes traced from the photos, drawn by the server's rasteriser",
};

const percent = (value: number) => `${(100 * value).toFixed(0)} %`;
const fixed = (digits: number) => (value: number | null) => (value === null ? '—' : value.toFixed(digits));
const signed = (value: number, digits: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

/** The report's two tables in markdown, with the facts needed to read them. */
export function renderTables(report: Report): string {
  const lines = [
    `${report.faces} validation faces, ${STYLE_NAMES[report.style]} at ${report.inputResolution} px, ` +
      `faces, true photos and baselines judged at ${report.resolution} px, seed ${report.seed}; ` +
      `run ${report.date} in ${Math.round(report.runtimeSeconds)} s.`,
    '',
    '| | faces detected | mean detector score | identity distance to true photo (median) | same person (< 0.6) | landmark error (NME) |',
    '|---|---|---|---|---|---|',
    ...report.systems.map(
      (s) =>
        `| ${s.system === 'model' ? `**${report.model}**` : s.label} | ${percent(s.detectionRate)} | ${fixed(2)(s.meanScore)} | ` +
        `${fixed(3)(s.identityMedian)} | ${s.identitySameShare === null ? '—' : percent(s.identitySameShare)} | ${fixed(3)(s.landmarkError)} |`,
    ),
    '',
    '| slider edit (−1 → +1) | judge | moved the right way | mean change | identity kept (median distance to neutral) |',
    '|---|---|---|---|---|',
    ...report.edits.map(
      (e) =>
        `| ${e.attribute} | ${e.unit} should go ${e.direction > 0 ? 'up' : 'down'} | ${percent(e.rightWayShare)} | ` +
        `${signed(e.meanChange, e.attribute === 'Young' ? 1 : 3)} | ${e.identityKept.toFixed(3)} |`,
    ),
    `| all six edits | | | | ${report.identityKept.toFixed(3)} |`,
  ];
  return lines.join('\n');
}
