// What a drag does to the board's lists (components/board/drag-rules.ts):
// where the card goes while it is over another column, and what a drop asks
// the server for (column and neighbours), or nothing when it lands where it was.
import { describe, expect, it } from 'vitest';
import { dropOf, findContainer, moveOver, type Items } from '../../../components/board/drag-rules';

const board = (): Items => ({
  'all::todo': ['a', 'b', 'c'],
  'all::in_progress': ['d'],
  'all::done': [],
});
const showAll = () => Infinity;

describe('findContainer', () => {
  it('finds a container by its id or by a card in it', () => {
    expect(findContainer(board(), 'all::done')).toBe('all::done');
    expect(findContainer(board(), 'c')).toBe('all::todo');
    expect(findContainer(board(), 'zzz')).toBeUndefined();
  });
});

describe('moveOver', () => {
  it('puts the card above or below the card it is over in another column', () => {
    expect(moveOver(board(), 'b', { overId: 'd', below: false }, showAll)).toMatchObject({
      'all::todo': ['a', 'c'],
      'all::in_progress': ['b', 'd'],
    });
    expect(moveOver(board(), 'b', { overId: 'd', below: true }, showAll)?.['all::in_progress']).toEqual(['d', 'b']);
  });

  it('over a column itself, below its last shown card (cards past "Show more" stay below)', () => {
    expect(moveOver(board(), 'd', { overId: 'all::todo', below: false }, showAll)?.['all::todo']).toEqual(['a', 'b', 'c', 'd']);
    expect(moveOver(board(), 'd', { overId: 'all::todo', below: false }, () => 2)?.['all::todo']).toEqual(['a', 'b', 'd', 'c']);
    expect(moveOver(board(), 'a', { overId: 'all::done', below: false }, showAll)?.['all::done']).toEqual(['a']);
  });

  it('changes nothing within the same column or across swimlanes', () => {
    expect(moveOver(board(), 'a', { overId: 'c', below: true }, showAll)).toBeNull();
    const lanes: Items = { 'high::todo': ['a'], 'low::todo': [], 'low::done': ['z'] };
    expect(moveOver(lanes, 'a', { overId: 'low::todo', below: false }, showAll)).toBeNull();
    expect(moveOver(lanes, 'a', { overId: 'z', below: false }, showAll)).toBeNull();
  });
});

describe('dropOf', () => {
  it('a drop in another column names the column and the new neighbours', () => {
    const original = board();
    const dragged = moveOver(original, 'b', { overId: 'd', below: true }, showAll)!;
    // Once moved there, the card is over itself.
    expect(dropOf(dragged, original, 'all::todo', 'b', 'b')).toEqual({
      items: { ...dragged, 'all::in_progress': ['d', 'b'] },
      toStatus: 'in_progress',
      afterKey: 'd',
      beforeKey: null,
    });
  });

  it('a drop on another card of the same column takes that card’s place', () => {
    const original = board();
    expect(dropOf(original, original, 'all::todo', 'a', 'c')).toMatchObject({
      items: { 'all::todo': ['b', 'c', 'a'] },
      toStatus: 'todo',
      afterKey: 'c',
      beforeKey: null,
    });
  });

  it('is nothing when the card lands between its old neighbours', () => {
    const original = board();
    expect(dropOf(original, original, 'all::todo', 'b', 'b')).toBeNull();
    expect(dropOf(original, original, 'all::todo', 'b', 'all::todo')).toBeNull();
    expect(dropOf(original, original, null, 'nope', 'a')).toBeNull();
  });
});
