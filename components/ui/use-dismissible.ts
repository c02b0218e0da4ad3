'use client';

import { useEffect, type RefObject } from 'react';

/**
 * A disclosure panel's keyboard and pointer behaviour while it is open (the
 * phone's Menu, the header's Admin menu): focus starts on its first link
 * (`firstLink`, a selector inside `containerRef`), Escape closes it and gives
 * focus back to its button, a press outside `containerRef` closes it.
 */
export function useDismissible({
  open,
  setOpen,
  containerRef,
  buttonRef,
  firstLink,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
  containerRef: RefObject<HTMLElement | null>;
  buttonRef: RefObject<HTMLButtonElement | null>;
  firstLink: string;
}) {
  useEffect(() => {
    if (!open) return;
    containerRef.current?.querySelector<HTMLElement>(firstLink)?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open, setOpen, containerRef, buttonRef, firstLink]);
}
