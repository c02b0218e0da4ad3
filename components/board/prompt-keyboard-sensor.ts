import { KeyboardSensor, type KeyboardSensorProps } from '@dnd-kit/core';

/** The parts of dnd-kit's KeyboardSensor this one reaches into (private in its types, stable in 6.x). */
interface SensorInternals {
  handleKeyDown: (event: Event) => void;
  detach: () => void;
  listeners: { add(eventName: string, handler: (event: Event) => void): void };
}

/**
 * dnd-kit's KeyboardSensor, listening for the arrow keys from the moment a
 * card is picked up. The original starts listening in a setTimeout after the
 * pick-up (so the key that picked the card up is not read as the drop), and
 * Chromium runs input events before timers: on a board still rendering the
 * pick-up (a few hundred ms with 250 cards), an arrow pressed right after
 * Space was dropped on the floor, and the card did not move (7 of 10 moves in
 * bench:web). This one listens at once and skips the picking-up key itself.
 * The original's timer then adds the same listener again, which the DOM
 * ignores; after a drop that came before that timer, the listener is removed.
 */
export class PromptKeyboardSensor extends KeyboardSensor {
  constructor(props: KeyboardSensorProps) {
    super(props);
    const self = this as unknown as SensorInternals;
    const pickedUpBy = props.event;
    const handle = self.handleKeyDown;
    const detach = self.detach.bind(this);
    let ended = false;
    const onKeyDown = (event: Event) => {
      if (ended || event === pickedUpBy) return;
      handle(event);
    };
    self.handleKeyDown = onKeyDown;
    self.detach = () => {
      ended = true;
      detach();
    };
    self.listeners.add('keydown', onKeyDown);
    // After the original's timer (queued first): a drag that ended before it leaves no listener behind.
    const target = (props.event.target as Node | null)?.ownerDocument ?? document;
    setTimeout(() => {
      if (ended) target.removeEventListener('keydown', onKeyDown);
    });
  }
}
