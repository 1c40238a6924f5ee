/**
 * Where focus goes when a view opens. After the reader signs in or picks a view from the
 * navigation, focus moves to the new view's heading (so keyboard and screen-reader users land on
 * what they asked for); on a plain page load it stays where the browser put it, at the top,
 * with the skip link first.
 */

let requested = false;

/** Asks the next view that opens to take focus on its heading. */
export function requestHeadingFocus(): void {
  requested = true;
}

/** Whether a heading should take focus now; answers true once per request. */
export function takeHeadingFocus(): boolean {
  const r = requested;
  requested = false;
  return r;
}
