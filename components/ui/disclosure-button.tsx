import type { ReactNode, Ref } from 'react';

/**
 * The button of a disclosure (the phone's Menu, the Filters drawer): it says
 * whether its panel is open (aria-expanded) and which panel (aria-controls),
 * with a 20 px stroked icon before its label.
 */
export function DisclosureButton({
  open,
  onToggle,
  controls,
  icon,
  className,
  buttonRef,
  children,
}: {
  open: boolean;
  onToggle: () => void;
  /** The id of the panel it shows and hides. */
  controls: string;
  /** The icon's SVG path(s), in a 0 0 20 20 box. */
  icon: ReactNode;
  className: string;
  buttonRef?: Ref<HTMLButtonElement>;
  children: ReactNode;
}) {
  return (
    <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={controls} onClick={onToggle} className={`inline-flex h-9 items-center gap-1.5 rounded-md border font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800 ${className}`}>
      <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        {icon}
      </svg>
      {children}
    </button>
  );
}
