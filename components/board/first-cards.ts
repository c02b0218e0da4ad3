// How many cards the board renders at first and per step (a plain module: the board page's
// server component reads it too).

/**
 * Cards of each column the page's server render reads, renders and embeds (board.get
 * firstPerColumn): enough to fill a tall screen (a card is ~130 px), so the HTML carries ~60
 * cards, not 1,000, and the browser hydrates those. The whole board follows at once.
 */
export const CARDS_FIRST = 12;
/** board.get's input for the page's first render (app/page.tsx) and the board reading it from the cache. */
export const firstCardsInput = { firstPerColumn: CARDS_FIRST };
/**
 * Cards a column renders once the whole board is here, and added each time its end comes near
 * (or its "Show more" is pressed): every sortable card re-renders on each drag step (dnd-kit
 * context), so 1,000 of them made a drag's response take 150–300 ms.
 */
export const CARDS_SHOWN = 50;
