// How many cards the board renders at first and per step (a plain module: the board page's
// server component reads it too).

/**
 * Cards a column renders at first: enough to fill a tall screen (a card is ~130 px), so the
 * server renders, the HTML carries and the browser hydrates ~60 cards, not 1,000 (every sortable
 * card also re-renders on each drag step: 1,000 of them made a drag's response take 150–300 ms).
 */
export const CARDS_SHOWN = 12;
/** board.get's input for the page's first render (app/page.tsx) and the board reading it from the cache. */
export const firstCardsInput = { firstPerColumn: CARDS_SHOWN };
/** Cards added each time the end of a column comes near (or its "Show more" is pressed). */
export const CARDS_PER_STEP = 24;
