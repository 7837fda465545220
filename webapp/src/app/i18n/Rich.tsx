import { Fragment, type ReactNode } from 'react';
import { t, type MessageKey } from './index';

/**
 * A message whose placeholders hold markup (a bold name, a link): `<Rich k="call.knock" params={{ name: <b>{n}</b> }} />`.
 * The words around them come from the catalog, so a language may put the name anywhere in its sentence.
 */
export function Rich({ k, params }: { k: MessageKey; params: Record<string, ReactNode> }) {
  const marker = '\u0000';
  const text = t(k, Object.fromEntries(Object.keys(params).map((name) => [name, `${marker}${name}${marker}`])));
  const parts = text.split(marker);
  return (
    <>
      {parts.map((part, i) => {
        // Odd parts are placeholder names (split on the marker around each).
        if (i % 2 === 0) return part;
        return <Fragment key={i}>{params[part]}</Fragment>;
      })}
    </>
  );
}
