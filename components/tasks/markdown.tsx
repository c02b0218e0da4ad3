import Markdown, { type Components } from 'react-markdown';

// Raw HTML in a description is never rendered (skipHtml), and react-markdown's
// default urlTransform drops javascript: and other unsafe link targets.
const components: Components = {
  a: ({ node: _node, ...props }) => (
    <a {...props} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline dark:text-indigo-300" />
  ),
  p: ({ node: _node, ...props }) => <p {...props} className="my-2 first:mt-0 last:mb-0" />,
  ul: ({ node: _node, ...props }) => <ul {...props} className="my-2 list-disc pl-5" />,
  ol: ({ node: _node, ...props }) => <ol {...props} className="my-2 list-decimal pl-5" />,
  h1: ({ node: _node, ...props }) => <h3 {...props} className="mt-3 mb-1 text-base font-semibold" />,
  h2: ({ node: _node, ...props }) => <h3 {...props} className="mt-3 mb-1 text-base font-semibold" />,
  h3: ({ node: _node, ...props }) => <h4 {...props} className="mt-3 mb-1 text-sm font-semibold" />,
  code: ({ node: _node, ...props }) => <code {...props} className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800" />,
  pre: ({ node: _node, ...props }) => <pre {...props} className="my-2 overflow-x-auto rounded bg-slate-100 p-2 dark:bg-slate-800" />,
  blockquote: ({ node: _node, ...props }) => (
    <blockquote {...props} className="my-2 border-l-4 border-slate-300 pl-3 text-slate-700 dark:border-slate-600 dark:text-slate-300" />
  ),
};

/** A task description: Markdown, rendered safely (no raw HTML, safe links opening in a new tab). */
export function MarkdownText({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="break-words text-sm leading-relaxed" data-testid={testId}>
      <Markdown skipHtml components={components}>
        {text}
      </Markdown>
    </div>
  );
}
