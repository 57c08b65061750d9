// A live WebSocket stream authenticated by the session cookie: /api/v1/events by default, or another URL (the
// channels stream, whose URL carries the cursors to resume from, asked again at every connection). Reconnects with
// back-off; reports its state so screens can show whether they are live. A change of `connectionKey` (the monitor's
// stream for another unit) closes the socket and opens a new one at once.
import { useEffect, useRef, useState } from 'react';
import { eventsUrl } from './api';
import type { LiveEvent } from './types';

export type LiveState = 'connecting' | 'open' | 'closed';

export function useLiveEvents<Event = LiveEvent>(
  onEvent: (event: Event) => void,
  enabled = true,
  url: () => string = eventsUrl,
  connectionKey = '',
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const urlOf = useRef(url);
  urlOf.current = url;

  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let stopped = false;
    let attempts = 0;
    let timer: number | undefined;

    const connect = () => {
      setState('connecting');
      try {
        socket = new WebSocket(urlOf.current());
      } catch {
        schedule();
        return;
      }
      socket.onopen = () => {
        attempts = 0;
        setState('open');
      };
      socket.onmessage = (message) => {
        try {
          handler.current(JSON.parse(String(message.data)) as Event);
        } catch {
          // A frame that is not JSON is ignored.
        }
      };
      socket.onclose = () => {
        socket = null;
        if (!stopped) schedule();
      };
    };
    const schedule = () => {
      setState('closed');
      attempts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempts, 5));
      timer = window.setTimeout(connect, delay);
    };

    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket?.close();
    };
  }, [enabled, connectionKey]);

  return state;
}
