/**
 * The twelve facial attributes the sliders edit, in the models' order (models/README.md), with the
 * words the studio shows for each end of a slider. A model's manifest may list fewer; the studio shows
 * the ones the room's model has.
 */
export const ATTRIBUTES = [
  'Smiling',
  'Male',
  'No_Beard',
  'Eyeglasses',
  'Young',
  'Bangs',
  'Narrow_Eyes',
  'Pale_Skin',
  'Big_Lips',
  'Big_Nose',
  'Mustache',
  'Chubby',
] as const;

export type Attribute = (typeof ATTRIBUTES)[number];

export interface AttributeLabel {
  /** The slider's name. */
  name: string;
  /** What −1 and +1 push the face towards. */
  less: string;
  more: string;
}

export const ATTRIBUTE_LABELS: Record<Attribute, AttributeLabel> = {
  Smiling: { name: 'Smile', less: 'serious', more: 'smiling' },
  Male: { name: 'Masculine', less: 'feminine', more: 'masculine' },
  No_Beard: { name: 'Clean-shaven', less: 'bearded', more: 'clean-shaven' },
  Eyeglasses: { name: 'Glasses', less: 'none', more: 'glasses' },
  Young: { name: 'Youth', less: 'older', more: 'younger' },
  Bangs: { name: 'Bangs', less: 'none', more: 'bangs' },
  Narrow_Eyes: { name: 'Narrow eyes', less: 'wide', more: 'narrow' },
  Pale_Skin: { name: 'Pale skin', less: 'darker', more: 'paler' },
  Big_Lips: { name: 'Full lips', less: 'thin', more: 'full' },
  Big_Nose: { name: 'Big nose', less: 'small', more: 'big' },
  Mustache: { name: 'Mustache', less: 'none', more: 'mustache' },
  Chubby: { name: 'Round face', less: 'slim', more: 'round' },
};

export function isAttribute(name: string): name is Attribute {
  return (ATTRIBUTES as readonly string[]).includes(name);
}

export function attributeName(name: string): string {
  return isAttribute(name) ? ATTRIBUTE_LABELS[name].name : name.replaceAll('_', ' ');
}

/** Sliders snap to hundredths: enough for the model, and values stay short in documents and URLs. */
export function roundStrength(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(-1, value)) * 100) / 100;
}
