/**
 * Display labels for facial attributes: what the studio calls each slider and each end of it. Which
 * attributes a room has, and in which order, comes from its model (models/manifest.json, handed to the
 * room page by the server); an attribute without a label here is shown by its name.
 */
export interface AttributeLabel {
  /** The slider's name. */
  name: string;
  /** What −1 and +1 push the face towards; empty when unknown. */
  less: string;
  more: string;
}

const LABELS: Readonly<Record<string, AttributeLabel>> = {
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

/** Whether the studio knows how to label this attribute (the gallery filters only by these). */
export function isAttribute(name: string): boolean {
  return Object.hasOwn(LABELS, name);
}

export function attributeLabel(name: string): AttributeLabel {
  return isAttribute(name) ? LABELS[name]! : { name: name.replaceAll('_', ' '), less: '', more: '' };
}

export function attributeName(name: string): string {
  return attributeLabel(name).name;
}

/** Sliders snap to hundredths: enough for the model, and values stay short in documents and URLs. */
export function roundStrength(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(-1, value)) * 100) / 100;
}
