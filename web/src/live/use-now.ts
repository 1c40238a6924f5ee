/** The current time, re-read every `intervalMs`, so relative columns (idle time) age on screen. */
import { useEffect, useState } from 'preact/hooks';

/** `Date.now()`, updated every `intervalMs` (default 15 s). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
