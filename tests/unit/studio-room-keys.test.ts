import { describe, expect, it } from 'vitest';
import { editLink, parseFragment, viewLink } from '../../app/studio/room-keys.ts';

const EDIT = 'e'.repeat(43);
const VIEW = 'v'.repeat(43);

describe('room links', () => {
  it('reads the capabilities from the URL fragment', () => {
    expect(parseFragment(`#edit=${EDIT}&view=${VIEW}`)).toEqual({ edit: EDIT, view: VIEW });
    expect(parseFragment(`#view=${VIEW}`)).toEqual({ view: VIEW });
    expect(parseFragment('')).toEqual({});
  });

  it('ignores anything that is not a token', () => {
    expect(parseFragment('#edit=short')).toEqual({});
    expect(parseFragment(`#edit=${'x'.repeat(300)}`)).toEqual({});
    expect(parseFragment('#edit=<script>alert(1)</script>aaaaaaaaaaaaaa')).toEqual({});
  });

  it('builds an edit link that carries the view token, and a view link without the edit token', () => {
    const keys = { edit: EDIT, view: VIEW };
    expect(editLink('https://f.example', 'room1234abcd', keys)).toBe(`https://f.example/r/room1234abcd#edit=${EDIT}&view=${VIEW}`);
    expect(viewLink('https://f.example', 'room1234abcd', keys)).toBe(`https://f.example/r/room1234abcd#view=${VIEW}`);
    expect(editLink('https://f.example', 'room1234abcd', { view: VIEW })).toBeNull();
    expect(viewLink('https://f.example', 'room1234abcd', { edit: EDIT })).toBeNull();
    expect(parseFragment(new URL(editLink('https://f.example', 'r', keys)!).hash)).toEqual(keys);
  });
});
