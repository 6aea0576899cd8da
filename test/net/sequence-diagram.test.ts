import { once } from 'node:events';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { renderSequenceDiagram } from '../../src/net/sequence-diagram.js';
import { createTrace, type TraceEvent, traceSocket } from '../../src/net/trace.js';
import { checkWellFormed } from '../support/well-formed-xml.js';

const sample: TraceEvent[] = [
  { t: 0.1, actor: 'client', kind: 'connect', from: 'client', to: 'server' },
  { t: 0.4, actor: 'client', kind: 'data', from: 'client', to: 'server', bytes: 5, label: '"hola\\n"' },
  { t: 0.9, actor: 'client', kind: 'lost', from: 'client', to: 'server', bytes: 3 },
  { t: 1.2, actor: 'client', kind: 'end', from: 'client', to: 'server' },
  { t: 1.3, actor: 'server', kind: 'error', label: 'ECONNRESET' },
  { t: 1.5, actor: 'client', kind: 'close' },
];

describe('checkWellFormed() (the test helper)', () => {
  it('catches unbalanced tags and raw ampersands', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg><text>a & b</text></svg>')).toThrow();
  });
});

describe('renderSequenceDiagram()', () => {
  it('writes a well-formed SVG with a lifeline per actor and a title element', () => {
    const svg = renderSequenceDiagram(sample, { title: 'TCP' });
    checkWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>TCP</title>');
    expect(svg.match(/stroke-dasharray="6 6"/g)).toHaveLength(2);
  });

  it('draws data with its preview and size, FIN dashed, a cross for a lost datagram, notes for the rest', () => {
    const svg = renderSequenceDiagram(sample);
    expect(svg).toContain('&quot;hola\\n&quot; (5 bytes)');
    expect(svg).toMatch(/stroke-dasharray="10 6"\/>\n<text[^>]*>FIN<\/text>/);
    expect(svg).toContain('3 bytes — lost');
    expect(svg).toMatch(/<path d="M [^"]+" stroke="#a40000" stroke-width="4"\/>/);
    expect(svg).toContain('>error: ECONNRESET</text>');
    expect(svg).toContain('>close</text>');
  });

  it('shows only sizes with labels: "bytes", and Spanish words with lang: "es"', () => {
    const svg = renderSequenceDiagram(sample, { labels: 'bytes', lang: 'es' });
    expect(svg).toContain('>5 bytes</text>');
    expect(svg).not.toContain('hola');
    expect(svg).toContain('3 bytes — perdido');
    expect(svg).toContain('<title>Diagrama de secuencia</title>');
  });

  it('escapes <, & and " in actor names, labels and the title', () => {
    const events: TraceEvent[] = [
      { t: 0, actor: 'a<b', kind: 'data', from: 'a<b', to: 'c&d', bytes: 2, label: '"<&>"' },
      { t: 1, actor: 'c&d', kind: 'note', label: 'say "hi" & <bye>\u0007' },
    ];
    const svg = renderSequenceDiagram(events, { title: '<script>&"' });
    checkWellFormed(svg);
    expect(svg).toContain('&lt;script&gt;&amp;&quot;');
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('c&amp;d');
    expect(svg).toContain('say &quot;hi&quot; &amp; &lt;bye&gt;\uFFFD');
    expect(svg).not.toContain('<script');
  });

  it('gives the same bytes for the same events at other times (ordinal time)', () => {
    const later = sample.map((event, index) => ({ ...event, t: event.t * 7 + index }));
    expect(renderSequenceDiagram(later)).toBe(renderSequenceDiagram(sample));
  });

  it('prints milliseconds in the margin with time: "elapsed"', () => {
    expect(renderSequenceDiagram(sample, { time: 'elapsed' })).toContain('>1.2 ms</text>');
  });

  it('notes the events a full trace dropped', () => {
    const trace = createTrace({ maxEvents: 1 });
    trace.note('a', 'kept');
    trace.note('a', 'dropped');
    const svg = renderSequenceDiagram(trace);
    checkWellFormed(svg);
    expect(svg).toContain('1 more events not shown');
  });

  it('draws a real TCP echo on loopback: connect, data both ways, FIN both ways', async () => {
    const server = net.createServer((socket) => socket.pipe(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const trace = createTrace();
      const socket = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1' });
      traceSocket(socket, trace, { local: 'client', remote: 'server' });
      socket.on('connect', () => socket.write('ping'));
      socket.once('data', () => socket.end());
      socket.resume();
      await once(socket, 'close');
      const svg = renderSequenceDiagram(trace, { title: 'echo' });
      checkWellFormed(svg);
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
      const story = texts.filter((text) => /connect|ping|FIN|close/.test(text ?? ''));
      expect(story).toEqual(['connect', '&quot;ping&quot; (4 bytes)', '&quot;ping&quot; (4 bytes)', 'FIN', 'FIN', 'close']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
