import type { AttributeReading } from './judge.ts';

/** The slider edits the evaluation checks, each with the judge that should move and the way it should move. */
export const EDITS = [
  { attribute: 'Smiling', reading: 'happy', direction: 1, unit: 'P(happy)' },
  { attribute: 'Male', reading: 'maleProbability', direction: 1, unit: 'P(male)' },
  { attribute: 'Young', reading: 'age', direction: -1, unit: 'years of age' },
] as const satisfies readonly { attribute: string; reading: AttributeReading; direction: 1 | -1; unit: string }[];

export type EditAttribute = (typeof EDITS)[number]['attribute'];

/** The systems whose faces are compared with the true photos. */
export const SYSTEMS = ['model', 'nearest', 'mean'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export interface Detection {
  score: number;
  detected: boolean;
}

/** One system's face for one validation sketch, compared with the true photo. */
export interface SystemScore extends Detection {
  /** Euclidean distance of the 128-d descriptors of this face and the true photo. */
  identityDistance: number;
  /** Landmark error against the true photo's landmarks, in inter-ocular distances. */
  landmarkError: number;
}

/** One attribute's edit of one face: the judge's readings at −1 and +1, and how far each moved from the neutral face. */
export interface EditScore {
  low: number;
  high: number;
  /** Descriptor distances of the −1 and +1 faces to the neutral face. */
  keptLow: number;
  keptHigh: number;
}

/** Everything measured for one validation face. */
export interface FaceScores {
  id: number;
  real: Detection;
  systems: Record<SystemName, SystemScore>;
  edits: Record<EditAttribute, EditScore>;
}
