// The body of a cable, Markdown rendered to React elements by react-markdown: raw HTML in the text is dropped
// (never injected), URLs go through its safe-URL filter (no javascript:), images are shown as their alt text
// (no request leaves the page for a cable's content), and external links open in a new tab without an opener.
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => {
    // An unsafe URL (javascript:, data:…) comes back empty from the filter: the text stays, the link goes.
    if (!href) return <span>{children}</span>;
    const external = Boolean(href && /^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('mailto:'));
    return (
      <a href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
        {children}
      </a>
    );
  },
  img: ({ alt }) => <span className="md-image-alt">[{alt || '—'}]</span>,
};

export function CableBody({ text }: { text: string }) {
  return (
    <div className="markdown" data-testid="cable-body-rendered">
      <Markdown skipHtml urlTransform={defaultUrlTransform} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
