import type { ReactNode } from 'react';

/** A full-screen notice with a title, an explanation and usually one action. */
export function MessageScreen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="status-screen">
      <section className="panel message-panel" aria-labelledby="message-title">
        <h1 id="message-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
