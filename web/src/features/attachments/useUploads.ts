// The files a composer holds: each picked or dropped file is uploaded at once (POST /attachments?filename=…, the
// file as the raw body) and stays pending, the uploader's alone, until the owner (a cable draft, a message) is saved
// with its id. Removing a pending upload deletes it on the server (DELETE /attachments/:id); removing one the draft
// already holds only drops it from the list, and the next save takes it off the draft. Uploads left unclaimed when
// the composer goes away are deleted too (the server would purge them after a day).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api } from '../../shared/api';
import type { Attachment } from '../../shared/types';
import { claimedItems, heldCount, MAX_FILES, TooManyFiles, uploadsReducer, type UploadItem } from './model';

export interface Uploads {
  items: UploadItem[];
  /** Uploads these files (beyond the limit of files per owner, each is refused at once). */
  add: (files: Iterable<File>) => void;
  remove: (key: string) => void;
  /** The owner was saved holding exactly these files. */
  claimed: (attachments: Attachment[]) => void;
  /** Forgets every file (a message was sent). */
  clear: () => void;
}

export function useUploads(initial?: Attachment[]): Uploads {
  const [items, dispatch] = useReducer(uploadsReducer, initial, claimedItems);
  const latest = useRef(items);
  latest.current = items;
  const counter = useRef(0);
  const controllers = useRef(new Map<string, AbortController>());
  const removed = useRef(new Set<string>());

  // When the composer goes away (another channel, another page), uploads still running are cancelled and uploads
  // nothing claimed are deleted. One claimed meanwhile is no longer pending: the server answers 404 and keeps it.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      running.forEach((controller) => controller.abort());
      for (const item of latest.current) {
        if (item.state === 'done' && !item.claimed) api.delete(`/attachments/${item.attachment.id}`).catch(() => undefined);
      }
    };
  }, []);

  const add = useCallback((files: Iterable<File>) => {
    let room = MAX_FILES - heldCount(latest.current);
    for (const file of files) {
      counter.current += 1;
      const key = `upload-${counter.current}`;
      dispatch({ type: 'added', key, filename: file.name, size: file.size });
      if (room <= 0) {
        dispatch({ type: 'failed', key, error: new TooManyFiles(MAX_FILES) });
        continue;
      }
      room -= 1;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      api
        .upload<Attachment>('/attachments', file, { query: { filename: file.name }, signal: controller.signal })
        .then((attachment) => {
          // Removed while it travelled: the server keeps nothing the user no longer wants.
          if (removed.current.has(key)) api.delete(`/attachments/${attachment.id}`).catch(() => undefined);
          else dispatch({ type: 'uploaded', key, attachment });
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) dispatch({ type: 'failed', key, error });
        })
        .finally(() => controllers.current.delete(key));
    }
  }, []);

  const remove = useCallback((key: string) => {
    const item = latest.current.find((candidate) => candidate.key === key);
    removed.current.add(key);
    controllers.current.get(key)?.abort();
    if (item?.state === 'done' && !item.claimed) api.delete(`/attachments/${item.attachment.id}`).catch(() => undefined);
    dispatch({ type: 'removed', key });
  }, []);

  const claimed = useCallback((attachments: Attachment[]) => dispatch({ type: 'claimed', attachments }), []);
  const clear = useCallback(() => dispatch({ type: 'cleared' }), []);

  return { items, add, remove, claimed, clear };
}
