// A note or comment to add to a record (a monitor alert's comments, an assistance case's trail): a text box with its
// size in bytes against the server's limit, and a button that sends the trimmed text. `send` resolves true when the
// note was taken, and the box is then emptied.
import { useState, type FormEvent } from 'react';

export function NoteForm({
  id,
  label,
  submitLabel,
  sizeText,
  maxBytes,
  busy,
  send,
  inputTestId,
  sendTestId,
}: {
  id: string;
  label: string;
  submitLabel: string;
  sizeText: (bytes: number, max: number) => string;
  maxBytes: number;
  busy: boolean;
  send: (text: string) => Promise<boolean>;
  inputTestId: string;
  sendTestId: string;
}) {
  const [text, setText] = useState('');
  const bytes = new TextEncoder().encode(text).length;
  const tooLong = bytes > maxBytes;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || tooLong) return;
    if (await send(text.trim())) setText('');
  };
  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          value={text}
          rows={3}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={`${id}-size`}
          aria-invalid={tooLong}
          data-testid={inputTestId}
        />
        <small id={`${id}-size`} className={tooLong ? 'overdue-text' : undefined}>
          {sizeText(bytes, maxBytes)}
        </small>
      </div>
      <button type="submit" className="button" disabled={busy || !text.trim() || tooLong} data-testid={sendTestId}>
        {submitLabel}
      </button>
    </form>
  );
}
