import type { RefusalCode, RefusalData } from '../../lib/realtime/protocol.ts';

/** A message refused with a reason meant for its sender; nothing it carried was applied. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }

  toData(): RefusalData {
    return { code: this.code, message: this.message };
  }
}
