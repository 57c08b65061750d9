// Polling that runs only while the page is visible: every `intervalMs`, once at once when the page becomes visible
// again, never after the component unmounts. A run still in flight is not started twice.
import { useEffect, useRef } from 'react';

export function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

export function useVisiblePolling(run: (signal: AbortSignal) => Promise<unknown>, intervalMs: number, enabled = true): void {
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (!enabled) return;
    let timer: number | undefined;
    let controller: AbortController | null = null;
    let stopped = false;

    const tick = async () => {
      window.clearTimeout(timer);
      timer = undefined;
      if (stopped || !pageVisible() || controller) return;
      controller = new AbortController();
      try {
        await runRef.current(controller.signal);
      } catch {
        // A failed poll is retried at the next tick; the screen keeps what it had.
      } finally {
        controller = null;
      }
      schedule();
    };
    const schedule = () => {
      if (stopped || !pageVisible()) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void tick(), intervalMs);
    };
    const onVisibility = () => {
      if (pageVisible()) void tick();
      else {
        window.clearTimeout(timer);
        timer = undefined;
      }
    };

    schedule();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled]);
}
