/**
 * The top of a view: its heading (focused when the reader opened the view, see
 * live/heading-focus.ts), a one-line summary, and the Refresh button.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { takeHeadingFocus } from '../live/heading-focus.ts';

/** Props of `ViewHeader`. */
export interface ViewHeaderProps {
  title: string;
  /** The heading's id, for the view's `aria-labelledby`. */
  id: string;
  /** A line under the heading (`4 sessions on HOST`); updates are not announced. */
  summary?: ComponentChildren;
  loading?: boolean;
  onRefresh?: () => void;
  /** More controls beside Refresh. */
  children?: ComponentChildren;
}

/** The heading block of a view. */
export function ViewHeader({ title, id, summary, loading = false, onRefresh, children }: ViewHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (takeHeadingFocus()) heading.current?.focus();
  }, []);
  return (
    <div class="view-header">
      <div class="view-title">
        <h1 ref={heading} id={id} tabindex={-1}>
          {title}
        </h1>
        {summary !== undefined && <p class="muted view-summary">{summary}</p>}
      </div>
      <div class="view-tools">
        {children}
        {onRefresh !== undefined && (
          <button type="button" class={loading ? 'busy' : undefined} onClick={onRefresh} aria-busy={loading}>
            Refresh
          </button>
        )}
      </div>
    </div>
  );
}
